import { requireBinary } from './binaries';
import { runProcess } from './child-process';
import { parseHostPort } from './host-port';

export interface SipsakRegisterOptions {
  /** "127.0.0.1:PORT" of the registrar. */
  server: string;
  user: string;
  /** A test fixture; sipsak only takes it on the command line. */
  password: string;
  /** Digest username if it differs from `user`. */
  authUser?: string;
  /** Host of the Contact this "other device" registers (default 127.0.0.9: any text, nothing listens). */
  contactHost?: string;
  contactPort?: number;
  /** Full Contact URI; overrides contactHost/contactPort. */
  contact?: string;
  /** Expires header value (default 60; sipsak's own default is 15). 0 un-registers this contact. */
  expires?: number;
  localPort?: number;
  transport?: 'udp' | 'tcp';
  timeoutMs?: number;
}

export interface SipsakResult {
  contact: string;
  /** Status of the last response sipsak printed. */
  finalStatus: number | undefined;
  /** Text of the last response sipsak printed. */
  finalResponse: string | undefined;
  output: string[];
}

export class SipsakError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly finalStatus: number | undefined,
    readonly finalResponse: string | undefined,
    readonly output: readonly string[],
  ) {
    super(message);
    this.name = 'SipsakError';
  }
}

function lastResponse(output: readonly string[]): { status: number; text: string } | undefined {
  for (let i = output.length - 1; i >= 0; i--) {
    const match = /^SIP\/2\.0 (\d{3})/.exec(output[i] ?? '');
    if (!match) continue;
    const end = output.findIndex((line, j) => j > i && line.trim() === '');
    return { status: Number(match[1]), text: output.slice(i, end === -1 ? undefined : end).join('\n') };
  }
  return undefined;
}

/**
 * Registers `user` from a second client (sipsak), the "another device with the same
 * credentials" case. Resolves when sipsak exits 0 (it got a 200 OK), rejects with a SipsakError
 * carrying the last response otherwise (401 after auth → exit 2, other non-2xx such as 423/429 → 1).
 * Digest MD5 only: sipsak 0.9.8.1 rejects SHA-256 challenges ("unsupported authentication algorithm").
 */
export async function registerWithSipsak(opts: SipsakRegisterOptions): Promise<SipsakResult> {
  const binary = requireBinary('sipsak', 'sipsak');
  const { host, port } = parseHostPort(opts.server);
  const contact =
    opts.contact ?? `sip:${opts.user}@${opts.contactHost ?? '127.0.0.9'}:${opts.contactPort ?? 5099}`;
  const args = [
    '-U',
    // sipsak 0.9.8.1 mangles "sip:user@host:port" (drops the port's last digit and sends
    // username "user@"), so the port goes in -r and the auth user in -u.
    '-s',
    `sip:${opts.user}@${host}`,
    '-r',
    String(port),
    '-u',
    opts.authUser ?? opts.user,
    '-a',
    opts.password,
    '-C',
    contact,
    '-x',
    String(opts.expires ?? 60),
    '-i',
    '-vvv',
    ...(opts.localPort === undefined ? [] : ['-l', String(opts.localPort)]),
    ...(opts.transport === undefined ? [] : ['-E', opts.transport]),
  ];
  const { exit, output, stdout, stderr } = await runProcess({
    name: 'sipsak',
    command: binary,
    args,
    timeoutMs: opts.timeoutMs ?? 15_000,
  });
  // sipsak prints the exchange on stdout but the response it gives up on on stderr, and the
  // two pipes arrive in no reliable order.
  const last = exit.code === 0 ? lastResponse(stdout) : (lastResponse(stderr) ?? lastResponse(stdout));
  if (exit.code !== 0) {
    const errors = output.filter((line) => /error/i.test(line)).join('; ');
    throw new SipsakError(
      `sipsak REGISTER of ${opts.user} at ${opts.server} failed (exit ${String(exit.code ?? exit.signal)}, ` +
        `last response ${last ? String(last.status) : 'none'}): ${errors || output.slice(-5).join(' / ')}`,
      exit.code,
      last?.status,
      last?.text,
      output,
    );
  }
  return { contact, finalStatus: last?.status, finalResponse: last?.text, output };
}
