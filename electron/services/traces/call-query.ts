// The call list's query: the noise filter, the search box and the page, over a run's calls.
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { CallSummary } from '../../../shared/ipc/schemas/traces';
import { KEEP_ALIVE_METHOD } from '../../analysis/call-summaries';

/** Keep-alives and registrations: a trunk's steady background, hidden by the one-toggle filter. */
const NOISE_METHODS: ReadonlySet<string> = new Set(['OPTIONS', 'REGISTER', KEEP_ALIVE_METHOD]);

type CallsQuery = Pick<ParsedRequestOf<'traces.calls'>, 'hideNoise' | 'search' | 'offset' | 'limit'>;

export function queryCalls(calls: readonly CallSummary[], q: CallsQuery): ResponseOf<'traces.calls'> {
  const needle = q.search.trim().toLowerCase();
  const matching = calls.filter(
    (c) =>
      !(q.hideNoise && NOISE_METHODS.has(c.method.toUpperCase())) && (needle === '' || matches(c, needle)),
  );
  return { total: matching.length, calls: matching.slice(q.offset, q.offset + q.limit) };
}

function matches(c: CallSummary, needle: string): boolean {
  return [c.callId, c.from, c.to, c.method, c.status === undefined ? '' : String(c.status)].some((field) =>
    field.toLowerCase().includes(needle),
  );
}
