// `sipkit capture`: watch a PBX's SIP live, from an interface (through Wireshark's dumpcap, so
// sipkit never runs as root) or a pcap stream on stdin (`ssh pbx tcpdump -U -w - port 5060 |
// sipkit capture --stdin`); every SIP message is stored as a 'capture' run and the provider rules
// run on it as it grows. With --json the last line is the result, `messages` the SIP messages stored.
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../cli-error';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';
import { openStore } from '../session';
import { positiveNumber } from '../targets';
import { DEFAULT_CAPTURE_FILTER, DumpcapError, listInterfaces } from '../../usecases/capture/dumpcap';
import { startLiveCapture, type CaptureSource, type LiveCapture } from '../../usecases/capture/live-capture';
import { followLiveRun } from './capture-output';

export interface CaptureFlags extends ProfileFlags {
  readonly iface?: string;
  readonly filter?: string;
  readonly for?: string;
  readonly ring?: string;
  readonly stdin?: boolean;
  readonly listInterfaces?: boolean;
}

export async function runCapture(
  flags: CaptureFlags,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  if (flags.listInterfaces) return printInterfaces(reporter);
  const forS = positiveNumber('--for', flags.for, { min: 0 });
  const ring = positiveNumber('--ring', flags.ring, { integer: true, min: 1 });
  if (flags.stdin && flags.iface !== undefined) throw new UsageError('give --iface or --stdin, not both');
  if (flags.stdin && flags.filter !== undefined)
    throw new UsageError(
      '--filter applies to --iface: filter on the side that writes the stream (tcpdump … port 5060)',
    );
  if (flags.stdin && process.stdin.isTTY)
    throw new UsageError(
      '--stdin reads a pcap or pcapng stream: pipe one in (tcpdump -U -w - … | sipkit capture --stdin)',
    );
  const profile = loadProfile(flags);
  const source: CaptureSource = flags.stdin
    ? { kind: 'stream', stream: process.stdin, label: 'pcap stream' }
    : { kind: 'interface', iface: flags.iface ?? 'any', filter: flags.filter ?? DEFAULT_CAPTURE_FILTER };

  const store = openStore();
  let capture: LiveCapture;
  try {
    capture = await startLiveCapture({
      store,
      source,
      profile: profile.name,
      ...(ring !== undefined ? { ring } : {}),
      ...(forS !== undefined ? { durationS: forS } : {}),
      onStoreError: (message) => reporter.warn('store', `could not store a captured message: ${message}`),
    });
  } catch (error) {
    store.close();
    if (error instanceof DumpcapError) {
      if (error.usage) throw new UsageError(error.message);
      reporter.error(error.message);
      return EXIT_FAILED;
    }
    throw error;
  }
  reporter.info(
    'capture',
    `capturing on ${source.kind === 'interface' ? `${source.iface} (filter: ${source.filter || 'none'})` : 'stdin'} into run ${capture.runId}` +
      `${ring !== undefined ? `, keeping the newest ${ring} messages` : ''}; Ctrl-C to stop`,
    { run: capture.runId },
  );
  const result = await followLiveRun({
    reporter,
    store,
    runId: capture.runId,
    profile,
    label: 'capture',
    status: () => capture.status(),
    stop: () => capture.stop(),
    done: capture.done,
    signal,
  });
  for (const w of result.warnings) reporter.warn('capture', w);
  if (result.dropped > 0)
    reporter.warn(
      'capture',
      `${result.dropped} packet(s) were dropped before sipkit could read them (dumpcap's counters)`,
      {
        dropped: result.dropped,
      },
    );
  reporter.result(result.ok, `run ${result.runId}: ${result.summary}`, {
    run: result.runId,
    messages: result.messages,
    packets: result.packets,
    dropped: result.dropped,
    rotated: result.counts.rotated,
    interfaces: result.interfaces,
    rtp: result.rtp,
  });
  if (result.notACapture) return EXIT_USAGE;
  return result.ok ? EXIT_OK : EXIT_FAILED;
}

async function printInterfaces(reporter: Reporter): Promise<number> {
  let list;
  try {
    list = await listInterfaces();
  } catch (error) {
    if (error instanceof DumpcapError) {
      reporter.error(error.message);
      return EXIT_FAILED;
    }
    throw error;
  }
  for (const i of list) {
    reporter.info(
      'interface',
      `${i.name}${i.description ? ` (${i.description})` : ''}${i.addresses.length ? `: ${i.addresses.join(', ')}` : ''}`,
      { name: i.name, addresses: i.addresses, loopback: i.loopback },
    );
  }
  reporter.result(true, `${list.length} interface(s)`, { interfaces: list.length });
  return EXIT_OK;
}
