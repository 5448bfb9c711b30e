// The one place that turns a URL path into a file of the built renderer, shared by the web mode's
// HTTP server and the desktop app's app:// protocol. Nothing outside the folder is ever read:
// "..", encoded or not, backslashes, NUL, hidden files and symbolic links that lead out are all
// refused before or after resolving.
import fs from 'node:fs/promises';
import path from 'node:path';
import { contentTypeOf } from './content-types';

export const SITE_INDEX = 'index.html';

export type SiteFile =
  | { readonly status: 200; readonly file: string; readonly contentType: string; readonly body: Buffer }
  /** 403: the path tries to leave the folder or is malformed; 404: no such file inside it. */
  | { readonly status: 403 | 404 };

/**
 * The request path as a relative file path, or undefined when it tries to leave the folder
 * ("..", encoded or not), names a hidden file, or is malformed. "/" gives "".
 */
export function safeRelativePath(rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  return segments.join('/');
}

/** The file a URL path (without query) names inside root; "/" is index.html. */
export async function readSiteFile(root: string, rawPath: string): Promise<SiteFile> {
  const relative = safeRelativePath(rawPath);
  if (relative === undefined) return { status: 403 };
  const file = relative === '' ? SITE_INDEX : relative;
  const body = await readInside(root, file);
  if (body === undefined) return { status: 404 };
  return { status: 200, file, contentType: contentTypeOf(file), body };
}

/** The file's bytes, or undefined when it is missing, not a file, or (through a link) outside root. */
async function readInside(root: string, relative: string): Promise<Buffer | undefined> {
  try {
    const realRoot = await fs.realpath(root);
    const real = await fs.realpath(path.join(realRoot, relative));
    if (!real.startsWith(realRoot + path.sep)) return undefined;
    if (!(await fs.stat(real)).isFile()) return undefined;
    return await fs.readFile(real);
  } catch {
    return undefined;
  }
}
