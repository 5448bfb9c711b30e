// The text-trace fixtures (test/fixtures/text/), read as the importer gets files: latin1.
import { readFileSync } from 'node:fs';

export function fixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/text/${name}`, import.meta.url), 'latin1');
}

/** The fixture's lines, without their ends, 0-based. */
export function fixtureLines(name: string): string[] {
  return fixture(name).split(/\r?\n/);
}
