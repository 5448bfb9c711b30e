// A trace service over a real trace store in a temporary folder, filled with realistic SIP flows
// (the diagnostics tests' trace builder) the way the engine captures them: raw bytes, direction
// from our side (the PBX), and the store's summary from the strict parser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWire } from '../../../../electron/engine/sip/parse-message';
import { summarize } from '../../../../electron/engine/transport/summarize';
import { createEventHub } from '../../../../electron/services/event-hub';
import { createMemoryVault } from '../../../../electron/services/secret-vault';
import type { ServiceContext } from '../../../../electron/services/service-context';
import { ServiceError } from '../../../../electron/services/service-error';
import { createTraceThread } from '../../../../electron/services/traces/trace-off-thread';
import { createTraceHandlers, type TraceHandlers } from '../../../../electron/services/traces/trace-service';
import { openTraceStore } from '../../../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../../../electron/store/trace-store';
import type { RequestChannel } from '../../../../shared/ipc/channel-names';
import {
  requestContract,
  type IpcEvent,
  type RequestOf,
  type ResponseOf,
} from '../../../../shared/ipc/contract';
import type { CapturedMessage, RunKind } from '../../../../shared/trace-types';
import { PBX, T0, type Spec } from '../../shared/diagnostics/trace-builder';

export type TraceChannel = keyof TraceHandlers & RequestChannel;

export interface TraceBench {
  readonly store: TraceStore;
  readonly handlers: TraceHandlers;
  readonly events: IpcEvent[];
  /** How many times the run's messages were read whole (one per analysis). */
  readonly fullReads: () => number;
  /** Validates the request as the dispatcher does (defaults filled) and the reply against the contract. */
  call<C extends TraceChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  close(): void;
}

export function openBench(): TraceBench {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-traces-'));
  const store = openTraceStore({ file: path.join(dir, 'sipkit.db') });
  let reads = 0;
  // Counts the first page of each whole-run read: what an analysis costs.
  const counted: TraceStore = Object.create(store) as TraceStore;
  Object.assign(counted, {
    messagesByRun: (runId: number, page?: { offset?: number; limit?: number }) => {
      if ((page?.offset ?? 0) === 0) reads++;
      return store.messagesByRun(runId, page);
    },
  });
  const events: IpcEvent[] = [];
  const hub = createEventHub((error) => {
    throw error;
  });
  hub.subscribe((event) => events.push(event));
  const ctx: ServiceContext = {
    store: counted,
    dataDir: dir,
    vault: createMemoryVault(),
    hub,
    log: () => undefined,
  };
  // A clock that stands still: every analysis "costs" nothing, so a live run's change is seen at
  // once and the tests do not depend on the machine's speed (analysis-cache.test.ts covers the pacing).
  // Jobs run in this thread: these tests are about what the handlers answer; the worker thread
  // itself is exercised through the web mode (test/integration/web-import-stall.test.ts).
  const handlers = createTraceHandlers(ctx, { now: () => 0, thread: createTraceThread({ inThread: true }) });
  return {
    store,
    handlers,
    events,
    fullReads: () => reads,
    async call(channel, request) {
      const parsed = requestContract[channel].request.parse(request);
      const handler = handlers[channel] as (r: unknown) => unknown;
      const reply = await handler(parsed);
      return requestContract[channel].response.parse(reply) as ResponseOf<typeof channel>;
    },
    close() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function endpoint(text: string): { address: string; port: number } {
  const i = text.lastIndexOf(':');
  return { address: text.slice(0, i), port: Number(text.slice(i + 1)) };
}

/** One captured message from a spec: we are `local` (the PBX by default). */
export function captured(spec: Spec, local = PBX): CapturedMessage {
  const raw = Buffer.from(spec.text, 'latin1');
  const out = spec.from === local || spec.from === undefined;
  const far = (out ? spec.to : spec.from) ?? '198.51.100.99:5060';
  return summarize(
    raw,
    {
      tsMicros: Math.round((T0 + (spec.at ?? 0)) * 1_000_000),
      direction: out ? 'out' : 'in',
      transport: spec.transport === 'tcp' ? 'tcp' : 'udp',
      local: endpoint(local),
      remote: endpoint(far),
    },
    parseWire(raw),
  );
}

export interface RunOptions {
  readonly profile?: string;
  readonly kind?: RunKind;
  /** Leave the run open, as a live run still capturing. */
  readonly open?: boolean;
}

/** Stores the specs as one finished run and returns its id. */
export function storeRun(store: TraceStore, specs: readonly Spec[], opts: RunOptions = {}): number {
  const runId = store.createRun(
    { kind: opts.kind ?? 'call', target: 'sip.example.net', profile: opts.profile ?? 'generic' },
    Math.round(T0 * 1_000_000),
  );
  for (const spec of specs) store.append(runId, captured(spec));
  if (!opts.open)
    store.finishRun(runId, { ok: true, summary: 'done', endedAtMicros: (T0 + 10_000) * 1_000_000 });
  else store.flush();
  return runId;
}

/** The message of a refusal (ServiceError 'refused'); fails the test when there was none. */
export async function refusalOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== 'refused') throw error;
    return error.message;
  }
  throw new Error('expected a refusal');
}

export const FIXTURES = fileURLToPath(new URL('../../../fixtures', import.meta.url));
