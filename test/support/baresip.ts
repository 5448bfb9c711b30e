// Debian's baresip as a customer's PBX (a real SIP UA with its own registration client): one
// account registering to `registrar` with the given expiry, auto-answering calls, audio through
// the aubridge module (its player feeds its source: the audio that arrives goes back, and no
// sound device is needed). Config in a temp dir of its own (-f), deleted when it stops. Without a
// registrar it is a plain UA on 127.0.0.1 that answers, or calls `dial` once it is ready. It binds
// to 127.0.0.1 (net_interface), so its SDP and RTP stay on loopback, never the machine's LAN address.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireBinary } from './binaries';
import { startProcess, type ManagedProcess } from './child-process';
import { freeUdpPort } from './ports';

export interface BaresipOptions {
  /** "127.0.0.1:PORT" of the registrar (the emulator); without one the account does not register. */
  readonly registrar?: string;
  readonly user: string;
  /** Written to the temp accounts file (0600) only: never an argument. */
  readonly password?: string;
  /** The expiry baresip asks for (regint); it refreshes at 90% of what is granted. */
  readonly regintS?: number;
  /** baresip's audio_codecs (default PCMU); "opus/48000/2" loads the opus module. */
  readonly codecs?: string;
  /** A SIP URI to call once it is ready (`-e "/dial …"`). */
  readonly dial?: string;
  /** The first of its 40 RTP ports (default: random from 20000), for a capture filter known in advance. */
  readonly rtpBase?: number;
  /** Print every SIP message sent and received (`baresip -s`): a real UA's SIP trace. */
  readonly sipTrace?: boolean;
}

export interface BaresipHandle {
  readonly process: ManagedProcess;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startBaresip(o: BaresipOptions): Promise<BaresipHandle> {
  const bin = requireBinary('baresip', 'baresip');
  const dir = await mkdtemp(path.join(tmpdir(), 'sipkit-baresip-'));
  const port = await freeUdpPort();
  const rtpBase = o.rtpBase ?? 20000 + 2 * Math.floor(Math.random() * 10000);
  const codecs = o.codecs ?? 'PCMU';
  await writeFile(
    path.join(dir, 'config'),
    [
      'poll_method epoll',
      'net_interface 127.0.0.1',
      `sip_listen 127.0.0.1:${port}`,
      'sip_transports udp',
      'audio_player aubridge,nil',
      'audio_source aubridge,nil',
      'audio_alert aubridge,nil',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      ...(codecs.includes('opus') ? ['module opus.so'] : []),
      'module aubridge.so',
      'module_app account.so',
      'module_app menu.so',
      `rtp_ports ${rtpBase}-${rtpBase + 40}`,
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'accounts'),
    o.registrar === undefined
      ? `<sip:${o.user}@127.0.0.1:${port}>;regint=0;answermode=auto;audio_codecs=${codecs}\n`
      : `<sip:${o.user}@${o.registrar}>;auth_pass=${o.password ?? ''};regint=${o.regintS ?? 3600};answermode=auto;audio_codecs=${codecs};outbound="sip:${o.registrar}"\n`,
    { mode: 0o600 },
  );
  await writeFile(path.join(dir, 'contacts'), '\n');
  const process = startProcess({
    name: 'baresip',
    command: bin,
    args: [
      '-f',
      dir,
      ...(o.sipTrace === true ? ['-s'] : []),
      ...(o.dial !== undefined ? ['-e', `/dial ${o.dial}`] : []),
    ],
    onStopped: () => rm(dir, { recursive: true, force: true }),
  });
  await process.waitForLine(/baresip is ready/, 10_000);
  return { process, port, stop: async () => void (await process.stop(2000)) };
}
