// Files `sipkit analyze` cannot read whole get one clear line (a TraceFileError, exit 2), never
// V8's "Cannot create a string longer than…"; captures of any size are streamed instead. Big
// files are sparse (truncate -s, holes): no disk needed.
import { constants } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTraceFile, TraceFileError } from '../../../electron/analysis/load-trace-file';
import { writePcap } from '../import/pcap/capture-writer';
import { sipMessage, udpFrame } from '../import/pcap/packet-builder';

const MiB = 2 ** 20;

function errorOf(file: string): TraceFileError {
  try {
    loadTraceFile(file);
  } catch (err) {
    if (err instanceof TraceFileError) return err;
    throw err;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe('loadTraceFile on big files and files it cannot read', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-load-trace-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a 700 MiB text log in one line that says how to split it', () => {
    const file = path.join(dir, 'asterisk-full.log');
    fs.writeFileSync(file, 'INVITE sip:1001@pbx SIP/2.0\r\n');
    fs.truncateSync(file, 700 * MiB);
    const err = errorOf(file);
    expect(err.message).toMatch(
      /asterisk-full\.log is 700 MiB: text logs over 511 MiB are not read whole; split it/,
    );
    expect(err.message).not.toContain('\n');
  });

  it('refuses a text log one byte over what V8 can hold as a string, and reads the size limit from it', () => {
    const file = path.join(dir, 'edge.txt');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, constants.MAX_STRING_LENGTH + 1);
    expect(errorOf(file).message).toMatch(/text logs over 511 MiB are not read whole/);
  });

  // Reading 1.1 GiB (of holes) takes a few seconds on a busy 2-core machine: not a speed check.
  it(
    'analyses a capture over 1 GiB, streamed: the SIP message after 1.1 GiB of other frames is found',
    { timeout: 60_000 },
    () => {
      // A sparse file: an OPTIONS, then 376 frames of 3 MiB of zeros (not IP: skipped), then its
      // 200 OK. Before streaming, a capture this big was refused ("not read whole; split it").
      const file = path.join(dir, 'span-port.pcap');
      const frame = 3 * MiB;
      const head = writePcap(
        [{ data: udpFrame(sipMessage('OPTIONS sip:pbx@example.com SIP/2.0')), tsMicros: 1_000_000 }],
        { linkType: 1, snaplen: 64 * MiB },
      );
      const tail = writePcap(
        [
          {
            data: udpFrame(sipMessage('SIP/2.0 200 OK'), { srcPort: 5060, dstPort: 5060 }),
            tsMicros: 2_000_000,
          },
        ],
        { linkType: 1 },
      ).subarray(24);
      const fd = fs.openSync(file, 'w');
      let at = fs.writeSync(fd, head, 0, head.length, 0);
      const record = Buffer.alloc(16);
      for (let k = 0; k < 376; k++) {
        record.writeUInt32LE(1, 0);
        record.writeUInt32LE(k, 4);
        record.writeUInt32LE(frame, 8);
        record.writeUInt32LE(frame, 12);
        fs.writeSync(fd, record, 0, 16, at);
        at += 16 + frame; // the frame's bytes are a hole: zeros, no disk
      }
      fs.writeSync(fd, tail, 0, tail.length, at);
      fs.closeSync(fd);
      expect(fs.statSync(file).size).toBeGreaterThan(1024 * MiB);

      const loaded = loadTraceFile(file);
      expect(loaded.format).toBe('pcap (ETHERNET), 378 packets');
      expect(loaded.stopped).toBeUndefined();
      expect(loaded.messages.map((m) => m.text.split('\r\n')[0])).toEqual([
        'OPTIONS sip:pbx@example.com SIP/2.0',
        'SIP/2.0 200 OK',
      ]);
      expect(loaded.messages[1]!.sourceLine).toBe(378);
    },
  );

  it('stops at damage in a big capture without reading the rest, keeping what came before', () => {
    const file = path.join(dir, 'damaged.pcap');
    const head = writePcap(
      [{ data: udpFrame(sipMessage('OPTIONS sip:pbx@example.com SIP/2.0')), tsMicros: 1_000_000 }],
      { linkType: 1 },
    );
    fs.writeFileSync(file, head);
    // Zeros after the first packet: an empty record header, i.e. damage.
    fs.truncateSync(file, 1536 * MiB);
    const loaded = loadTraceFile(file);
    expect(loaded.messages).toHaveLength(1);
    expect(loaded.stopped).toMatch(/stopped at packet 2 .*: bad record: packet 2 is empty/);
  });

  it('says a folder is a folder, a missing file is missing, and a FIFO is not a regular file', () => {
    expect(errorOf(dir).message).toMatch(/cannot read .*: it is a folder/);
    expect(errorOf(path.join(dir, 'gone.log')).message).toMatch(/cannot read .*gone\.log: no such file/);
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // Opening a FIFO with no writer would block forever: it is refused before it is opened.
    expect(errorOf(fifo).message).toMatch(/cannot read .*pipe: not a regular file/);
  });

  it('still reads a small text log', () => {
    const file = path.join(dir, 'one.txt');
    fs.writeFileSync(
      file,
      'OPTIONS sip:pbx.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@c>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
    );
    expect(loadTraceFile(file).messages).toHaveLength(1);
  });
});
