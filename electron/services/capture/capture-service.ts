// The Capture screen's channels: the interface list, one interface capture and one HEP listener at
// a time, each stored as a 'capture' run (the use cases the CLI runs too). The run's calls, ladder
// and findings reach the screen like any other run's (store.changed, traces.*); the counters are
// polled through capture.status.
import type { ParsedRequestOf, RequestHandlers, ResponseOf } from '../../../shared/ipc/contract';
import type { CaptureStatusView } from '../../../shared/ipc/schemas/capture';
import { DEFAULT_CAPTURE_FILTER, DumpcapError, listInterfaces } from '../../usecases/capture/dumpcap';
import {
  HepListenError,
  parseListenAddress,
  startHepListener,
  type HepListener,
} from '../../usecases/capture/hep-listener';
import { startLiveCapture, type LiveCapture } from '../../usecases/capture/live-capture';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import { namedProfile } from '../traces/trace-profiles';

export type CaptureHandlers = Pick<
  RequestHandlers,
  'capture.interfaces' | 'capture.start' | 'capture.stop' | 'capture.status' | 'hep.listen' | 'hep.stop'
>;

export interface CaptureService {
  readonly handlers: CaptureHandlers;
  /** Stops both and saves their runs. */
  close(): Promise<void>;
}

interface Running<H> {
  readonly handle: H;
  readonly source: string;
  state: CaptureStatusView['state'];
  summary?: string;
  dropped: number;
  readonly done: Promise<void>;
}

/** How often a running capture's run is re-announced while it is settling (see nudge below). */
const NUDGE_MS = 2000;
/** How long after its last new message a run keeps being re-announced. */
const SETTLE_MS = 20_000;

export function createCaptureService(ctx: ServiceContext): CaptureService {
  let capture: Running<LiveCapture> | undefined;
  let hep: Running<HepListener> | undefined;
  // The store watcher tells the screens when a run gets messages, but the analysis of a run still
  // capturing is paced (analysis-cache.ts): the answer to the last change may be a few seconds
  // old, and a capture that then goes quiet sends no further change to catch up on. So while a
  // capture is settling its run is announced again every NUDGE_MS, and the screens re-read it.
  const lastSeen = new Map<number, { count: number; changedAt: number }>();
  const nudge = setInterval(() => {
    const now = Date.now();
    for (const r of [capture, hep]) {
      if (!r || (r.state !== 'running' && r.state !== 'stopping')) continue;
      const { runId, messages } = r.handle.status();
      const seen = lastSeen.get(runId);
      if (!seen || seen.count !== messages) lastSeen.set(runId, { count: messages, changedAt: now });
      else if (now - seen.changedAt < SETTLE_MS)
        ctx.hub.publish({ channel: 'store.changed', payload: { runId } });
    }
  }, NUDGE_MS);
  nudge.unref();
  const onStoreError = (message: string): void => ctx.log(`capture: could not store a message: ${message}`);

  const interfaces = async (): Promise<ResponseOf<'capture.interfaces'>> => {
    try {
      const list = await listInterfaces();
      return {
        interfaces: list.map((i) => ({ ...i, addresses: [...i.addresses] })),
        defaultFilter: DEFAULT_CAPTURE_FILTER,
      };
    } catch (error) {
      if (!(error instanceof DumpcapError)) throw error;
      return { interfaces: [], defaultFilter: DEFAULT_CAPTURE_FILTER, problem: error.message };
    }
  };

  const start = async (request: ParsedRequestOf<'capture.start'>): Promise<{ runId: number }> => {
    if (capture?.state === 'running' || capture?.state === 'stopping')
      throw refused('a capture is already running: stop it first');
    const profile = namedProfile(request.profile);
    let handle: LiveCapture;
    try {
      handle = await startLiveCapture({
        store: ctx.store,
        source: { kind: 'interface', iface: request.iface, filter: request.filter },
        profile: profile.name,
        ...(request.ring !== undefined ? { ring: request.ring } : {}),
        onStoreError,
      });
    } catch (error) {
      if (error instanceof DumpcapError) throw refused(error.message);
      throw error;
    }
    const running: Running<LiveCapture> = {
      handle,
      source: `${request.iface}${request.filter.trim() ? ` (${request.filter.trim()})` : ''}`,
      state: 'running',
      dropped: 0,
      done: handle.done.then((result) => {
        running.state = result.ok ? 'stopped' : 'failed';
        running.summary = result.summary;
        running.dropped = result.dropped;
      }),
    };
    capture = running;
    return { runId: handle.runId };
  };

  const listen = async (
    request: ParsedRequestOf<'hep.listen'>,
  ): Promise<{ runId: number; address: string; port: number }> => {
    if (hep?.state === 'running' || hep?.state === 'stopping')
      throw refused('the HEP listener is already running: stop it first');
    const profile = namedProfile(request.profile);
    let handle: HepListener;
    try {
      handle = await startHepListener({
        store: ctx.store,
        listen: parseListenAddress(request.listen),
        profile: profile.name,
        ...(request.ring !== undefined ? { ring: request.ring } : {}),
        onStoreError,
      });
    } catch (error) {
      if (error instanceof HepListenError) throw refused(error.message);
      throw error;
    }
    const at = handle.status().listening;
    const running: Running<HepListener> = {
      handle,
      source: `HEP ${at.address}:${at.port}`,
      state: 'running',
      dropped: 0,
      done: handle.done.then((result) => {
        running.state = 'stopped';
        running.summary = result.summary;
      }),
    };
    hep = running;
    return { runId: handle.runId, ...at };
  };

  // The two sources share one status shape: what differs is where the RTP figures and the
  // dropped count come from (the live capture counts its own drops; the listener, what it ignored).
  const statusView = (
    r: Running<LiveCapture | HepListener>,
    extra: Pick<CaptureStatusView, 'dropped' | 'rtpStreams' | 'rtpPackets'>,
  ): CaptureStatusView => {
    const s = r.handle.status();
    return {
      runId: s.runId,
      state: r.state,
      source: r.source,
      packets: s.packets,
      messages: s.messages,
      ...extra,
      ...(r.summary !== undefined ? { summary: r.summary } : {}),
    };
  };
  const captureView = (r: Running<LiveCapture>): CaptureStatusView => {
    const { rtp } = r.handle.status();
    return statusView(r, { dropped: r.dropped, rtpStreams: rtp.streams, rtpPackets: rtp.packets });
  };
  const hepView = (r: Running<HepListener>): CaptureStatusView =>
    statusView(r, { dropped: Object.values(r.handle.status().ignored).reduce((n, c) => n + c, 0) });

  const stopRunning = async (r: Running<LiveCapture | HepListener> | undefined): Promise<void> => {
    if (!r) return;
    if (r.state === 'running') r.state = 'stopping';
    r.handle.stop();
    await r.done;
  };
  const stopCapture = (): Promise<void> => stopRunning(capture);
  const stopHep = (): Promise<void> => stopRunning(hep);

  return {
    handlers: {
      'capture.interfaces': interfaces,
      'capture.start': start,
      'capture.stop': async () => {
        await stopCapture();
        return {};
      },
      'capture.status': () => ({
        capture: capture ? captureView(capture) : null,
        hep: hep ? hepView(hep) : null,
      }),
      'hep.listen': listen,
      'hep.stop': async () => {
        await stopHep();
        return {};
      },
    },
    async close() {
      clearInterval(nudge);
      await Promise.allSettled([stopCapture(), stopHep()]);
    },
  };
}
