// `sipkit capture` against real traffic: SIPp calls on lo captured through dumpcap while a second
// dumpcap writes the same traffic to a file that tshark counts; a pcap stream from tcpdump on
// stdin; and a user who may not capture (nobody) gets the one-line fix and exit 1.
import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPcap } from '../../electron/import/pcap/read-pcap';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import { requireBinary } from '../support/binaries';
import { stopAll } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { freeUdpPort } from '../support/ports';
import { startSipp } from '../support/sipp';
import { runSipkit, SIPKIT_BIN, spawnSipkit } from '../support/sipkit-cli';
import { sleep } from '../support/wait';

const TSHARK = requireBinary('tshark', 'tshark');
const TCPDUMP = requireBinary('tcpdump', 'tcpdump');
const SETPRIV = requireBinary('setpriv', 'util-linux');

let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sipkit-capture-'));
  env = { SIPKIT_DATA_DIR: path.join(dir, 'data') };
});
afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/** SIP messages tshark finds in a capture file (its SIP dissector on every UDP port SIPp used). */
function tsharkSipCount(file: string, ports: readonly number[]): number {
  const decode = ports.flatMap((p) => ['-d', `udp.port==${p},sip`]);
  const out = execFileSync(
    TSHARK,
    ['-r', file, ...decode, '-Y', 'sip', '-T', 'fields', '-e', 'frame.number'],
    {
      encoding: 'utf8',
    },
  );
  return out.split('\n').filter(Boolean).length;
}

