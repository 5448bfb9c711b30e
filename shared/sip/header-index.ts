// `values(name)` and `first(name)` of a SipDocument. A message has a dozen or two header rows, so a
// look-up is a scan of them (names are canonical, mostly the very same strings: cheap compares)
// rather than a map per message: a trace holds every message's document at once, and 100,000
// maps of header names were a third of a big log's documents. A message of more rows than
// LINEAR_ROWS (hostile input, issue 14) gets its map, so no look-up costs more than one row's.
// List headers are split at commas on demand (RFC 3261 §7.3.1) and remembered, since the rules ask
// the same message for the same header many times.
import type { HeaderLine } from './sip-document';
import { canonicalHeaderName, LIST_HEADERS } from './header-names';
import { splitList } from './split-outside';

export interface HeaderIndex {
  /** Every value: list headers split into elements, others one entry per row. */
  values(name: string): readonly string[];
  /** The first row's value as written (unfolded, not split): "the first raw value". */
  first(name: string): string | undefined;
  lines(name: string): readonly HeaderLine[];
}

const NONE: readonly never[] = Object.freeze([]);
const LINEAR_ROWS = 64;

export function indexHeaders(headers: readonly HeaderLine[]): HeaderIndex {
  const byName = headers.length > LINEAR_ROWS ? groupByName(headers) : undefined;
  // Made at the first values() call: most documents are only ever asked first().
  let split: Map<string, readonly string[]> | undefined;
  return {
    lines: (name) => rowsNamed(headers, byName, canonicalHeaderName(name)),
    first(name) {
      const key = canonicalHeaderName(name);
      if (byName !== undefined) return byName.get(key)?.[0]?.value;
      for (const h of headers) if (h.name === key) return h.value;
      return undefined;
    },
    values(name) {
      const key = canonicalHeaderName(name);
      const cached = split?.get(key);
      if (cached !== undefined) return cached;
      const found = rowsNamed(headers, byName, key);
      const out = Object.freeze(
        LIST_HEADERS.has(key) ? found.flatMap((h) => splitList(h.value)) : found.map((h) => h.value),
      );
      (split ??= new Map()).set(key, out);
      return out;
    },
  };
}

function rowsNamed(
  headers: readonly HeaderLine[],
  byName: ReadonlyMap<string, readonly HeaderLine[]> | undefined,
  key: string,
): readonly HeaderLine[] {
  if (byName !== undefined) return byName.get(key) ?? NONE;
  const out = headers.filter((h) => h.name === key);
  return out.length === 0 ? NONE : out;
}

function groupByName(headers: readonly HeaderLine[]): Map<string, HeaderLine[]> {
  const byName = new Map<string, HeaderLine[]>();
  for (const h of headers) {
    const list = byName.get(h.name);
    if (list === undefined) byName.set(h.name, [h]);
    else list.push(h);
  }
  return byName;
}
