// A SIP scanner against sipkit's listening sockets (issue 14): Debian's SIPVicious (svmap finds
// SIP devices, svwar enumerates extensions, svcrack guesses passwords) is run for real against
// `sipkit answer --listen` and against a registration's Contact socket (`sipkit register --for`).
// What a user must be able to rely on:
//  - nothing crashes: the process is alive afterwards and still answers an OPTIONS;
//  - nothing is given away: a request carrying a scanner's User-Agent gets no answer at all (any
//    answer, even a 503 to a sweep that is too fast or a 486 once the call cap is reached, differs
//    from the one before and reads as "this user exists" to svwar), so svmap does not find us,
//    svwar enumerates nothing and svcrack finds no password;
//  - the scan is in the trace: the scanner's messages are stored and analysis names the scan
//    (rule sec.scanner) with the first scanner message as evidence.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../support/binaries';
import { runProcess, stopAll, type RunResult } from '../support/child-process';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { freeUdpPort } from '../support/ports';
import { runSipkit, spawnSipkit, type SipkitChild } from '../support/sipkit-cli';
import { sipOptions } from '../support/sip-udp-client';

const PASSWORD = 'scan-target-Qv39';
const HOST = '127.0.0.1';

interface StoredMessage {
  readonly type?: string;
  readonly direction?: string;
  readonly method?: string | null;
  readonly status?: number | null;
  readonly callId?: string | null;
  readonly cseqMethod?: string | null;
  readonly raw?: string;
}

interface ScanFigures {
  readonly target: string;
  readonly requests: number;
  readonly byMethod: Record<string, number>;
  readonly answered: Record<string, number>;
  readonly alive: boolean;
  readonly rssBeforeKb: number;
  readonly rssAfterKb: number;
}

