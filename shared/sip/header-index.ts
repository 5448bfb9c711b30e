// `values(name)` and `first(name)` of a SipDocument: headers grouped by canonical name once, list
// headers split at commas on demand (RFC 3261 §7.3.1) and remembered, since the rules ask the
// same message for the same header many times.
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

export function indexHeaders(headers: readonly HeaderLine[]): HeaderIndex {
  const byName = new Map<string, HeaderLine[]>();
  for (const h of headers) {
    const list = byName.get(h.name);
    if (list === undefined) byName.set(h.name, [h]);
    else list.push(h);
  }
  const split = new Map<string, readonly string[]>();
  return {
    lines: (name) => byName.get(canonicalHeaderName(name)) ?? NONE,
    first: (name) => byName.get(canonicalHeaderName(name))?.[0]?.value,
    values(name) {
      const key = canonicalHeaderName(name);
      const cached = split.get(key);
      if (cached !== undefined) return cached;
      const rows = byName.get(key) ?? NONE;
      const out = Object.freeze(
        LIST_HEADERS.has(key) ? rows.flatMap((h) => splitList(h.value)) : rows.map((h) => h.value),
      );
      split.set(key, out);
      return out;
    },
  };
}
