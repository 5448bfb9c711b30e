// The one SIP endpoint of an acceptance run, its every message captured into the run: the
// registrations, OPTIONS pings and both test calls share it, so a DID call comes back to the same
// Contact the registrations gave, and everything exports as one trace.
import { SipEndpoint } from '../../engine/core/sip-endpoint';
import { CaptureQueue, type NotStoredCounts } from '../../engine/transport/capture-queue';
import type { TraceStore } from '../../store/trace-store';

export interface AcceptanceEndpoint {
  readonly endpoint: SipEndpoint;
  readonly written: () => number;
  readonly notStored: () => NotStoredCounts;
  /** Closes the socket and writes what is queued; the run itself is finished by the caller. */
  close(): Promise<void>;
}

export async function openAcceptanceEndpoint(
  store: TraceStore,
  runId: number,
  local: { readonly address?: string; readonly port?: number },
  onError: (message: string) => void,
): Promise<AcceptanceEndpoint> {
  let storeFailed = false;
  // Bounded: a flood at our port is counted as not stored rather than queued without limit.
  const capture = new CaptureQueue({
    write: (m) => store.append(runId, m),
    onError: (err) => {
      if (!storeFailed) onError(`could not store a captured message: ${err.message}`);
      storeFailed = true;
    },
  });
  const endpoint = await SipEndpoint.open({
    bindAddress: local.address,
    port: local.port || undefined,
    capture,
    onError: (err) => onError(err.message),
  });
  let closed: Promise<void> | undefined;
  return {
    endpoint,
    written: () => capture.written,
    notStored: () => capture.notStored,
    close: () =>
      (closed ??= (async () => {
        try {
          await endpoint.close();
        } finally {
          capture.close();
        }
      })()),
  };
}
