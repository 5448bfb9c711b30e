// `sipkit analyze` on the RFC 4475 §3.1 torture cases (messages authored for this project in
// test/unit/shared/sip/rfc4475-messages.ts), sent as UDP datagrams on lo to a port that is not
// 5060 while dumpcap captures them, and written as a text log. Each invalid message is found (a
// SIP start line is never "no SIP messages found") and its violation named; the valid ones, each
// answered as a peer would, give no warning or error and exit 0.
import { createSocket, type Socket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { startDumpcap } from '../support/dumpcap';
import { freeUdpPort } from '../support/ports';
import { runSipkit } from '../support/sipkit-cli';
import { tsharkFrames } from '../support/tshark-frames';
import { sleep } from '../support/wait';
import { completeExchange, INVALID, VALID } from '../unit/shared/sip/rfc4475-messages';

interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly title: string;
  readonly evidence: readonly { readonly messageIndex: number }[];
}

/** §8.1.1.5 mismatches are sip.cseq's (it names both methods); every other case is sip.syntax's. */
const RULE_OF: Readonly<Record<string, string>> = { mismatch01: 'sip.cseq', mismatch02: 'sip.cseq' };

function bind(socket: Socket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve());
  });
}

function send(socket: Socket, text: string, port: number): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(Buffer.from(text, 'latin1'), port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  );
}

function findingsOf(json: Record<string, unknown>[]): JsonFinding[] {
  return json.filter((l) => l.type === 'finding') as unknown[] as JsonFinding[];
}

function importedCount(json: Record<string, unknown>[]): unknown {
  return json.find((l) => l.type === 'import' && typeof l.messages === 'number')?.messages;
}

describe('sipkit analyze on the RFC 4475 torture messages', () => {
  let dir: string;
  let env: Record<string, string>;
  let ua: Socket;
  let peer: Socket;
  let uaPort: number;
  let peerPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sipkit-rfc4475-'));
    env = { SIPKIT_DATA_DIR: dir };
    uaPort = await freeUdpPort();
    peerPort = await freeUdpPort();
    ua = createSocket('udp4');
    peer = createSocket('udp4');
    await bind(ua, uaPort);
    await bind(peer, peerPort);
  });
  afterAll(async () => {
    ua?.close();
    peer?.close();
    await stopAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** dumpcap on lo while `exchange` runs; the capture file's path. */
  async function capture(name: string, exchange: () => Promise<void>): Promise<string> {
    const file = path.join(dir, `${name}.pcapng`);
    const dumpcap = await startDumpcap({
      filter: `udp and (port ${uaPort} or port ${peerPort})`,
      file,
      name: `dumpcap-${name}`,
    });
    await exchange();
    await sleep(1000); // the last datagrams reach the file
    await dumpcap.stop();
    return file;
  }

  it('names the violation of each of the 19 invalid messages (§3.1.2), from a pcap and from a text log', async () => {
    const file = await capture('invalid', async () => {
      for (const c of INVALID) {
        await send(ua, c.text, peerPort);
        await sleep(20);
      }
    });
    const log = path.join(dir, 'invalid.log');
    writeFileSync(log, Buffer.from(INVALID.map((c) => c.text).join('\r\n'), 'latin1'));

    for (const source of [file, log]) {
      const run = await runSipkit(['analyze', source, '--no-store', '--json'], env);
      expect(run.code, run.stderr).toBe(1);
      expect(importedCount(run.json)).toBe(INVALID.length);
      const findings = findingsOf(run.json);
      INVALID.forEach((c, index) => {
        const rule = RULE_OF[c.name] ?? 'sip.syntax';
        const named = findings.filter(
          (f) =>
            f.rule === rule &&
            f.evidence.some((e) => e.messageIndex === index) &&
            (rule !== 'sip.syntax' || (f.title.includes(`(${c.where})`) && c.says.test(f.title))),
        );
        expect(named, `${c.name} in ${path.basename(source)}`).not.toEqual([]);
      });
    }
  }, 180_000);

  it('finds each invalid message alone in a file, never "no SIP messages found"', async () => {
    for (const c of INVALID) {
      const one = path.join(dir, `${c.name}.txt`);
      writeFileSync(one, Buffer.from(c.text, 'latin1'));
      const run = await runSipkit(['analyze', one, '--no-store', '--json'], env);
      expect(importedCount(run.json), `${c.name}: ${run.stdout}${run.stderr}`).toBe(1);
      // Flagged (a warning where the peer may cope, an error where routing breaks), never exit 2.
      expect(run.code, c.name).not.toBe(2);
      const rule = RULE_OF[c.name] ?? 'sip.syntax';
      expect(
        findingsOf(run.json).some((f) => f.rule === rule && f.severity !== 'info'),
        c.name,
      ).toBe(true);
    }
  }, 300_000);

  it('gives the 13 valid messages (§3.1.1) no warning or error, each answered as a peer would', async () => {
    let sent = 0;
    const file = await capture('valid', async () => {
      for (const c of VALID) {
        await send(ua, c.text, peerPort);
        sent++;
        if (!c.text.startsWith('SIP/2.0')) {
          for (const m of completeExchange(c.text)) {
            await sleep(10);
            if (m.from === 'ua') await send(ua, m.text, peerPort);
            else await send(peer, m.text, uaPort);
            sent++;
          }
        }
        await sleep(20);
      }
    });
    const run = await runSipkit(['analyze', file, '--no-store', '--json'], env);
    const bad = findingsOf(run.json).filter((f) => f.severity !== 'info');
    expect(bad.map((f) => `${f.rule}: ${f.title}`)).toEqual([]);
    expect(run.code).toBe(0);
    // One datagram, one message: dblreq's INVITE after the REGISTER's Content-Length is no message.
    // tshark counts the datagrams the capture holds (a loaded machine may drop one of those sent).
    expect(importedCount(run.json)).toBe(tsharkFrames(file, 'udp'));
    expect(tsharkFrames(file, 'udp')).toBeGreaterThan(sent - 3);

    // The multipart message with its binary part, alone in a text file, is read as SIP, not binary.
    const mpart = path.join(dir, 'mpart01.txt');
    writeFileSync(mpart, Buffer.from(VALID.find((c) => c.name === 'mpart01')!.text, 'latin1'));
    const alone = await runSipkit(['analyze', mpart, '--no-store', '--json'], env);
    expect(importedCount(alone.json), alone.stdout + alone.stderr).toBe(1);
    expect(alone.code).not.toBe(2);
  }, 180_000);
});
