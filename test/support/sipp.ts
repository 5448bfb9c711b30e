import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { requireBinary } from './binaries';
import { startProcess, type ExitInfo } from './child-process';
import { freeMediaPort, freeUdpPort, portIsFree } from './ports';
import { buildCallMedia, callMediaPcap, type CallMedia } from './rtp-pcap';
import {
  CALL_MEDIA_PCAP,
  isSippScenarioName,
  scenarioArgs,
  scenarioKeys,
  SIPP_SCENARIO_DIR,
  type SippKeys,
  type SippScenarioName,
} from './sipp-scenarios';
import { parseSippMessageLog, parseSippStats, type SippStats, type SippTracedMessage } from './sipp-trace';
import { udpPortsBoundBy } from './udp-bindings';
import { sleep, waitUntil } from './wait';

export type { SippKeys, SippScenarioName } from './sipp-scenarios';
export type { SippStats, SippTracedMessage } from './sipp-trace';

export interface StartSippOptions {
  /**
   * SIPp's built-in 'uas' or 'uac', one of ours by name (test/support/sipp-scenarios/NAME.xml)
   * or a path to an XML scenario file.
   */
  scenario: 'uas' | 'uac' | SippScenarioName | (string & {});
  /** "127.0.0.1:PORT" to call: makes SIPp a client. Without it SIPp waits for calls. */
  remote?: string;
  /** Local SIP port, UDP on 127.0.0.1 (default: a free one). */
  localPort?: number;
  /** Local RTP port, -mp (default: a free even port P with P + 2 free too, see freeMediaPort). */
  mediaPort?: number;
  /** User part of the request URI and To, -s (default "service"). */
  service?: string;
  /** Exit after this many calls, -m. Default: 1 for a client, unlimited for a server. */
  calls?: number;
  /** Calls per second, -r (SIPp's default 10). */
  rate?: number;
  /** Period of `rate` in ms, -rp (default 1000). */
  ratePeriodMs?: number;
  /** Echo RTP received on the media port back to its sender, -rtp_echo. */
  rtpEcho?: boolean;
  /** -key values for the scenario; our scenarios' defaults fill in the rest. */
  keys?: SippKeys;
  /** Digest credentials for [authentication], -au / -ap. */
  authUser?: string;
  authPassword?: string;
  /** Log every message with -trace_msg so messages() can read them back (default true). */
  traceMessages?: boolean;
  /** The RTP stream uac-call(-until-bye) plays (default buildCallMedia(): PCMU + "123#" as RFC 4733 events). */
  callMedia?: CallMedia;
  /** Fail a call that waits longer than this for an expected message, -recv_timeout. */
  recvTimeoutMs?: number;
  /** Anything else, appended last. */
  extraArgs?: readonly string[];
  /** Readiness deadline (default 10 s; it normally takes a few ms). */
  startTimeoutMs?: number;
  /**
   * Run inside this network namespace (`ip netns exec`) on `address` instead of 127.0.0.1. The
   * namespace is the test's own, so the ports default to 5060 (SIP), 6000 (media), 8888 (control).
   */
  netns?: { readonly name: string; readonly address: string };
}

export interface SippHandle {
  readonly host: string;
  readonly pid: number;
  /** Local SIP port (UDP). */
  readonly port: number;
  /** "127.0.0.1:PORT", the form `remote` and the product's targets take. */
  readonly address: string;
  /** Local RTP port (-mp): where SIPp's SDP points and where its played RTP comes from. */
  readonly mediaPort: number;
  readonly scenario: string;
  /** The RTP stream uac-call(-until-bye) plays (undefined for other scenarios). */
  readonly callMedia: CallMedia | undefined;
  /** Resolves when SIPp exits (by itself at -m calls, or stopped). */
  readonly exited: Promise<ExitInfo>;
  /** SIPp's exit code once it has exited: 0 all calls succeeded, 1 some failed, 97/99/255/254 see sipp -h. */
  exitCode(): number | null | undefined;
  /** Waits for SIPp to finish by itself; rejects with its output on timeout (default 30 s). */
  waitForExit(timeoutMs?: number): Promise<SippResult>;
  /** Every message SIPp sent or received so far (needs traceMessages), in order. */
  messages(): SippTracedMessage[];
  /** Polls messages() until one matches. */
  waitForMessage(
    predicate: (message: SippTracedMessage) => boolean,
    timeoutMs?: number,
  ): Promise<SippTracedMessage>;
  /** Counters from -trace_stat (written every second and at exit). */
  stats(): SippStats | undefined;
  /** SIPp's -trace_err file: unexpected messages, aborted calls. */
  errors(): string;
  /** Recent stdout/stderr lines (SIPp prints its screens at exit). */
  logs(): string[];
  /** Stops SIPp (if still running) and removes its work dir; messages()/stats() stay readable. */
  stop(): Promise<ExitInfo>;
}

