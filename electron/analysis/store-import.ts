// Keeps an imported trace as a run in the store, like a live one, so `sipkit traces show` and the
// UI see customer captures and our own tests the same way.
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { CapturedMessage } from '../../shared/trace-types';
import { parseWire } from '../engine/sip/parse-message';
import { summarize } from '../engine/transport/summarize';
import type { TraceStore } from '../store/trace-store';
import type { ImportedMessage } from '../import/imported-message';

const UNKNOWN = { address: '0.0.0.0', port: 0 };

export function storeImport(
  store: TraceStore,
  file: string,
  format: string,
  messages: readonly ImportedMessage[],
  profile: ProviderProfile,
): number {
  return storeCaptures(store, file, format, capturesOf(messages), profile);
}

/**
 * The imported messages as the store keeps them, each parsed by the engine's parser: the slow half
 * of an import, with no store in it, so the app can run it on a worker thread.
 */
export function capturesOf(messages: readonly ImportedMessage[]): CapturedMessage[] {
  const first = messages.find((m) => m.tsMicros !== undefined)?.tsMicros;
  let fallbackTs = first ?? Date.now() * 1000;
  return messages.map((m) => {
    const raw = Buffer.from(m.text, 'latin1');
    const tsMicros = m.tsMicros ?? fallbackTs;
    fallbackTs = tsMicros;
    // An imported message has no "our side": it is kept as received by its destination.
    return summarize(
      raw,
      {
        tsMicros,
        direction: 'in',
        transport: m.transport === 'tcp' ? 'tcp' : 'udp',
        local: m.dst ?? UNKNOWN,
        remote: m.src ?? UNKNOWN,
      },
      parseWire(raw),
    );
  });
}

/** Keeps captured messages as a run of kind 'import'; the run starts at the first message's time. */
export function storeCaptures(
  store: TraceStore,
  file: string,
  format: string,
  captures: readonly CapturedMessage[],
  profile: ProviderProfile,
): number {
  const runId = store.createRun(
    { kind: 'import', target: file, profile: profile.name, params: { format } },
    captures[0]?.tsMicros,
  );
  for (const c of captures) store.append(runId, c);
  return runId;
}
