// RTP in captures (Wireshark's RTP Streams, sngrep's RTP view), as `sipkit analyze` shows it: per
// call every stream with packets, loss, RFC 3550 jitter and max delta, and the verdict a live test
// call gives. tshark is the oracle for the public captures; for real traffic, `sipkit call`
// against SIPp with dumpcap writing the same call to a file, the verdict of the capture must equal
// the live call's own.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip } from '../support/baresip';
import { requireBinary } from '../support/binaries';
import { stopAll } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { PUBLIC_CORPUS, publicCorpusPresent } from '../support/public-corpus';
import { runSipkit, spawnSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';

const TSHARK = requireBinary('tshark', 'tshark');
const run = promisify(execFile);

interface Stream {
  readonly src: { address: string; port: number };
  readonly dst: { address: string; port: number };
  readonly ssrc: number;
  readonly packets: number;
  readonly lost: number;
  readonly maxJitterMs: number;
  readonly meanJitterMs: number;
  readonly maxDeltaMs: number;
  readonly direction?: string;
  readonly rtcp?: { reports: number };
}

interface RtpCall {
  readonly callId: string;
  readonly verdict: string;
  readonly fromCaller: number;
  readonly toCaller: number;
  readonly streams: readonly Stream[];
}

interface TsharkStream {
  readonly key: string;
  readonly packets: number;
  readonly lost: number;
  readonly maxDeltaMs: number;
  readonly meanJitterMs: number;
  readonly maxJitterMs: number;
}

/** `tshark -z rtp,streams` rows, with Wireshark's RTP heuristic on so streams no SDP names count too. */
async function tsharkStreams(file: string): Promise<TsharkStream[]> {
  const { stdout } = await run(TSHARK, [
    '-r',
    file,
    '-o',
    'rtp.heuristic_rtp:TRUE',
    '-q',
    '-z',
    'rtp,streams',
  ]);
  const rows: TsharkStream[] = [];
  for (const line of stdout.split('\n')) {
    // start end src sport dst dport ssrc payload… pkts lost (pct) minΔ meanΔ maxΔ minJ meanJ maxJ
    const m =
      /^\s*[\d.]+\s+[\d.]+\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+0x([0-9A-F]+)\s+.*?\s(\d+)\s+(-?\d+) \([^)]*\)\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s+[\d.]+\s+([\d.]+)\s+([\d.]+)/.exec(
        line,
      );
    if (!m) continue;
    rows.push({
      key: `${m[1]}:${m[2]} ${m[3]}:${m[4]} ${parseInt(m[5]!, 16)}`,
      packets: Number(m[6]),
      lost: Number(m[7]),
      maxDeltaMs: Number(m[8]),
      meanJitterMs: Number(m[9]),
      maxJitterMs: Number(m[10]),
    });
  }
  return rows;
}

function keyOf(s: Stream): string {
  return `${s.src.address}:${s.src.port} ${s.dst.address}:${s.dst.port} ${s.ssrc}`;
}

async function analyse(file: string, env: Record<string, string>) {
  const out = await runSipkit(['analyze', file, '--no-store', '--json'], env);
  const calls = out.json.filter((l) => l.type === 'rtp-call') as unknown as RtpCall[];
  const unmatched = out.json.filter((l) => l.type === 'rtp-stream') as unknown as Stream[];
  const findings = out.json.filter((l) => l.type === 'finding') as {
    rule: string;
    severity: string;
    title: string;
  }[];
  return { out, calls, streams: [...calls.flatMap((c) => c.streams), ...unmatched], findings };
}

/**
 * Jitter within 2 % or 0.05 ms of Wireshark's. Both run RFC 3550 A.8 over the same arrival times
 * and timestamps; Wireshark rounds arrival times to the capture's µs in its own units and treats a
 * payload-type change (PCMA → CN → telephone-event) with its own clock bookkeeping, which moves the
 * figure by a hair, never by a user-visible amount.
 */
function closeJitter(ours: number, theirs: number): boolean {
  return Math.abs(ours - theirs) <= Math.max(0.05, theirs * 0.02);
}

