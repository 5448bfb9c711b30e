// Types for bin/cli-bundle.mjs (plain JavaScript: it runs before any TypeScript loader), for the tests.
export function freshBundle(root: string, outDir?: string): string | undefined;
