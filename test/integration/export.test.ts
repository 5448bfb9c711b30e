// `sipkit export` and `sipkit hep` on real runs: registrations with digest credentials against a
// real Kamailio over UDP and TCP, exported in every format and opened with the tools their users
// open them with (tshark, Chromium, pdftoppm, a HEP collector on loopback). The password never
// appears in any export, with or without the CLI knowing it.
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHep } from '../../electron/export/hep-encode';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { runSipkit } from '../support/sipkit-cli';

const run = promisify(execFile);
const PASSWORD = 'export-Secret-7Hq2';
const OUT = path.resolve('test-results', 'export');
const FORMATS = ['html', 'pdf', 'md', 'svg', 'png', 'pcap', 'pcapng', 'json'] as const;

interface StoredRun {
  readonly id: number;
  readonly callIds: string[];
  readonly messages: number;
  /** Digest responses the client sent: must never be exported. */
  readonly responses: string[];
}

describe('sipkit export / hep', () => {
  let k: KamailioHandle;
  let dataDir: string;
  let outDir: string;
  const runs: StoredRun[] = [];
  const env = (): Record<string, string> => ({ SIPKIT_DATA_DIR: dataDir });

  beforeAll(async () => {
    k = await startKamailio({ users: [{ user: 'dave', password: PASSWORD }], qop: true });
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-export-'));
    outDir = await mkdtemp(path.join(tmpdir(), 'sipkit-export-out-'));
    mkdirSync(OUT, { recursive: true });
    for (const transport of ['udp', 'tcp']) {
      const reg = await runSipkit(
        [
          'register',
          '--server',
          k.server,
          '--user',
          'dave',
          '--transport',
          transport,
          '--expires',
          '60',
          '--once',
          '--json',
        ],
        { ...env(), SIPKIT_PASSWORD: PASSWORD },
      );
      expect(reg.code, reg.stderr).toBe(0);
      const id = reg.json.at(-1)!.run as number;
      const show = await runSipkit(['traces', 'show', String(id), '--json'], env());
      const messages = show.json.filter((l) => l.type === 'message');
      const responses = messages
        .map((m) => /response="([0-9a-f]+)"/.exec(String(m.raw))?.[1])
        .filter((r): r is string => r !== undefined);
      expect(responses.length).toBeGreaterThan(0);
      runs.push({
        id,
        messages: messages.length,
        callIds: [...new Set(messages.map((m) => String(m.callId)))],
        responses,
      });
    }
  }, 60_000);

  afterAll(async () => {
    await k?.stop();
    for (const dir of [dataDir, outDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  const exportTo = async (runId: number, format: string, extra: string[] = [], secret = false) => {
    const file = path.join(
      outDir,
      `run-${runId}${extra.length ? '-redacted' : ''}${secret ? '-pw' : ''}.${format}`,
    );
    const res = await runSipkit(
      ['export', String(runId), '--format', format, '-o', file, '--json', ...extra],
      secret ? { ...env(), SIPKIT_PASSWORD: PASSWORD } : env(),
      120_000,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.json.at(-1)).toMatchObject({ type: 'result', ok: true, format, file });
    return file;
  };

  it('exports every format; none holds the password or a digest response, and the report says what was redacted', async () => {
    for (const r of runs) {
      for (const format of FORMATS) {
        // Chromium's formats take a second each: the second run (TCP) checks the text formats.
        if (r !== runs[0] && (format === 'pdf' || format === 'png')) continue;
        for (const secret of [false, true]) {
          const file = await exportTo(r.id, format, [], secret);
          const bytes = readFileSync(file);
          expect(bytes.length).toBeGreaterThan(100);
          const text = bytes.toString('latin1');
          expect(text.includes(PASSWORD), `${format} holds the password`).toBe(false);
          for (const response of r.responses)
            expect(text.includes(response), `${format} holds a digest response`).toBe(false);
        }
      }
    }
    const md = readFileSync(path.join(outDir, `run-${runs[0]!.id}.md`), 'utf8');
    expect(md).toContain('Authorization/Proxy-Authorization digest responses');
    expect(md).toMatch(/response="\[redacted-response-\d+\]"/);
    expect(md).toContain('## Ladder');
    expect(md).toMatch(/REGISTER/);
  }, 240_000);

  it('tshark dissects as many SIP messages as the run holds, with the same Call-IDs, over UDP and TCP', async () => {
    for (const r of runs) {
      for (const format of ['pcap', 'pcapng']) {
        const file = await exportTo(r.id, format);
        const { stdout } = await run(
          'tshark',
          ['-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID', '-e', 'frame.time_epoch'],
          {
            env: { ...process.env, HOME: outDir },
          },
        );
        const rows = stdout.trim().split('\n').filter(Boolean);
        expect(rows, `${format} of run ${r.id}`).toHaveLength(r.messages);
        expect([...new Set(rows.map((l) => l.split('\t')[0]))].sort()).toEqual([...r.callIds].sort());
        // Original timestamps: today, not the epoch.
        const first = Number(rows[0]!.split('\t')[1]);
        expect(Math.abs(first - Date.now() / 1000)).toBeLessThan(3600);
      }
    }
  }, 120_000);

  it('redacts IP addresses consistently and user names on request; the capture still dissects', async () => {
    const r = runs[0]!;
    const file = await exportTo(r.id, 'pcap', ['--redact', 'ips,users']);
    const { stdout } = await run(
      'tshark',
      ['-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'sip.from.user'],
      {
        env: { ...process.env, HOME: outDir },
      },
    );
    const rows = stdout.trim().split('\n');
    expect(rows).toHaveLength(r.messages);
    const addresses = new Set(rows.flatMap((l) => l.split('\t').slice(0, 2)));
    expect(addresses.has('127.0.0.1')).toBe(false);
    // Our side and Kamailio's side are both 127.0.0.1: one address, so one mapped address.
    expect([...addresses]).toEqual(['192.0.2.1']);
    expect(new Set(rows.map((l) => l.split('\t')[2]))).toEqual(new Set(['user-1']));
    const json = JSON.parse(readFileSync(await exportTo(r.id, 'json', ['--redact', 'all']), 'utf8')) as {
      redacted: string[];
      messages: Array<{ raw: string }>;
    };
    expect(json.redacted.some((line) => line.startsWith('IP addresses'))).toBe(true);
    expect(json.messages.every((m) => !m.raw.includes('dave@') && !m.raw.includes('127.0.0.1'))).toBe(true);
  }, 60_000);

  it('the HTML report renders in Chromium without a single network request, and the PDF has the ladder on its pages', async () => {
    const r = runs[0]!;
    const html = await exportTo(r.id, 'html');
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(html).href);
      await expect.poll(() => page.locator('#ladder svg').count()).toBe(1);
      // The report itself is the only thing loaded: no font, image, script or beacon.
      expect(requests).toEqual([pathToFileURL(html).href]);
      expect(await page.locator('#messages details').count()).toBe(r.messages);
      expect(await page.locator('#summary').textContent()).toContain('Registration test');
      // Clicking an arrow of the ladder opens that message's raw text.
      await page.locator('#ladder a').first().click();
      await expect.poll(() => page.locator('#messages details[open]').count()).toBe(1);
      await page.screenshot({ path: path.join(OUT, 'report.png'), fullPage: true });
    } finally {
      await browser.close();
    }

    const pdf = await exportTo(r.id, 'pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    expect(text).toContain('Ladder');
    expect(text).toContain('401 Unauthorized');
    const prefix = path.join(OUT, 'report-page');
    await run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', pdf, prefix]);
    expect(readdirSync(OUT).filter((f) => f.startsWith('report-page')).length).toBeGreaterThan(0);

    const png = await exportTo(r.id, 'png');
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const svg = readFileSync(await exportTo(r.id, 'svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('401 Unauthorized');
  }, 180_000);

  it('sipkit hep sends every message of the run to a HEP collector on loopback', async () => {
    const r = runs[1]!;
    const collector = dgram.createSocket('udp4');
    const got: Buffer[] = [];
    collector.on('message', (msg) => got.push(msg));
    await new Promise<void>((resolve) => collector.bind(0, '127.0.0.1', resolve));
    try {
      const port = collector.address().port;
      const res = await runSipkit(['hep', String(r.id), '--to', `127.0.0.1:${port}`, '--json'], env());
      expect(res.code, res.stderr).toBe(0);
      expect(res.json.at(-1)).toMatchObject({ ok: true, sent: r.messages });
      await expect.poll(() => got.length).toBe(r.messages);
      const decoded = got.map((b) => decodeHep(b));
      expect(
        decoded.every((d) => d.protoType === 1 && d.protocol === 6 && d.srcAddress === '127.0.0.1'),
      ).toBe(true);
      expect([...new Set(decoded.map((d) => d.correlationId))].sort()).toEqual([...r.callIds].sort());
      expect(decoded.some((d) => Buffer.from(d.payload).toString('latin1').startsWith('REGISTER sip:'))).toBe(
        true,
      );
      expect(decoded.every((d) => !Buffer.from(d.payload).toString('latin1').includes(r.responses[0]!))).toBe(
        true,
      );
    } finally {
      collector.close();
    }
  }, 60_000);

  it('sipkit --hep streams live capture: the collector gets every message the run stores', async () => {
    const collector = dgram.createSocket('udp4');
    const got: Buffer[] = [];
    collector.on('message', (msg) => got.push(msg));
    await new Promise<void>((resolve) => collector.bind(0, '127.0.0.1', resolve));
    try {
      const reg = await runSipkit(
        [
          '--hep',
          `127.0.0.1:${collector.address().port}`,
          'register',
          '--server',
          k.server,
          '--user',
          'dave',
          '--once',
          '--json',
        ],
        { ...env(), SIPKIT_PASSWORD: PASSWORD },
      );
      expect(reg.code, reg.stderr).toBe(0);
      const id = reg.json.at(-1)!.run as number;
      const show = await runSipkit(['traces', 'show', String(id), '--json'], env());
      const stored = show.json.filter((l) => l.type === 'message').length;
      expect(stored).toBeGreaterThanOrEqual(4);
      await expect.poll(() => got.length).toBe(stored);
      // Both directions: our requests and Kamailio's answers.
      const sources = new Set(got.map((b) => decodeHep(b).srcPort));
      expect(sources.has(k.port)).toBe(true);
      expect(sources.size).toBe(2);
    } finally {
      collector.close();
    }
  }, 60_000);

  it('a run that does not exist, an unknown format or a bad HEP target is one line and exit 2', async () => {
    const missing = await runSipkit(
      ['export', '999', '--format', 'html', '-o', path.join(outDir, 'x.html')],
      env(),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('sipkit: there is no run 999');
    expect(existsSync(path.join(outDir, 'x.html'))).toBe(false);
    const format = await runSipkit(['export', String(runs[0]!.id), '--format', 'docx'], env());
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format: expected one of html, pdf/);
    const hep = await runSipkit(['hep', String(runs[0]!.id), '--to', '127.0.0.1:99999'], env());
    expect(hep.code).toBe(2);
    expect(hep.stderr.trim().split('\n')).toHaveLength(1);
  });
});
