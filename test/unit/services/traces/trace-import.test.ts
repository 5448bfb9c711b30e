// traces.import as the Import screen sends it: a dropped capture or log as base64, or pasted text.
// It becomes a run of kind 'import' that the Traces and Findings screens read like any other;
// input with no SIP in it, or damaged part-way, gets one line saying so, and what was readable
// before the damage is kept.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, openBench, refusalOf, type TraceBench } from './trace-fixtures';

const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const base64 = (bytes: Buffer): string => bytes.toString('base64');

let bench: TraceBench;
beforeEach(() => {
  bench = openBench();
});
afterEach(() => bench.close());

describe('traces.import', () => {
  it('imports a pcap as a run, analyses it, and tells the screens the run changed', async () => {
    const reply = await bench.call('traces.import', {
      name: 'kamailio-sipsak-sll.pcap',
      dataBase64: base64(fixture('pcap/kamailio-sipsak-sll.pcap')),
    });
    expect(reply.messageCount).toBe(11);
    const run = bench.store.getRun(reply.runId);
    expect(run).toMatchObject({
      kind: 'import',
      target: 'kamailio-sipsak-sll.pcap',
      profile: 'generic',
      ok: true,
      messageCount: 11,
      summary: expect.stringMatching(/^imported 11 message\(s\) from pcap \(LINUX_SLL\), \d+ packets$/),
    });
    expect(bench.events).toContainEqual({ channel: 'store.changed', payload: { runId: reply.runId } });
    const findings = await bench.call('traces.findings', { runId: reply.runId });
    expect(reply.findingCount).toBe(findings.findings.length);
    const { calls } = await bench.call('traces.calls', { runId: reply.runId, hideNoise: false });
    expect(calls.filter((c) => c.method === 'REGISTER').map((c) => c.status)).toEqual([200, 200]);
  });

  it('imports a pcapng of TCP calls, reassembled, as three answered INVITE dialogs', async () => {
    const reply = await bench.call('traces.import', {
      name: 'sipp-tcp.pcapng',
      dataBase64: base64(fixture('pcap/sipp-tcp.pcapng')),
    });
    expect(reply.messageCount).toBe(18);
    const { calls } = await bench.call('traces.calls', { runId: reply.runId });
    expect(calls.map((c) => [c.method, c.status, c.messageCount])).toEqual([
      ['INVITE', 200, 6],
      ['INVITE', 200, 6],
      ['INVITE', 200, 6],
    ]);
    // Signalling only, no RTP captured: no call is called "no audio".
    expect(calls.map((c) => c.audio)).toEqual([undefined, undefined, undefined]);
    const ladder = await bench.call('traces.ladder', { runId: reply.runId, callIds: [calls[0]!.callId] });
    expect(ladder.messages.every((m) => m.transport === 'tcp')).toBe(true);
    expect(ladder.messages[0]).toMatchObject({ method: 'INVITE', hasSdp: true });
  });

  it('imports a text log sent as a file, under the profile the user picked', async () => {
    const reply = await bench.call('traces.import', {
      name: 'sngrep-call.txt',
      dataBase64: base64(fixture('text/sngrep-call.txt')),
      profile: 'skyswitch',
    });
    expect(reply.messageCount).toBe(6);
    expect(bench.store.getRun(reply.runId)).toMatchObject({
      profile: 'skyswitch',
      target: 'sngrep-call.txt',
    });
    const findings = await bench.call('traces.findings', { runId: reply.runId });
    expect(findings.profile).toBe('skyswitch');
    expect(reply.findingCount).toBe(findings.findings.length);
    expect(findings.findings.map((f) => f.rule)).toContain('trunk.e164');
  });

  it("keeps a PBX log's own address and unknown times with the run, so the app judges it as sipkit analyze does", async () => {
    const reply = await bench.call('traces.import', {
      name: 'asterisk-pjsip-console-undated.txt',
      dataBase64: base64(fixture('text/asterisk-pjsip-console-undated.txt')),
      profile: 'skyetel',
    });
    const run = bench.store.getRun(reply.runId);
    expect(run?.params).toMatchObject({ timesUnknown: true, pbxAddresses: [expect.any(String)] });
    const findings = await bench.call('traces.findings', { runId: reply.runId });
    expect(findings.findings.map((f) => f.rule)).not.toContain('reg.interval');
  });

  it('imports pasted text, its UTF-8 kept byte for byte', async () => {
    const log = readFileSync(path.join(FIXTURES, 'text/plain-register-call.txt'), 'utf8').replace(
      /^From: .*2035550100.*$/m,
      (line) => line.replace(/From: (?:"[^"]*" )?/, 'From: "Zoë Ünal" '),
    );
    const reply = await bench.call('traces.import', { name: 'pasted text', text: log });
    expect(reply.messageCount).toBe(12);
    expect(bench.store.getRun(reply.runId)?.target).toBe('pasted text');
    const first = bench.store.messagesByRun(reply.runId)[0]!;
    expect(Buffer.from(first.raw).toString('utf8')).toContain('From: "Zoë Ünal" ');
  });

  it('dates a pasted log whose stamps have no year in the latest year before the import, not 1970', async () => {
    const text = readFileSync(path.join(FIXTURES, 'text/asterisk-pjsip-full.txt'), 'latin1');
    const before = Date.now();
    const reply = await bench.call('traces.import', { name: 'pasted text', text });
    const first = bench.store.messagesByRun(reply.runId)[0]!;
    const at = new Date(first.tsMicros / 1000);
    // The log says "Mar  5 14:02:11": this year's 5 March if that has passed, else last year's.
    const thisYear = new Date(before).getUTCFullYear();
    const year = Date.UTC(thisYear, 2, 5, 14, 2, 11) <= before ? thisYear : thisYear - 1;
    expect(at.toISOString()).toBe(`${year}-03-05T14:02:11.000Z`);
  });

  it("imports the guide's damaged sample INVITE, cut off before its body, and finds what is wrong", async () => {
    const text = readFileSync(path.join(FIXTURES, 'traces/seed-000-sample-invite.txt'), 'latin1');
    const reply = await bench.call('traces.import', { name: 'pasted text', text, profile: 'skyswitch' });
    expect(reply.messageCount).toBe(1);
    const { findings } = await bench.call('traces.findings', { runId: reply.runId });
    const syntax = findings.filter((f) => f.rule === 'sip.syntax').map((f) => f.title);
    expect(syntax).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Line 2 \(via\)/),
        expect.stringMatching(/^Line 4 \(to\)/),
        expect.stringMatching(/Content-Length says 322 bytes but the body has 0/),
      ]),
    );
    // A log without addresses is not "sent to 0.0.0.0:0".
    expect(findings.find((f) => f.rule === 'sip.no-final-response')?.title).toBe('INVITE got no response');
  });

  it('refuses input with no SIP in it, in one line, and keeps no run', async () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const refuse = (request: Parameters<TraceBench['call']>[1]) =>
      refusalOf(() => bench.call('traces.import', request as never));
    expect(await refuse({ name: 'junk.bin', dataBase64: base64(junk) })).toBe(
      'junk.bin holds no SIP messages: it is neither a pcap or pcapng capture nor a text log',
    );
    expect(
      await refuse({ name: 'trace.pcap.gz', dataBase64: base64(gzipSync(fixture('pcap/rawip.pcap'))) }),
    ).toBe(
      'trace.pcap.gz holds no SIP messages: it is neither a pcap or pcapng capture nor a text log (it is compressed: unpack it first)',
    );
    expect(
      await refuse({ name: 'notes.txt', dataBase64: base64(Buffer.from('call me back\nthanks\n')) }),
    ).toBe(
      'notes.txt holds no SIP messages: no SIP start line ("INVITE sip:… SIP/2.0" or "SIP/2.0 200 OK") was found',
    );
    expect(await refuse({ name: 'empty.pcap', dataBase64: '' })).toBe('empty.pcap is empty (0 bytes)');
    expect(await refuse({ name: 'pasted text', text: ' \n\t ' })).toBe(
      'the pasted text is empty: paste SIP messages first',
    );
    expect(await refuse({ name: 'x.pcap', dataBase64: 'not base64!' })).toBe(
      'x.pcap did not arrive as base64 data; pick the file again',
    );
    const header = fixture('pcap/rawip.pcap').subarray(0, 24);
    expect(await refuse({ name: 'header-only.pcap', dataBase64: base64(header) })).toBe(
      'header-only.pcap holds no SIP messages (pcap (RAW), 0 packets)',
    );
    expect(await refuse({ name: 'a.txt', text: 'INVITE sip:x SIP/2.0', profile: 'acme' })).toMatch(
      /^there is no built-in profile "acme"/,
    );
    expect(bench.store.listRuns()).toEqual([]);
    expect(bench.events).toEqual([]);
  });

  it('keeps what a truncated pcap held before the cut, and says where it was cut', async () => {
    const whole = fixture('pcap/kamailio-sipsak-sll.pcap');
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const message = await refusalOf(() =>
      bench.call('traces.import', { name: 'cut.pcap', dataBase64: base64(cut) }),
    );
    const kept =
      /^cut\.pcap: truncated pcap at byte 3893: file ends inside packet 15 \(55 of 76 bytes\); the 7 SIP message\(s\) read before it were kept as run (\d+)$/.exec(
        message,
      );
    expect(kept, message).not.toBeNull();
    const runId = Number(kept![1]);
    expect(bench.store.getRun(runId)).toMatchObject({ kind: 'import', ok: false, messageCount: 7 });
    expect(bench.events).toContainEqual({ channel: 'store.changed', payload: { runId } });
    expect((await bench.call('traces.calls', { runId, hideNoise: false })).total).toBeGreaterThan(0);
  });

  it('says so for a pcapng cut inside a block, and for a text log that turns into binary', async () => {
    const whole = fixture('pcap/sipp-tcp.pcapng');
    const pcapng = await refusalOf(() =>
      bench.call('traces.import', {
        name: 'cut.pcapng',
        dataBase64: base64(whole.subarray(0, Math.floor(whole.length * 0.6))),
      }),
    );
    expect(pcapng).toMatch(
      /^cut\.pcapng: truncated pcapng at byte 6176: block of 456 bytes .* runs past the end of the file .*; the 10 SIP message\(s\) read before it were kept as run \d+$/,
    );
    const log = Buffer.concat([
      fixture('text/sngrep-call.txt'),
      Buffer.from('\n\u0000\u0001\u0002garbage\n'),
    ]);
    const text = await refusalOf(() =>
      bench.call('traces.import', { name: 'crashed.log', dataBase64: base64(log) }),
    );
    expect(text).toMatch(
      /^crashed\.log: reading stopped at line \d+: binary data \(NUL bytes\) from this line on; the 6 SIP message\(s\) read before it were kept as run \d+$/,
    );
    expect(pcapng.split('\n')).toHaveLength(1);
    expect(bench.store.listRuns().map((r) => [r.target, r.messageCount, r.ok])).toEqual(
      expect.arrayContaining([
        ['cut.pcapng', 10, false],
        ['crashed.log', 6, false],
      ]),
    );
  });
});