export interface SippResult {
  exit: ExitInfo;
  stats: SippStats | undefined;
  messages: SippTracedMessage[];
}

const LOOPBACK = '127.0.0.1';

interface ScenarioSource {
  args: string[];
  ours: SippScenarioName | undefined;
  copyFrom: string | undefined;
}

function scenarioSource(scenario: string): ScenarioSource {
  if (scenario === 'uas' || scenario === 'uac')
    return { args: ['-sn', scenario], ours: undefined, copyFrom: undefined };
  if (isSippScenarioName(scenario)) {
    return { args: [], ours: scenario, copyFrom: join(SIPP_SCENARIO_DIR, `${scenario}.xml`) };
  }
  if (scenario.endsWith('.xml')) return { args: [], ours: undefined, copyFrom: scenario };
  throw new Error(
    `startSipp: unknown scenario ${JSON.stringify(scenario)} (a built-in, one of ours, or an .xml path)`,
  );
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * Starts SIPp on 127.0.0.1 with every trace going to a private work dir. A server resolves once
 * its SIP and media ports are bound (SIPp answers nothing a probe could send); a client resolves
 * as soon as its port is bound or it has already finished.
 */
export async function startSipp(opts: StartSippOptions): Promise<SippHandle> {
  const binary = requireBinary('sipp', 'sip-tester');
  const source = scenarioSource(opts.scenario);
  const client = opts.remote !== undefined;
  const netns = opts.netns;
  const host = netns?.address ?? LOOPBACK;
  if (!netns && opts.localPort !== undefined && !(await portIsFree(host, opts.localPort))) {
    throw new Error(`startSipp: port ${opts.localPort} on ${host} is already in use`);
  }
  const port = opts.localPort ?? (netns ? 5060 : await freeUdpPort(host));
  const mediaPort = opts.mediaPort ?? (netns ? 6000 : await freeMediaPort(host));
  const controlPort = netns ? 8888 : await freeUdpPort(host);
  const playsMedia = source.ours === 'uac-call' || source.ours === 'uac-call-until-bye';
  const callMedia = playsMedia ? (opts.callMedia ?? buildCallMedia()) : undefined;
  const keys = source.ours
    ? scenarioKeys(source.ours, opts.keys ?? {}, callMedia?.durationMs ?? 0)
    : Object.fromEntries(Object.entries(opts.keys ?? {}).map(([k, v]) => [k, String(v)]));

  const dir = await mkdtemp(join(tmpdir(), 'sipkit-sipp-'));
  const files = {
    messages: join(dir, 'messages.log'),
    stats: join(dir, 'stats.csv'),
    errors: join(dir, 'errors.log'),
  };
  const scenarioArgsList = [...source.args];
  try {
    if (source.copyFrom) {
      // A copy next to the media file: SIPp looks for play_pcap_audio files beside the scenario.
      const copy = join(dir, basename(source.copyFrom));
      await copyFile(source.copyFrom, copy);
      scenarioArgsList.push('-sf', copy);
    }
    if (callMedia) await writeFile(join(dir, CALL_MEDIA_PCAP), callMediaPcap(callMedia));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const calls = opts.calls ?? (client ? 1 : undefined);
  const args = [
    ...(client ? [opts.remote ?? ''] : []),
    ...scenarioArgsList,
    ...(source.ours ? scenarioArgs(source.ours) : []),
    // -bind_local: listen on 127.0.0.1 only. -ci/-cp: SIPp's UDP control socket would otherwise
    // take 0.0.0.0:8888, and a second SIPp would collide with the first.
    ...['-i', host, '-p', String(port), '-bind_local', '-t', 'u1'],
    ...['-mi', host, '-mp', String(mediaPort), '-ci', host, '-cp', String(controlPort)],
    // No terminal: never read keys, never fork into the background.
    '-nostdin',
    ...(opts.service === undefined ? [] : ['-s', opts.service]),
    ...(calls === undefined ? [] : ['-m', String(calls)]),
    ...(opts.rate === undefined ? [] : ['-r', String(opts.rate)]),
    ...(opts.ratePeriodMs === undefined ? [] : ['-rp', String(opts.ratePeriodMs)]),
    ...(opts.rtpEcho ? ['-rtp_echo'] : []),
    ...Object.entries(keys).flatMap(([key, value]) => ['-key', key, value]),
    ...(opts.authUser === undefined ? [] : ['-au', opts.authUser]),
    ...(opts.authPassword === undefined ? [] : ['-ap', opts.authPassword]),
    ...(opts.recvTimeoutMs === undefined ? [] : ['-recv_timeout', String(opts.recvTimeoutMs)]),
    ...(opts.traceMessages === false ? [] : ['-trace_msg', '-message_file', files.messages]),
    ...['-trace_stat', '-stf', files.stats, '-fd', '1'],
    // Without a terminal SIPp prints its screens once, at exit: logs() ends with them.
    ...['-trace_err', '-error_file', files.errors],
    ...(opts.extraArgs ?? []),
  ];

  // Kept after stop() removes the work dir, so a test can still read what happened.
  let final: { messages: SippTracedMessage[]; stats: SippStats | undefined; errors: string } | undefined;
  const messages = () => final?.messages ?? parseSippMessageLog(readBytes(files.messages));
  const stats = () => (final ? final.stats : parseSippStats(readText(files.stats)));
  const errors = () => final?.errors ?? readText(files.errors);

  const proc = startProcess({
    name: `sipp ${basename(opts.scenario)}`,
    // `ip netns exec` execs SIPp in place, so the pid (and stop()) is SIPp's own.
    command: netns ? requireBinary('ip', 'iproute2') : binary,
    args: netns ? ['netns', 'exec', netns.name, binary, ...args] : args,
    cwd: dir,
    onStopped: async () => {
      final = { messages: messages(), stats: stats(), errors: errors() };
      await rm(dir, { recursive: true, force: true });
    },
  });
  const describe = () => {
    const errorText = errors().trim();
    return `${proc.describe()}${errorText ? `\nSIPp errors:\n${errorText.split('\n').slice(-20).join('\n')}` : ''}`;
  };

  try {
    const bound = () => {
      const ports = udpPortsBoundBy(proc.pid);
      return ports.has(port) && ports.has(mediaPort);
    };
    if (client) {
      // A client may be done before the first poll; its exit code tells how it went.
      await waitUntil(() => proc.exitInfo() !== undefined || bound(), {
        timeoutMs: opts.startTimeoutMs ?? 10_000,
        intervalMs: 5,
        describeFailure: () =>
          `SIPp did not bind udp:${host}:${port} and media port ${mediaPort}: ${describe()}`,
      });
    } else {
      await proc.waitUntilReady(
        `udp:${host}:${port} (SIP) and udp:${host}:${mediaPort} (media) bound`,
        async () => bound(),
        opts.startTimeoutMs ?? 10_000,
      );
    }
  } catch (err) {
    await proc.stop();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`${reason}\nSIPp arguments: ${args.join(' ')}`, { cause: err });
  }

  return {
    host,
    pid: proc.pid,
    port,
    address: `${host}:${port}`,
    mediaPort,
    scenario: opts.scenario,
    callMedia,
    exited: proc.exited,
    exitCode: () => proc.exitInfo()?.code,
    async waitForExit(timeoutMs = 30_000) {
      const timedOut = await Promise.race([proc.exited.then(() => false), sleep(timeoutMs).then(() => true)]);
      if (timedOut) throw new Error(`SIPp did not finish within ${timeoutMs} ms: ${describe()}`);
      // The final stats line is written just before exit; the pipes may still be draining.
      await Promise.race([proc.outputClosed, sleep(500)]);
      return { exit: await proc.exited, stats: stats(), messages: messages() };
    },
    messages,
    async waitForMessage(predicate, timeoutMs = 5000) {
      let found: SippTracedMessage | undefined;
      await waitUntil(
        () => {
          found = messages().find(predicate);
          return found !== undefined;
        },
        {
          timeoutMs,
          describeFailure: () =>
            `no matching SIPp message within ${timeoutMs} ms. Seen so far:\n${messages()
              .map((m) => `${m.direction} ${m.method ?? m.status} ${m.cseq} ${m.cseqMethod} ${m.callId}`)
              .join('\n')}\n${describe()}`,
        },
      );
      if (!found) throw new Error('unreachable: waitUntil resolved without a message');
      return found;
    },
    stats,
    errors,
    logs: () => proc.recentOutput(),
    stop: () => proc.stop(),
  };
}