describe.skipIf(!publicCorpusPresent)(
  `RTP streams of public captures against tshark (skipped: ${PUBLIC_CORPUS} is absent)`,
  () => {
    let dir: string;
    let env: Record<string, string>;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'sipkit-rtp-corpus-'));
      env = { SIPKIT_DATA_DIR: dir };
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('a capture of signalling only says once that audio cannot be judged, not "no audio" per call', async () => {
      const file = path.join(PUBLIC_CORPUS, 'heplify/sip_ipv4_tcp_fragmented.pcap');
      const { calls, streams, findings, out } = await analyse(file, env);
      expect(streams).toEqual([]);
      expect(calls).toEqual([]);
      expect(findings.filter((f) => f.rule === 'rtp.audio')).toEqual([
        expect.objectContaining({ severity: 'info', title: expect.stringMatching(/holds no RTP/) }),
      ]);
      expect(out.json.at(-1)).toMatchObject({ rtp: { streams: 0, calls: [] } });
      const text = await runSipkit(['analyze', file, '--no-store'], env);
      expect(text.stdout).toMatch(
        /RTP STREAMS\n {2}none in the capture: the audio of \d+ answered calls cannot be judged/,
      );
      expect(text.stdout).not.toMatch(/no audio \(0 packets/);
    });

    it('rtp_rtcp_sip_ipv4_udp.pcap: the five streams tshark sees, with its packets, loss, max delta and jitter; the call is two-way with RTCP', async () => {
      const file = path.join(PUBLIC_CORPUS, 'heplify/rtp_rtcp_sip_ipv4_udp.pcap');
      const oracle = await tsharkStreams(file);
      expect(oracle).toHaveLength(5);
      const { calls, streams, findings } = await analyse(file, env);
      expect(streams.map(keyOf).sort()).toEqual(oracle.map((o) => o.key).sort());
      for (const o of oracle) {
        const ours = streams.find((s) => keyOf(s) === o.key)!;
        expect({ key: o.key, packets: ours.packets, lost: ours.lost }).toEqual({
          key: o.key,
          packets: o.packets,
          lost: o.lost,
        });
        expect(Math.abs(ours.maxDeltaMs - o.maxDeltaMs)).toBeLessThan(0.01);
        expect(
          closeJitter(ours.maxJitterMs, o.maxJitterMs),
          `${o.key} max jitter ${ours.maxJitterMs} vs ${o.maxJitterMs}`,
        ).toBe(true);
        expect(
          closeJitter(ours.meanJitterMs, o.meanJitterMs),
          `${o.key} mean jitter ${ours.meanJitterMs} vs ${o.meanJitterMs}`,
        ).toBe(true);
      }
      // The SIP call 12013223 offers 200.57.7.196:40376 and is answered with 200.57.7.204:8000.
      const call = calls.find((c) => c.callId === '12013223@200.57.7.195')!;
      expect(call.verdict).toBe('two-way');
      expect(call.streams.map((s) => `${s.direction} ${s.packets}`).sort()).toEqual([
        'from-caller 891',
        'to-caller 548',
      ]);
      expect(call.streams.every((s) => (s.rtcp?.reports ?? 0) > 0)).toBe(true);
      expect(findings.filter((f) => f.rule === 'rtp.audio')).toEqual([]);
    });

    it('FAX-Call-t38: tshark\u2019s streams, and the RTP it labels T.38 after the re-INVITE counted as the RTP it is', async () => {
      const file = path.join(PUBLIC_CORPUS, 'heplify/FAX-Call-t38-CA-TDM-SIP-FB-1.pcap');
      const oracle = await tsharkStreams(file);
      expect(oracle).toHaveLength(2);
      const { calls, streams, findings } = await analyse(file, env);
      expect(streams).toHaveLength(2);
      // By SSRC: the gateway's stream, and the far end's answering it on the same two ports.
      const gateway = oracle.find((o) => o.key.endsWith(` ${0x17d90134}`))!;
      const ours = streams.find((s) => keyOf(s) === gateway.key)!;
      expect([ours.packets, ours.lost]).toEqual([gateway.packets, gateway.lost]);
      expect(closeJitter(ours.maxJitterMs, gateway.maxJitterMs)).toBe(true);
      expect(closeJitter(ours.meanJitterMs, gateway.meanJitterMs)).toBe(true);
      // After the T.38 re-INVITE tshark decodes the far end's flow to the gateway by the SDP
      // (image/udptl) as malformed T.38; the packets are RTP version 2 with the same SSRC and
      // consecutive sequence numbers, so we count them with the stream.
      const back = oracle.find((o) => o.key.endsWith(` ${0x0eaf0eaf}`))!;
      const [from = '', to = ''] = back.key.split(' ');
      const [backHost, backPort] = from.split(':');
      const { stdout } = await run(TSHARK, [
        '-r',
        file,
        '-Y',
        `ip.src==${backHost} && udp.srcport==${backPort} && udp.dstport==${to.split(':')[1]}`,
        '-T',
        'fields',
        '-e',
        'frame.number',
      ]);
      const allOnFlow = stdout.trim().split('\n').length;
      const oursBack = streams.find((s) => keyOf(s) === back.key)!;
      expect(oursBack.packets).toBe(allOnFlow);
      expect(oursBack.packets).toBeGreaterThan(back.packets);
      expect(oursBack.lost).toBe(0);
      // The call whose media the capture holds is two-way; the other leg's media is not in the
      // capture at all (no packet to or from either of its SDP addresses), which says something
      // about where the capture was taken, not about the call: a note, no warning or error.
      expect(calls.find((c) => c.streams.length === 2)?.verdict).toBe('two-way');
      expect(findings.filter((f) => f.rule.startsWith('rtp.') && f.severity !== 'info')).toEqual([]);
    });
  },
);

