// `sipkit export` and `sipkit hep` on real runs: registrations with digest credentials against a
// real Kamailio over UDP and TCP, exported in every format and opened with the tools their users
// open them with (tshark, Chromium, pdftoppm, cmark, a HEP collector on loopback). The password
// never appears in any export, with or without the CLI knowing it; neither do Basic credentials
// nor a digest response carried inside a NOTIFY's message/sipfrag body (sipsak sends them to
// Kamailio, dumpcap captures them, `sipkit analyze` stores the capture as a run).
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHep } from '../../electron/export/hep-encode';
import { requireBinary } from '../support/binaries';
import { runProcess } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { runSipkit } from '../support/sipkit-cli';

const run = promisify(execFile);
const PASSWORD = 'export-Secret-7Hq2';
const OUT = path.resolve('test-results', 'export');
const FORMATS = ['html', 'pdf', 'md', 'svg', 'png', 'pcap', 'pcapng', 'json'] as const;
const TEXT_FORMATS = ['html', 'md', 'json', 'pcap', 'pcapng', 'svg'] as const;

const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');
// A phone that speaks Basic (RFC 3261 §22.4 forbids it) to the registrar and to a proxy.
const PROXY_PASSWORD = 'proxy-Pw-93xQ';
const BASIC = b64(`dave:${PASSWORD}`);
const PROXY_BASIC = b64(`dave:${PROXY_PASSWORD}`);
// A REFER's NOTIFY quoting the request it reports on, credentials and all (RFC 3420, RFC 3515 §2.4.5).
const FRAG_RESPONSE = '5f4dcc3b5aa765d61d8327deb882cf99';
const FRAG_NONCE = 'frag-Nonce-4711';
// Anyone who can send a SIP message controls what a finding quotes: here, a digest user name.
const HOSTILE_USER = '![pixel](http://evil.example/p.png) [click](http://evil.example/c) <img src=x>';
const HOSTILE_RESPONSE = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

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
    // Markdown-escaped where it matters, as all text drawn from the run; a mid-word "-" is left as is.
    expect(md).toContain('Authorization/Proxy-Authorization digest responses');
    expect(md).toMatch(/response="\[redacted-response-\d+\]"/);
    expect(md).toContain('## Ladder');
    expect(md).toMatch(/REGISTER/);
  }, 240_000);

  it('a PDF says its stages on stderr while Chromium works, and stdout stays the result', async () => {
    const file = path.join(outDir, 'stages.pdf');
    const res = await runSipkit(
      ['export', String(runs[0]!.id), '--format', 'pdf', '-o', file],
      env(),
      120_000,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr.trim().split('\n')).toEqual([
      "export    Collecting the run's messages and findings…",
      'export    Rendering the report and its ladder…',
      'export    Starting headless Chromium…',
      'export    Chromium is printing the PDF…',
      'export    Writing the file…',
    ]);
    expect(res.stdout).not.toContain('Chromium');
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);

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
    // The PNG is drawn at twice the ladder's size, sharp on a ticket viewer's high-DPI screen.
    const svgWidth = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    const pngWidth = readFileSync(png).readUInt32BE(16); // IHDR width
    expect(svgWidth).toBeGreaterThan(0);
    expect(pngWidth).toBeGreaterThanOrEqual(2 * svgWidth);
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

  /** sipsak sends what a badly configured phone would; dumpcap captures it; `sipkit analyze` stores it. */
  const credentialRun = async (): Promise<{ id: number; messages: number; responses: string[] }> => {
    const sipsak = requireBinary('sipsak', 'sipsak');
    const capture = path.join(outDir, 'basic-and-sipfrag.pcapng');
    const target = `sip:dave@127.0.0.1`;
    const frag = [
      'INVITE sip:carol@127.0.0.1 SIP/2.0',
      `Authorization: Digest username="dave", realm="127.0.0.1", nonce="${FRAG_NONCE}", uri="sip:carol@127.0.0.1", response="${FRAG_RESPONSE}"`,
      `Proxy-Authorization: Basic ${PROXY_BASIC}`,
      '',
    ].join('\r\n');
    const requests = [
      [`REGISTER sip:127.0.0.1 SIP/2.0`, `Authorization: Basic ${BASIC}`, 'Expires: 60'],
      [`OPTIONS ${target} SIP/2.0`, `Proxy-Authorization: Basic ${PROXY_BASIC}`],
      [
        `REGISTER sip:127.0.0.1 SIP/2.0`,
        `Authorization: Digest username="${HOSTILE_USER}", realm="127.0.0.1", nonce="n-1", uri="sip:127.0.0.1", response="${HOSTILE_RESPONSE}", algorithm=MD5`,
        'Expires: 60',
      ],
      [`NOTIFY ${target} SIP/2.0`, 'Event: refer', 'Subscription-State: terminated;reason=noresource'],
    ];
    const dump = await startDumpcap({ filter: `udp port ${k.port}`, file: capture });
    for (const [i, [start, ...headers]] of requests.entries()) {
      const body = start!.startsWith('NOTIFY') ? frag : '';
      const file = path.join(outDir, `request-${i}.sip`);
      const text = [
        start,
        `From: <sip:dave@127.0.0.1>;tag=t${i}`,
        'To: <sip:dave@127.0.0.1>',
        `Call-ID: credentials-${i}@127.0.0.1`,
        `CSeq: 1 ${start!.split(' ')[0]}`,
        'Contact: <sip:dave@127.0.0.1:5099>',
        'Max-Forwards: 70',
        ...headers,
        ...(body ? ['Content-Type: message/sipfrag;version=2.0'] : []),
        `Content-Length: ${Buffer.byteLength(body, 'latin1')}`,
        '',
        body,
      ].join('\r\n');
      writeFileSync(file, text, 'latin1');
      // --no-crlf: the file already has CRLF line ends (sipsak would add another CR otherwise).
      await runProcess({
        name: 'sipsak',
        command: sipsak,
        args: ['--no-crlf', '-f', file, '-s', target, '-r', String(k.port), '-a', 'wrong-pw'],
        timeoutMs: 40_000,
      });
    }
    await new Promise((r) => setTimeout(r, 500)); // let the last packets reach the capture file
    await dump.stop();
    const analysed = await runSipkit(['analyze', capture, '--json'], env());
    const id = analysed.json.find((l) => typeof l.run === 'number')?.run as number;
    expect(id, analysed.stderr).toBeGreaterThan(0);
    const show = await runSipkit(['traces', 'show', String(id), '--json'], env());
    const stored = show.json.filter((l) => l.type === 'message').map((m) => String(m.raw));
    const raw = stored.join('\n');
    // What the capture holds: both Basic tokens, the sipfrag digest, the hostile user name.
    for (const needle of [BASIC, PROXY_BASIC, FRAG_RESPONSE, FRAG_NONCE, HOSTILE_RESPONSE, HOSTILE_USER])
      expect(raw, needle).toContain(needle);
    expect(raw).toContain('Content-Type: message/sipfrag');
    // sipsak answers each challenge with its own digest: those responses must not leak either.
    const responses = [...raw.matchAll(/response="?([0-9a-f]{32})/g)].map((m) => m[1]!);
    return { id, messages: stored.length, responses };
  };
  let credentials: ReturnType<typeof credentialRun> | undefined;

  it('a run holding Basic credentials and a digest inside a message/sipfrag body exports to every format without them, redacted or not', async () => {
    credentials ??= credentialRun();
    const r = await credentials;
    const forbidden = [BASIC, PROXY_BASIC, PASSWORD, PROXY_PASSWORD, FRAG_NONCE, ...r.responses];
    for (const format of TEXT_FORMATS) {
      for (const extra of [[], ['--redact', 'all']]) {
        // Without SIPKIT_PASSWORD too: the password is learned from the Basic credentials themselves.
        for (const secret of extra.length === 0 ? [false, true] : [false]) {
          const file = await exportTo(r.id, format, extra, secret);
          const bytes = readFileSync(file);
          for (const text of [bytes.toString('latin1'), bytes.toString('utf8')])
            for (const needle of forbidden)
              expect(text.includes(needle), `${format} ${extra.join(' ')} holds ${needle}`).toBe(false);
          if (format === 'pcap' || format === 'pcapng') {
            const { stdout } = await run('tshark', ['-r', file, '-V', '-Y', 'sip'], {
              env: { ...process.env, HOME: outDir },
              maxBuffer: 64 * 1024 * 1024,
            });
            for (const needle of forbidden)
              expect(stdout.includes(needle), `tshark's view of ${format} holds ${needle}`).toBe(false);
            // Every message still dissects, the NOTIFY's fragment with its masked digest.
            expect(stdout.match(/^Session Initiation Protocol/gm)?.length).toBe(r.messages);
            expect(stdout).toMatch(/response="\[redacted-response-\d+\]"/);
          }
        }
      }
    }
    const md = readFileSync(path.join(outDir, `run-${r.id}.md`), 'utf8');
    expect(md).toMatch(/Authorization: Basic \[redacted-credentials-\d+\]/);
    expect(md).toMatch(/Basic, Bearer and other credentials \(\d+\)/);
    // Content-Length follows every redacted body, the NOTIFY's fragment included.
    const json = JSON.parse(readFileSync(path.join(outDir, `run-${r.id}-redacted.json`), 'utf8')) as {
      messages: Array<{ raw: string; method?: string }>;
    };
    const notify = json.messages.find((m) => m.method === 'NOTIFY')!;
    expect(notify.raw).toContain('[redacted-credentials-');
    for (const m of json.messages) {
      const body = m.raw.slice(m.raw.indexOf('\r\n\r\n') + 4);
      const declared = /^Content-Length:\s*(\d+)/im.exec(m.raw)?.[1];
      if (declared !== undefined) expect(Number(declared), m.raw).toBe(Buffer.byteLength(body, 'latin1'));
    }
  }, 300_000);

  it('the Markdown report renders (cmark, the CommonMark reference) without a link, image or HTML from message content', async () => {
    const cmark = requireBinary('cmark', 'cmark');
    credentials ??= credentialRun();
    const r = await credentials;
    for (const extra of [[], ['--redact', 'all']]) {
      const md = await exportTo(r.id, 'md', extra);
      const { stdout: xml } = await run(cmark, ['--to', 'xml', md], { maxBuffer: 16 * 1024 * 1024 });
      const nodes = [...xml.matchAll(/<(link|image|html_inline|html_block)\b[^>]*>/g)].map((m) => m[0]);
      expect(nodes, `markup in ${md}`).toEqual([]);
      expect(xml).toContain('<heading level="1">');
      expect(xml).toContain('<code_block');
    }
    // The hostile user name is shown, as text: in the finding's title and in its evidence.
    const { stdout: xml } = await run(cmark, ['--to', 'xml', path.join(outDir, `run-${r.id}.md`)]);
    const texts = [...xml.matchAll(/<(text|code)[^>]*>([^<]*)<\/\1>/g)].map((m) => m[2]!).join('\n');
    expect(texts).toContain(
      '![pixel](http://evil.example/p.png) [click](http://evil.example/c) &lt;img src=x&gt;',
    );
  }, 120_000);

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
