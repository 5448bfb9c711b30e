// Target ids: readable in a file or a log ("acme-pbx-via-skyetel-k3x9q2"), derived from the name the
// technician typed, with a random suffix so two targets named alike never share an id (and so an id
// freed by a delete is not silently reused by the next target of the same name).
import { randomBytes } from 'node:crypto';

/** targetIdSchema allows 40 characters; the suffix takes 7 ("-" and six). */
const MAX_SLUG = 33;
const SUFFIX_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    // Combining marks left by NFKD: "é" becomes "e".
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
  return slug || 'target';
}

export function randomSuffix(length = 6): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += SUFFIX_CHARS[b % SUFFIX_CHARS.length];
  return out;
}

/** A new id for a target called `name`, different from every id in `taken`. */
export function newTargetId(name: string, taken: ReadonlySet<string>, suffix = randomSuffix): string {
  const slug = slugOf(name);
  for (;;) {
    const id = `${slug}-${suffix()}`;
    if (!taken.has(id)) return id;
  }
}