describe('RTP of a real call captured by dumpcap: the capture gives the live call\u2019s own verdict', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-rtp-live-'));
    env = { SIPKIT_DATA_DIR: dir };
  });
  afterAll(async () => {
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function capturedCall(echo: boolean, name: string) {
    const uas = await startSipp({ scenario: 'uas-answer', rtpEcho: echo });
    const file = path.join(dir, `${name}.pcapng`);
    // Only this SIPp's ports: other tests share lo.
    const capture = await startDumpcap({
      filter: `udp port ${uas.port} or udp port ${uas.mediaPort}`,
      file: file,
    });
    const call = await runSipkit(
      ['call', '--server', uas.address, '--to', '15551230000', '--hold', '2', '--json'],
      env,
    );
    await new Promise((r) => setTimeout(r, 500)); // let the last packets reach the file
    await capture.stop();
    await uas.stop();
    const live = call.json.at(-1)!.media as { verdict: string; packetsSent: number; packetsReceived: number };
    const analysed = await analyse(file, env);
    return { live, ...analysed };
  }

  it('a two-way call (SIPp echoes our RTP) is two-way in the capture, with no audio finding', async () => {
    const { live, calls, findings } = await capturedCall(true, 'two-way');
    expect(live.verdict).toBe('two-way');
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.verdict).toBe(live.verdict);
    // Every packet we sent is in the capture, from the caller; the echo comes back to it.
    expect(call!.fromCaller).toBe(live.packetsSent);
    expect(call!.toCaller).toBeGreaterThan(0);
    expect(findings.filter((f) => f.rule === 'rtp.audio')).toEqual([]);
  });

  it('a one-way call (SIPp sends no RTP) is one-way from the caller in the capture, an error saying so', async () => {
    const { live, calls, findings, out } = await capturedCall(false, 'one-way');
    expect(live.verdict).toBe('one-way-out');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.verdict).toBe(live.verdict);
    expect(calls[0]!.toCaller).toBe(0);
    const audio = findings.filter((f) => f.rule === 'rtp.audio');
    expect(audio).toHaveLength(1);
    expect(audio[0]).toMatchObject({ severity: 'error' });
    expect(audio[0]!.title).toMatch(
      /one-way audio — the caller's RTP reached 127\.0\.0\.1:\d+ \(\d+ packets\) but none came back/,
    );
    expect(out.code).toBe(1);
  });

  it('an opus call between two baresips: jitter in the stream\u2019s 48 kHz clock, as tshark reads it from the SDP', async () => {
    // Dynamic payload type 96: tshark takes its clock from the SDP's rtpmap (opus/48000/2); we read
    // it from the RTP timestamps, which must give the same figures.
    // Both baresips' RTP ports are chosen here, so that the capture holds only this call: other
    // tests' calls run beside it.
    const rtpBase = 20000 + 2 * Math.floor(Math.random() * 10000);
    const callee = await startBaresip({ user: 'callee', codecs: 'opus/48000/2', rtpBase });
    const file = path.join(dir, 'opus.pcapng');
    const capture = await startDumpcap({
      filter: `udp port ${callee.port} or udp portrange ${rtpBase}-${rtpBase + 82}`,
      file,
    });
    const caller = await startBaresip({
      user: 'caller',
      codecs: 'opus/48000/2',
      dial: `sip:callee@127.0.0.1:${callee.port}`,
      rtpBase: rtpBase + 42,
    });
    await caller.process.waitForLine(/Call established/, 10_000);
    await new Promise((r) => setTimeout(r, 3000)); // three seconds of audio
    await caller.stop();
    await new Promise((r) => setTimeout(r, 500));
    await capture.stop();
    await callee.stop();

    const { calls } = await analyse(file, env);
    expect(calls).toHaveLength(1);
    const theirs = new Map((await tsharkStreams(file)).map((t) => [t.key, t]));
    const streams = calls[0]!.streams;
    expect(streams.length).toBeGreaterThan(0);
    for (const s of streams) {
      const t = theirs.get(keyOf(s));
      expect(t, keyOf(s)).toBeDefined();
      expect(s.packets).toBe(t!.packets);
      expect(closeJitter(s.maxJitterMs, t!.maxJitterMs), `max ${s.maxJitterMs} vs ${t!.maxJitterMs}`).toBe(
        true,
      );
      expect(
        closeJitter(s.meanJitterMs, t!.meanJitterMs),
        `mean ${s.meanJitterMs} vs ${t!.meanJitterMs}`,
      ).toBe(true);
    }
  });

  it('sipkit capture on lo gives the same streams and verdict live, and keeps them with its run', async () => {
    const uas = await startSipp({ scenario: 'uas-answer', rtpEcho: false });
    const filter = `udp port ${uas.port} or udp port ${uas.mediaPort}`;
    const capture = spawnSipkit(['--json', 'capture', '--iface', 'lo', '--filter', filter], env);
    await capture.waitForJson((l) => l.type === 'capture');
    const call = await runSipkit(
      ['call', '--server', uas.address, '--to', '15551230000', '--hold', '2', '--json'],
      env,
    );
    await new Promise((r) => setTimeout(r, 500));
    capture.kill('SIGINT');
    const done = await capture.done;
    await uas.stop();
    const live = call.json.at(-1)!.media as { verdict: string; packetsSent: number };
    expect(live.verdict).toBe('one-way-out');
    const result = done.json.at(-1)!;
    expect(result).toMatchObject({ type: 'result', ok: true, rtp: { streams: 1 } });
    const calls = done.json.filter((l) => l.type === 'rtp-call') as unknown as RtpCall[];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ verdict: live.verdict, fromCaller: live.packetsSent, toCaller: 0 });
    expect(
      done.json.some((l) => l.type === 'finding' && l.rule === 'rtp.audio' && l.severity === 'error'),
    ).toBe(true);
    // The run keeps its streams: analysing it later gives the same answer.
    const again = await runSipkit(['analyze', '--run', String(result.run), '--json'], env);
    const stored = again.json.filter((l) => l.type === 'rtp-call') as unknown as RtpCall[];
    expect(stored.map((c) => [c.verdict, c.fromCaller, c.toCaller])).toEqual([
      [live.verdict, live.packetsSent, 0],
    ]);
  });
});
