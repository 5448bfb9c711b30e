// Keeps an imported trace as a run in the store, like a live one, so `sipkit traces show` and the
// UI see customer captures and our own tests the same way.
import type { RtpStreamRecord } from '../../shared/media/rtp-stream';
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { CapturedMessage } from '../../shared/trace-types';
import { parseWire } from '../engine/sip/parse-message';
import { summarize } from '../engine/transport/summarize';
import type { TraceStore } from '../store/trace-store';
import type { ImportedMessage } from '../import/imported-message';
import type { ImportFacts } from './import-facts';

const UNKNOWN = { address: '0.0.0.0', port: 0 };

export function storeImport(
  store: TraceStore,
  file: string,
  format: string,
  messages: readonly ImportedMessage[],
  profile: ProviderProfile,
  rtpStreams?: readonly RtpStreamRecord[],
  facts?: ImportFacts,
): number {
  // One message at a time: parsed, appended, let go. A 100,000-message log never holds every
  // capture at once beside its trace (the store batches the writes itself).
  return storeCaptures(store, file, format, eachCapture(messages), profile, rtpStreams, facts);
}

/**
 * The imported messages as the store keeps them, each parsed by the engine's parser: the slow half
 * of an import, with no store in it, so the app can run it on a worker thread.
 */
export function capturesOf(messages: readonly ImportedMessage[]): CapturedMessage[] {
  return [...eachCapture(messages)];
}

function* eachCapture(messages: readonly ImportedMessage[]): Generator<CapturedMessage> {
  let fallbackTs: number | undefined;
  for (const m of messages) {
    fallbackTs ??= messages.find((x) => x.tsMicros !== undefined)?.tsMicros ?? Date.now() * 1000;
    const raw = Buffer.from(m.text, 'latin1');
    const tsMicros = m.tsMicros ?? fallbackTs;
    fallbackTs = tsMicros;
    // A capture has no "our side": its messages are kept as received by their destination. A
    // host's own log has one: what it sent is kept as sent, so its address is always `local`.
    const out = m.way === 'out';
    yield summarize(
      raw,
      {
        tsMicros,
        direction: out ? 'out' : 'in',
        transport: m.transport === 'tcp' ? 'tcp' : 'udp',
        local: (out ? m.src : m.dst) ?? UNKNOWN,
        remote: (out ? m.dst : m.src) ?? UNKNOWN,
      },
      parseWire(raw),
    );
  }
}

/** Keeps captured messages as a run of kind 'import'; the run starts at the first message's time. */
export function storeCaptures(
  store: TraceStore,
  file: string,
  format: string,
  captures: Iterable<CapturedMessage>,
  profile: ProviderProfile,
  rtpStreams?: readonly RtpStreamRecord[],
  facts?: ImportFacts,
): number {
  // `rtpStreams` in the params says the source could hold RTP (a capture, not a text log), so a
  // run with 0 streams reads as "no audio captured" rather than "not known" (run-rtp.ts).
  const params = {
    ...(rtpStreams ? { format, rtpStreams: rtpStreams.length } : { format }),
    // The PBX's address and unknown times, for analyses of the stored run (import-facts.ts).
    ...facts,
  };
  let runId: number | undefined;
  for (const c of captures) {
    // The run starts at its first message's time, known once that message is.
    runId ??= store.createRun({ kind: 'import', target: file, profile: profile.name, params }, c.tsMicros);
    store.append(runId, c);
  }
  runId ??= store.createRun({ kind: 'import', target: file, profile: profile.name, params });
  if (rtpStreams) store.saveRtpStreams(runId, rtpStreams);
  return runId;
}
