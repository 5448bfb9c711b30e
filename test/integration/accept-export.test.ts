// `sipkit export` on an acceptance run (issue 20): the run `sipkit accept` stored against the
// provider emulator on loopback (test/support/acceptance-provider.ts) exports as the checklist
// report the customer signs — PDF (read back with pdftotext), Markdown and JSON open with the
// verdict, carry the site, the note and the lines to sign, redacted like every export — and still
// to pcap like any other run (tshark is the oracle for its messages).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '../../shared/profiles/resolve-profile';
import { startAcceptanceProvider, type AcceptanceProvider } from '../support/acceptance-provider';
import { requireBinary } from '../support/binaries';
import { runSipkit } from '../support/sipkit-cli';

const run = promisify(execFile);
const PASSWORD = 'accept-Export-19';
const DID = '+15557654321';

describe('sipkit export of an acceptance run', () => {
  let provider: AcceptanceProvider;
  let dataDir: string;
  let outDir: string;
  let runId = 0;
  const env = (): Record<string, string> => ({ SIPKIT_DATA_DIR: dataDir });
  const exportTo = async (format: string, extra: string[] = []): Promise<string> => {
    const file = path.join(outDir, `acceptance.${format}`);
    const r = await runSipkit(
      ['export', String(runId), '--format', format, '-o', file, ...extra],
      env(),
      90_000,
    );
    expect(r.code, r.stderr).toBe(0);
    return file;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-accept-export-'));
    outDir = await mkdtemp(path.join(tmpdir(), 'sipkit-accept-export-out-'));
    provider = await startAcceptanceProvider({
      profile: resolveProfile({ name: 'skyetel', set: ['registrars=[]', 'min_register_interval=6'] }),
      passwords: new Map([['1001', PASSWORD]]),
      loopDids: [DID],
    });
    const accept = await runSipkit(
      [
        'accept',
        '--server',
        `127.0.0.1:${provider.port}`,
        '--user',
        '1001',
        '--from',
        '+15551112222',
        '--to',
        '+15551230000',
        '--did',
        DID,
        '--site',
        'Acme HQ, 3rd floor',
        '--note',
        'Fax line to be ported next week.',
        '--time-limit',
        '60',
        '--json',
      ],
      { ...env(), SIPKIT_PASSWORD: PASSWORD },
      90_000,
    );
    const last = accept.json.at(-1) as
      { type?: string; run?: { runId?: number; verdict?: string } } | undefined;
    expect(last?.type, accept.stdout + accept.stderr).toBe('result');
    expect(last?.run?.verdict, accept.stdout).toBe('ready');
    runId = last!.run!.runId!;
  });
  afterAll(async () => {
    await provider?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('the PDF opens with the verdict, then the checklist, the site, the note and the lines to sign', async () => {
    const pdf = await exportTo('pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const { stdout: text } = await run(requireBinary('pdftotext', 'poppler-utils'), ['-layout', pdf, '-']);
    const at = (s: string): number => text.indexOf(s);
    expect(at('Ready for cut-over')).toBeGreaterThanOrEqual(0);
    expect(at('Ready for cut-over')).toBeLessThan(at('Checklist'));
    expect(at('Checklist')).toBeLessThan(at('Acme HQ, 3rd floor'));
    expect(at('Fax line to be ported next week.')).toBeLessThan(at('Technician (name)'));
    expect(text).toContain('Customer (name)');
    expect(text).toContain('Outbound call');
    // The run's traffic follows the page to sign.
    expect(at('Technician (name)')).toBeLessThan(at('Messages ('));
    expect(text).not.toContain(PASSWORD);
  });

  it('Markdown and JSON carry the same checklist, redacted on request; pcap carries the run as any run', async () => {
    const md = readFileSync(await exportTo('md', ['--redact', 'ips']), 'utf8');
    expect(md.indexOf('## Verdict: Ready for cut-over')).toBeGreaterThan(0);
    expect(md.indexOf('## Verdict')).toBeLessThan(md.indexOf('## Checklist'));
    expect(md).toMatch(/Technician \(name\): _+/);
    expect(md).not.toContain('127.0.0.1');

    const json = JSON.parse(readFileSync(await exportTo('json'), 'utf8')) as {
      acceptance?: { verdict?: string; site?: string; steps?: { id: string; status: string }[] };
      messages: unknown[];
    };
    expect(json.acceptance).toMatchObject({ verdict: 'ready', site: 'Acme HQ, 3rd floor' });
    expect(json.acceptance?.steps?.find((s) => s.id === 'call-in')?.status).toBe('pass');

    const pcap = await exportTo('pcap');
    const { stdout } = await run(requireBinary('tshark', 'tshark'), [
      '-r',
      pcap,
      '-Y',
      'sip',
      '-T',
      'fields',
      '-e',
      'frame.number',
    ]);
    expect(stdout.trim().split('\n').length).toBe(json.messages.length);
  });
});