describe('sipkit capture', () => {
  it('stores every SIP message of SIPp calls on lo, as many as tshark counts in dumpcap\u2019s file of the same traffic', async () => {
    const uasPort = await freeUdpPort();
    const filter = `udp port ${uasPort}`;
    const file = path.join(dir, 'parallel.pcapng');
    const parallel = await startDumpcap({ filter, file });
    const capture = spawnSipkit(['--json', 'capture', '--iface', 'lo', '--filter', filter], env);
    await capture.waitForJson((l) => l.type === 'capture');

    const uas = await startSipp({ scenario: 'uas', localPort: uasPort });
    const uac = await startSipp({ scenario: 'uac', remote: uas.address, calls: 5, rate: 10 });
    await uac.waitForExit(30_000);
    await sleep(500);
    capture.kill('SIGINT');
    const done = await capture.done;
    await parallel.stop();
    const sippMessages = uac.messages().length;
    await uas.stop();

    const result = done.json.at(-1)!;
    expect(done.code, done.stderr).toBe(0);
    expect(result).toMatchObject({ type: 'result', ok: true, dropped: 0 });
    const tshark = tsharkSipCount(file, [uasPort, uac.port]);
    // 5 calls of INVITE, 180, 200, ACK, BYE, 200 (SIPp's own count): each packet once on lo.
    expect(sippMessages).toBe(30);
    expect(tshark).toBe(sippMessages);
    expect(result.messages).toBe(tshark);
    // dumpcap's own counters, read from its last words: what it received, and that none was lost.
    expect(result.interfaces).toEqual([
      { interface: 'Loopback: lo', received: sippMessages, dropped: 0, ifDropped: 0 },
    ]);

    // Stored with the addresses they had on the wire.
    const store = openTraceStore({ file: path.join(dir, 'data', 'sipkit.db'), readonly: true });
    try {
      const run = store.getRun(result.run as number)!;
      expect(run).toMatchObject({ kind: 'capture', ok: true, messageCount: 30 });
      const stored = store.messagesByRun(run.id);
      const invites = stored.filter((m) => m.method === 'INVITE');
      expect(invites).toHaveLength(5);
      for (const m of invites) {
        expect(m.remote).toEqual({ address: '127.0.0.1', port: uac.port });
        expect(m.local).toEqual({ address: '127.0.0.1', port: uasPort });
      }
      expect(new Set(stored.map((m) => m.callId))).toEqual(new Set(uac.messages().map((m) => m.callId)));
    } finally {
      store.close();
    }
  }, 90_000);

  it('says how many packets were lost when it could not keep up (dumpcap\u2019s counters)', async () => {
    const port = await freeUdpPort();
    const capture = spawnSipkit(['--json', 'capture', '--iface', 'lo', '--filter', `udp port ${port}`], env);
    await capture.waitForJson((l) => l.type === 'capture');
    // sipkit stops reading (SIGSTOP): dumpcap fills the pipe, then the kernel's capture buffer
    // fills and the kernel drops what does not fit.
    process.kill(capture.pid, 'SIGSTOP');
    const sender = createSocket('udp4');
    const sent = 20_000;
    const options = (i: number): Buffer =>
      Buffer.from(
        `OPTIONS sip:x@127.0.0.1:${port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bK${i}\r\n` +
          `From: <sip:f@127.0.0.1>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: drop-${i}\r\nCSeq: 1 OPTIONS\r\n` +
          `X-Pad: ${'x'.repeat(900)}\r\nContent-Length: 0\r\n\r\n`,
      );
    for (let i = 0; i < sent; i++) {
      await new Promise<void>((resolve) => sender.send(options(i), port, '127.0.0.1', () => resolve()));
    }
    sender.close();
    process.kill(capture.pid, 'SIGCONT');
    await sleep(2000);
    capture.kill('SIGINT');
    const done = await capture.done;
    const result = done.json.at(-1)!;
    expect(done.code, done.stderr).toBe(0);
    expect(result.dropped).toBeGreaterThan(0);
    // Every packet sent is stored or counted as lost. (On lo the kernel counts a lost packet in
    // both directions it passes, so dumpcap's count may be up to twice the packets missing.)
    expect(result.messages as number).toBeLessThan(sent);
    expect(result.dropped as number, JSON.stringify(result)).toBeGreaterThanOrEqual(
      sent - (result.messages as number),
    );
    expect(done.json.some((l) => l.level === 'warning' && l.dropped === result.dropped)).toBe(true);
  }, 90_000);

  it('reads a pcap stream on stdin from tcpdump -U -w -', async () => {
    const uasPort = await freeUdpPort();
    // --immediate-mode: without it the kernel hands tcpdump packets in blocks up to a second late,
    // and a capture stopped right after a short call would hold none of them.
    const tcpdump = spawn(
      TCPDUMP,
      ['-U', '--immediate-mode', '-i', 'lo', '-w', '-', 'udp', 'port', String(uasPort)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let tcpdumpErr = '';
    tcpdump.stderr.on('data', (d) => (tcpdumpErr += d));
    const sipkit = spawn(process.execPath, [SIPKIT_BIN, '--json', 'capture', '--stdin'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    tcpdump.stdout.pipe(sipkit.stdin);
    let out = '';
    sipkit.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number>((resolve) => sipkit.on('close', (code) => resolve(code ?? -1)));
    const started = Date.now();
    while (!/listening on lo/.test(tcpdumpErr) && Date.now() - started < 10_000) await sleep(50);

    const uas = await startSipp({ scenario: 'uas', localPort: uasPort });
    const uac = await startSipp({ scenario: 'uac', remote: uas.address, calls: 3, rate: 10 });
    await uac.waitForExit(30_000);
    await sleep(500);
    // tcpdump ends: the stream ends, and so does the capture.
    tcpdump.kill('SIGTERM');
    const code = await exited;
    await uas.stop();
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
    const why = `sipkit:\n${out}\ntcpdump:\n${tcpdumpErr}`;
    expect(code, why).toBe(0);
    expect(uac.messages()).toHaveLength(18);
    // tcpdump's own count of what it wrote, and SIPp's of what it exchanged.
    expect(tcpdumpErr, why).toMatch(/^18 packets captured$/m);
    expect(result, why).toMatchObject({ type: 'result', ok: true, messages: uac.messages().length });
  }, 90_000);

  it('--ring N keeps only the newest N SIP messages of a long capture in the store', async () => {
    const fixture = path.resolve('test/fixtures/pcap/sipp-tcp-mtu300.pcapng');
    const all = readPcap(readFileSync(fixture)).messages;
    expect(all.length).toBeGreaterThan(25);
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [SIPKIT_BIN, '--json', 'capture', '--stdin', '--ring', '10'], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
        stdio: [openSync(fixture, 'r'), 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
    });
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(run.code).toBe(0);
    expect(result.messages).toBeLessThanOrEqual(10);
    expect(result.rotated).toBe(all.length - (result.messages as number));
    const store = openTraceStore({ file: path.join(dir, 'data', 'sipkit.db'), readonly: true });
    try {
      const stored = store.messagesByRun(result.run as number);
      expect(stored.length).toBe(result.messages);
      const byTime = all.map((m) => m.tsMicros!).sort((a, b) => a - b);
      expect(stored.map((m) => m.tsMicros)).toEqual(byTime.slice(-stored.length));
    } finally {
      store.close();
    }
  });

  it('a user who may not capture gets the one line that says how to allow it, and exit 1', async () => {
    // nobody must reach its data dir (mkdtemp makes 0700 folders) and own it.
    const home = mkdtempSync(path.join(tmpdir(), 'sipkit-nobody-'));
    chmodSync(home, 0o755);
    const data = path.join(home, 'data');
    mkdirSync(data);
    chownSync(data, 65534, 65534);
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        SETPRIV,
        [
          '--reuid=nobody',
          '--regid=nogroup',
          '--clear-groups',
          process.execPath,
          SIPKIT_BIN,
          'capture',
          '--iface',
          'lo',
          '--for',
          '2',
        ],
        { env: { PATH: process.env.PATH ?? '', HOME: data, SIPKIT_DATA_DIR: data }, cwd: data },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'sipkit: this user may not capture: sudo usermod -aG wireshark $USER (then log in again), or sudo dpkg-reconfigure wireshark-common and answer Yes',
    ]);
    expect(run.stdout).toBe('');
    rmSync(home, { recursive: true, force: true });
  }, 30_000);

  it('a stream that is not a capture is bad input: one line, exit 2', async () => {
    const child = spawn(process.execPath, [SIPKIT_BIN, '--json', 'capture', '--stdin'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stdin.end('INVITE sip:1@example.com SIP/2.0\r\n\r\n');
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(code).toBe(2);
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/not a pcap or pcapng stream \(magic 0x494e5649\)/),
    });
  });

  it('a capture filter libpcap cannot compile is bad input: one line, exit 2', async () => {
    const run = await runSipkit(['capture', '--iface', 'lo', '--filter', 'port banana', '--for', '1'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sipkit: .*filter/i);
  });
});
