// traces.import: read what the user dropped or pasted, keep it as a run of kind 'import' (the same
// as `sipkit analyze FILE` keeps one), and analyse it. Damaged input keeps what was read before the
// damage as a run, and the reply is a one-line refusal that names that run.
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { storeImport } from '../../analysis/store-import';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import { importLabel, readImport } from './import-reader';
import { namedProfile } from './trace-profiles';

export function importTrace(
  ctx: ServiceContext,
  request: ParsedRequestOf<'traces.import'>,
  countFindings: (runId: number) => number,
): ResponseOf<'traces.import'> {
  const profile = namedProfile(request.profile);
  const read = readImport(request);
  const count = read.messages.length;
  const runId = storeImport(ctx.store, request.name, read.format, read.messages, profile);
  const summary = `imported ${count} message(s) from ${read.format}`;
  try {
    ctx.store.finishRun(runId, {
      ok: read.damage === undefined,
      summary: read.damage === undefined ? summary : `${summary}; ${read.damage}`,
    });
  } finally {
    ctx.hub.publish({ channel: 'store.changed', payload: { runId } });
  }
  if (read.damage !== undefined) {
    throw refused(
      `${importLabel(request)}: ${read.damage}; the ${count} SIP message(s) read before it were kept as run ${runId}`,
    );
  }
  return { runId, messageCount: count, findingCount: countFindings(runId) };
}
