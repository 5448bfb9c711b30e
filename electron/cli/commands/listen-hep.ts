// `sipkit listen-hep`: a HEP collector on the laptop. Kamailio/OpenSIPS siptrace, Asterisk
// res_hep, FreeSWITCH or heplify on the customer's machines send a copy of every SIP message; each
// lands in a 'capture' run with its original addresses and time, and the provider rules run on it.
import { readFileSync } from 'node:fs';
import { EXIT_OK, UsageError } from '../cli-error';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';
import { openStore } from '../session';
import { positiveNumber } from '../targets';
import {
  HepListenError,
  parseListenAddress,
  startHepListener,
  type HepListener,
} from '../../usecases/capture/hep-listener';
import { followLiveRun } from './capture-output';

export interface ListenHepFlags extends ProfileFlags {
  readonly listen?: string;
  readonly for?: string;
  readonly ring?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/** Both PEM files, read once; one line naming the file when one is missing or unreadable. */
function readTls(flags: ListenHepFlags): { cert: Buffer; key: Buffer } | undefined {
  if (flags.tlsCert === undefined && flags.tlsKey === undefined) return undefined;
  if (flags.tlsCert === undefined || flags.tlsKey === undefined)
    throw new UsageError('--tls-cert and --tls-key go together');
  const read = (flag: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new UsageError(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  };
  return { cert: read('--tls-cert', flags.tlsCert), key: read('--tls-key', flags.tlsKey) };
}

export async function runListenHep(
  flags: ListenHepFlags,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<number> {
  const forS = positiveNumber('--for', flags.for, { min: 0 });
  const ring = positiveNumber('--ring', flags.ring, { integer: true, min: 1 });
  const profile = loadProfile(flags);
  const tls = readTls(flags);
  let listen;
  try {
    listen = parseListenAddress(flags.listen);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const store = openStore();
  let listener: HepListener;
  try {
    listener = await startHepListener({
      store,
      listen,
      profile: profile.name,
      ...(ring !== undefined ? { ring } : {}),
      ...(forS !== undefined ? { durationS: forS } : {}),
      ...(tls ? { tls } : {}),
      onStoreError: (message) => reporter.warn('store', `could not store a captured message: ${message}`),
    });
  } catch (error) {
    store.close();
    if (error instanceof HepListenError && error.usage) throw new UsageError(error.message);
    throw error;
  }
  const at = listener.status().listening;
  reporter.info(
    'hep',
    `listening for HEP on ${at.address}:${at.port} (UDP and ${listener.status().stream.toUpperCase()}) into run ${listener.runId}; Ctrl-C to stop`,
    {
      run: listener.runId,
      address: at.address,
      port: at.port,
      stream: listener.status().stream,
    },
  );
  const result = await followLiveRun({
    reporter,
    store,
    runId: listener.runId,
    profile,
    label: 'hep',
    status: () => listener.status(),
    stop: () => listener.stop(),
    done: listener.done,
    signal,
  });
  reporter.result(result.ok, `run ${result.runId}: ${result.summary}`, {
    run: result.runId,
    messages: result.messages,
    packets: result.packets,
    ignored: result.ignored,
    agents: result.agents,
    rotated: result.counts.rotated,
  });
  return EXIT_OK;
}