function rssKb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(/^VmRSS:\s+(\d+)/m.exec(s)?.[1] ?? NaN));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function count(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('SIPVicious against sipkit', () => {
  let dataDir: string;
  let scannerHome: string;
  let kamailio: KamailioHandle;
  const figures: ScanFigures[] = [];

  beforeAll(async () => {
    for (const tool of ['svmap', 'svwar', 'svcrack']) requireBinary(tool, 'sipvicious');
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-scan-'));
    // SIPVicious keeps its sessions under $HOME/.sipvicious: a private one per run.
    scannerHome = await mkdtemp(path.join(tmpdir(), 'sipkit-scan-home-'));
    kamailio = await startKamailio({ users: [{ user: '1001', password: PASSWORD }] });
  });

  afterAll(async () => {
    await stopAll();
    await kamailio?.stop();
    for (const dir of [dataDir, scannerHome]) if (dir) await rm(dir, { recursive: true, force: true });
    console.info(`scanner figures: ${JSON.stringify(figures)}`);
  });

  // A getter: dataDir is only set once beforeAll has run.
  const env = () => ({ SIPKIT_DATA_DIR: dataDir, SIPKIT_PASSWORD: PASSWORD });

  /** One SIPVicious tool from its own source port (stray retransmissions of an earlier tool's
   *  transactions must not reach the next one), to completion. */
  async function scan(tool: string, port: number, args: readonly string[]): Promise<RunResult> {
    const localPort = await freeUdpPort(HOST);
    return runProcess({
      name: tool,
      command: requireBinary(tool, 'sipvicious'),
      args: ['-p', String(port), '-P', String(localPort), '-b', HOST, ...args, HOST],
      env: { PATH: process.env.PATH ?? '', HOME: scannerHome },
      timeoutMs: 60_000,
    });
  }

  /** The full SIPVicious sequence an attacker runs, with what each tool concluded. */
  async function fullScan(port: number) {
    const svmap = await scan('svmap', port, []);
    const svwar = {
      REGISTER: await scan('svwar', port, ['-e', '100-199', '-m', 'REGISTER', '--force']),
      OPTIONS: await scan('svwar', port, ['-e', '100-199', '-m', 'OPTIONS']),
      INVITE: await scan('svwar', port, ['-e', '100-119', '-m', 'INVITE']),
    };
    const svcrack = await scan('svcrack', port, ['-u', '100', '-r', '1000-1199']);
    return { svmap, svwar, svcrack };
  }

  async function checkVictim(target: string, child: SipkitChild, port: number): Promise<void> {
    const rssBeforeKb = await rssKb(child.pid);
    const tools = await fullScan(port);

    // svmap did not find us, and svwar and svcrack learned nothing.
    expect(tools.svmap.stdout.join('\n')).not.toContain(`${HOST}:${port}`);
    for (const [method, run] of Object.entries(tools.svwar)) {
      const out = run.output.join('\n');
      expect(out, `svwar -m ${method}`).not.toMatch(/\| Extension/);
      expect(out, `svwar -m ${method}`).toMatch(/found nothing/);
    }
    const crack = tools.svcrack.output.join('\n');
    expect(crack).not.toMatch(/\| Extension|Password/);
    expect(crack).toMatch(/found nothing/);

    // Alive, and still answering.
    expect(alive(child.pid)).toBe(true);
    const options = await sipOptions({ host: HOST, port }, 2000);
    expect(options.status).toBe(200);
    const rssAfterKb = await rssKb(child.pid);

    child.kill('SIGINT');
    const done = await child.done;
    expect(done.stderr).not.toMatch(/TypeError|RangeError|unhandled|Uncaught/i);
    const run = done.json.at(-1)?.run;
    expect(run).toEqual(expect.any(Number));

    const show = await runSipkit(['traces', 'show', String(run), '--json'], env());
    expect(show.code).toBe(0);
    const messages = (show.json as StoredMessage[]).filter((m) => m.type === 'message');
    const fromScanner = messages.filter(
      (m) => m.direction === 'in' && /User-Agent: friendly-scanner/i.test(m.raw ?? ''),
    );
    const scannerCalls = new Set(fromScanner.map((m) => m.callId));
    const replies = messages.filter((m) => m.direction === 'out' && m.status && scannerCalls.has(m.callId));
    // What the tools sent is stored (met with silence, each of the five runs gives up after its
    // first probes), and not one request was answered.
    expect(fromScanner.length).toBeGreaterThanOrEqual(5);
    expect(replies).toEqual([]);

    const analyze = await runSipkit(['analyze', '--run', String(run), '--json'], env());
    const finding = analyze.json.find((l) => l.rule === 'sec.scanner');
    expect(finding, analyze.stdout).toMatchObject({ severity: 'warning' });
    expect(String(finding?.title)).toMatch(
      /^SIP scanner at 127\.0\.0\.1: \d+ requests \(User-Agent "friendly-scanner"\)/,
    );
    expect(JSON.stringify(finding)).toContain('User-Agent: friendly-scanner');

    figures.push({
      target,
      requests: fromScanner.length,
      byMethod: count(fromScanner.map((m) => m.method ?? '?')),
      answered: count(replies.map((r) => `${r.cseqMethod ?? '?'} ${r.status ?? '?'}`)),
      alive: true,
      rssBeforeKb,
      rssAfterKb,
    });
  }

  it('sipkit answer --listen survives a full scan, gives nothing away and names the scan', async () => {
    const port = await freeUdpPort(HOST);
    const answer = spawnSipkit(['answer', '--listen', `${HOST}:${port}`, '--for', '300', '--json'], env());
    await answer.waitForJson((l) => l.event === 'listening');
    await checkVictim('sipkit answer --listen', answer, port);
  }, 240_000);

  it('a registration’s Contact socket survives a full scan and stays registered', async () => {
    const port = await freeUdpPort(HOST);
    const reg = spawnSipkit(
      [
        'register',
        '--server',
        kamailio.server,
        '--user',
        '1001',
        '--local',
        `${HOST}:${port}`,
        '--for',
        '300',
        '--json',
      ],
      env(),
    );
    await reg.waitForJson((l) => l.event === 'registered');
    await checkVictim('sipkit register (Contact socket)', reg, port);
    const done = await reg.done;
    // The scan did not knock the registration over: it ended by our Ctrl-C, with an un-register.
    expect(done.json.some((l) => l.event === 'unregistered')).toBe(true);
  }, 240_000);
});
