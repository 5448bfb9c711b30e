// A live capture, from an interface (through dumpcap) or from a pcap/pcapng stream (stdin: `ssh
// pbx tcpdump -U -w - | sipkit capture --stdin`), read as it arrives and stored as a 'capture'
// run: what `sipkit capture` and the app's Capture screen both run. Memory stays bounded: the
// stream is read packet by packet (pcap-stream.ts) and the store holds at most the ring's messages.
import type { Readable } from 'node:stream';
import { PcapStreamReader } from '../../import/pcap/pcap-stream';
import type { TraceStore } from '../../store/trace-store';
import { CaptureRun, type CaptureCounts } from './capture-run';
import {
  DumpcapError,
  dumpcapProblem,
  isUsageProblem,
  parseDumpcapCounts,
  spawnDumpcap,
  type DumpcapChild,
  type DumpcapCounts,
} from './dumpcap';

export type CaptureSource =
  | { readonly kind: 'interface'; readonly iface: string; readonly filter: string }
  | { readonly kind: 'stream'; readonly stream: Readable; readonly label: string };

export interface LiveCaptureOptions {
  readonly store: TraceStore;
  readonly source: CaptureSource;
  /** The provider profile's name, kept with the run. */
  readonly profile: string;
  readonly ring?: number;
  /** Stop by itself after this many seconds. */
  readonly durationS?: number;
  /** dumpcap's path (findDumpcap() when absent). */
  readonly dumpcap?: string;
  readonly onStoreError?: (message: string) => void;
}

export interface CaptureStatus {
  readonly runId: number;
  /** Packets read from the capture so far (SIP or not). */
  readonly packets: number;
  /** SIP messages of the run in the store now. */
  readonly messages: number;
  readonly counts: CaptureCounts;
  /** RTP seen so far: streams that look like RTP (or that SDP will name), and their packets. */
  readonly rtp: { readonly streams: number; readonly packets: number };
}

export interface LiveCaptureResult extends CaptureStatus {
  readonly ok: boolean;
  readonly summary: string;
  /** dumpcap's own counters, one per interface (none for a stream). */
  readonly interfaces: readonly DumpcapCounts[];
  /** Packets lost before they reached us (dumpcap's dropped counts, summed). */
  readonly dropped: number;
  /** Lines worth telling: where a stream was cut or damaged, TCP gaps. */
  readonly warnings: readonly string[];
  /** The stream was not a capture at all (empty, text, another format): the user's input. */
  readonly notACapture: boolean;
}

export interface LiveCapture {
  readonly runId: number;
  status(): CaptureStatus;
  /** Asks the capture to end; `done` settles once the run is saved. */
  stop(): void;
  /** Never rejects. */
  readonly done: Promise<LiveCaptureResult>;
}

/** How long to wait for dumpcap to start writing (or to fail) before giving up. */
const START_TIMEOUT_MS = 10_000;

/**
 * Starts the capture. For an interface it resolves once dumpcap is capturing, and rejects with a
 * DumpcapError (one line; `usage` for a bad filter or interface) when it cannot: no run is then
 * created.
 */
