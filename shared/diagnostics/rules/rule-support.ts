// Small shared pieces of rule code: time stamps relative to the trace, counting words, grouping.
import { formatAt } from '../time-format';
import type { RuleContext } from '../rule-types';

export function at(ctx: RuleContext, micros: number | undefined): string {
  return formatAt(micros, ctx.index.startMicros);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Groups items by a key, keeping first-seen order of the keys. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** " (3 calls)" or "" for one. */
export function countNote(n: number, one: string, many = `${one}s`): string {
  return n > 1 ? ` (${plural(n, one, many)})` : '';
}
