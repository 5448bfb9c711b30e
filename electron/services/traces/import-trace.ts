// traces.import: read what the user dropped or pasted, keep it as a run of kind 'import' (the same
// as `sipkit analyze FILE` keeps one), and analyse it. Damaged input keeps what was read before the
// damage as a run, and the reply is a one-line refusal that names that run.
import type { ParsedRequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { classifyKeepAlive } from '../../../shared/sip/keep-alive';
import { storeCaptures } from '../../analysis/store-import';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import { importLabel } from './import-reader';
import type { TraceThread } from './trace-off-thread';
import { namedProfile } from './trace-profiles';

export async function importTrace(
  ctx: ServiceContext,
  request: ParsedRequestOf<'traces.import'>,
  thread: TraceThread,
  countFindings: (runId: number) => Promise<number>,
): Promise<ResponseOf<'traces.import'>> {
  const profile = namedProfile(request.profile);
  // Reading and parsing happen on the trace thread; only the store writes happen here.
  const read = await thread.readImport(request);
  // Keep-alives are stored (the ladder draws them) but are not SIP messages.
  const keepAlives = read.captures.filter((c) => classifyKeepAlive(c.raw) !== undefined).length;
  const count = read.captures.length - keepAlives;
  // The bytes cross the thread as plain Uint8Arrays; the store binds Buffers.
  const captures = read.captures.map((c) => ({
    ...c,
    raw: Buffer.from(c.raw.buffer, c.raw.byteOffset, c.raw.byteLength),
  }));
  const runId = storeCaptures(
    ctx.store,
    request.name,
    read.format,
    captures,
    profile,
    read.rtpStreams,
    read.facts,
  );
  const summary = `imported ${count} message(s)${keepAlives > 0 ? ` and ${keepAlives} keep-alive(s)` : ''} from ${read.format}`;
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
  return { runId, messageCount: count, findingCount: await countFindings(runId) };
}