export async function startLiveCapture(o: LiveCaptureOptions): Promise<LiveCapture> {
  if (o.source.kind === 'stream') return capture(o, o.source.stream, undefined, `stdin (${o.source.label})`);
  const { iface, filter } = o.source;
  let child: DumpcapChild;
  try {
    child = spawnDumpcap(iface, filter, o.dumpcap);
  } catch (error) {
    if (error instanceof DumpcapError) throw error;
    throw new DumpcapError(`could not start dumpcap: ${(error as Error).message}`);
  }
  const stderr = collectStderr(child);
  // The first bytes (the pcapng section header) come out as soon as the capture is open; they are
  // kept and read first. A closed stdout without any is dumpcap failing (its reason on stderr).
  const early: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new DumpcapError(`dumpcap did not start capturing within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const done = (error?: DumpcapError): void => {
      clearTimeout(timer);
      child.stdout.pause();
      child.stdout.off('data', onData);
      child.off('close', onClose);
      child.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer): void => {
      early.push(chunk);
      done();
    };
    const onClose = (): void => {
      const text = stderr();
      done(
        new DumpcapError(dumpcapProblem(text) ?? 'dumpcap stopped before capturing', isUsageProblem(text)),
      );
    };
    const onError = (error: Error): void =>
      done(
        new DumpcapError(
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'dumpcap is not installed: install Wireshark (Debian: sudo apt-get install wireshark-common)'
            : `could not start dumpcap: ${error.message}`,
        ),
      );
    child.stdout.on('data', onData);
    child.once('close', onClose);
    child.once('error', onError);
  });
  return capture(
    o,
    child.stdout,
    { child, stderr },
    `${iface}${filter.trim() ? ` (${filter.trim()})` : ''}`,
    early,
  );
}

function collectStderr(child: DumpcapChild): () => string {
  // dumpcap prints a progress line per packet count when stderr is not a terminal: keep the tail.
  let text = '';
  child.stderr.setEncoding('latin1');
  child.stderr.on('data', (d: string) => {
    text = (text + d).slice(-16_384);
  });
  return () => text;
}

function capture(
  o: LiveCaptureOptions,
  input: Readable,
  dumpcap: { readonly child: DumpcapChild; readonly stderr: () => string } | undefined,
  target: string,
  early: readonly Buffer[] = [],
): LiveCapture {
  const source = o.source;
  const run = new CaptureRun({
    store: o.store,
    run: {
      target,
      profile: o.profile,
      params:
        source.kind === 'interface'
          ? { source: 'interface', interface: source.iface, filter: source.filter }
          : { source: 'stdin' },
    },
    ...(o.ring !== undefined ? { ring: o.ring } : {}),
    ...(o.onStoreError ? { onStoreError: o.onStoreError } : {}),
  });
  const reader = new PcapStreamReader((m) => run.add(m));
  let stopping = false;
  const status = (): CaptureStatus => {
    const streams = reader.rtpStreams().filter((s) => s.plausible);
    return {
      runId: run.runId,
      packets: reader.packets,
      messages: run.held,
      counts: run.counts,
      rtp: { streams: streams.length, packets: streams.reduce((n, s) => n + s.packets, 0) },
    };
  };
  const onData = (chunk: Buffer): void => {
    reader.push(chunk);
    // A stream that is not a capture (or is damaged beyond reading) ends the capture.
    if (reader.stopped !== undefined && !stopping) stop();
  };

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (dumpcap) dumpcap.child.kill('SIGTERM');
    // A stream we do not own (stdin) is left to end; reading stops here.
    else input.destroy();
  };
  const timer = o.durationS !== undefined ? setTimeout(stop, o.durationS * 1000) : undefined;
  for (const chunk of early) onData(chunk);
  input.on('data', onData);
  input.resume();

  const ended = new Promise<{ failure?: string }>((resolve) => {
    if (dumpcap) {
      dumpcap.child.once('close', (code, signal) => {
        // Killed by us, or by the terminal's Ctrl-C (SIGINT to the process group), is a normal end.
        const failed = !stopping && signal === null && code !== 0;
        const problem = failed
          ? (dumpcapProblem(dumpcap.stderr()) ?? `dumpcap exited with code ${code}`)
          : undefined;
        resolve(problem ? { failure: problem } : {});
      });
    } else {
      input.once('end', () => resolve({}));
      input.once('close', () => resolve({}));
      input.once('error', (error) =>
        resolve(stopping ? {} : { failure: `reading the stream failed: ${error.message}` }),
      );
    }
  });

  const done = ended.then(({ failure }): LiveCaptureResult => {
    if (timer) clearTimeout(timer);
    input.off('data', onData);
    const summary = reader.end();
    run.flush();
    // Kept with the run before it is finished: the last analysis (live-findings.ts) then judges
    // each call's audio from them, as an import of the same capture would.
    const rtpStreams = reader.rtpStreams();
    try {
      o.store.saveRtpStreams(run.runId, rtpStreams);
    } catch (error) {
      o.onStoreError?.(`could not keep the RTP streams: ${(error as Error).message}`);
    }
    const interfaces = dumpcap ? parseDumpcapCounts(dumpcap.stderr()) : [];
    const dropped = interfaces.reduce((n, i) => n + i.dropped, 0);
    const notACapture = summary.format === 'unknown' ? summary.warnings[0] : undefined;
    const problem = failure ?? notACapture;
    const st = status();
    const text =
      problem ??
      `captured ${st.messages} SIP message(s) from ${st.packets} packet(s)` +
        (dropped > 0 ? `; ${dropped} packet(s) dropped before they could be read` : '') +
        (st.counts.rotated > 0 ? `; ${st.counts.rotated} older message(s) rotated out of the ring` : '') +
        (st.rtp.streams > 0 ? `; ${st.rtp.streams} RTP stream(s), ${st.rtp.packets} packet(s)` : '');
    run.finish(problem === undefined, text, {
      packets: st.packets,
      rtpStreams: rtpStreams.length,
      dropped,
      ...(interfaces.length > 0 ? { interfaces } : {}),
      ...(summary.stoppedAt ? { stoppedAt: summary.stoppedAt.reason } : {}),
    });
    return {
      ...st,
      ok: problem === undefined,
      summary: text,
      interfaces,
      dropped,
      warnings: notACapture ? summary.warnings.slice(1) : summary.warnings,
      notACapture: notACapture !== undefined,
    };
  });
  return { runId: run.runId, status, stop, done };
}
