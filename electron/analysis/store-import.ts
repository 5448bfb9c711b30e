// Keeps an imported trace as a run in the store, like a live one, so `sipkit traces show` and the
// UI see customer captures and our own tests the same way.
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
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
  const first = messages.find((m) => m.tsMicros !== undefined)?.tsMicros;
  const runId = store.createRun(
    { kind: 'import', target: file, profile: profile.name, params: { format } },
    first,
  );
  let fallbackTs = first ?? Date.now() * 1000;
  for (const m of messages) {
    const raw = Buffer.from(m.text, 'latin1');
    const tsMicros = m.tsMicros ?? fallbackTs;
    fallbackTs = tsMicros;
    // An imported message has no "our side": it is kept as received by its destination.
    store.append(
      runId,
      summarize(
        raw,
        {
          tsMicros,
          direction: 'in',
          transport: m.transport === 'tcp' ? 'tcp' : 'udp',
          local: m.dst ?? UNKNOWN,
          remote: m.src ?? UNKNOWN,
        },
        parseWire(raw),
      ),
    );
  }
  return runId;
}
