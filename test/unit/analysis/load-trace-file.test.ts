// Files `sipkit analyze` cannot read whole get one clear line (a TraceFileError, exit 2), never
// V8's "Cannot create a string longer than…". Big files are sparse (truncate -s): no disk needed.
import { constants } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTraceFile, TraceFileError } from '../../../electron/analysis/load-trace-file';

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

describe('loadTraceFile on files it cannot read whole', () => {
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

  it('refuses a capture over 1 GiB with the pcap advice (editcap), not the text one', () => {
    const file = path.join(dir, 'big.pcapng');
    fs.writeFileSync(file, Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]));
    fs.truncateSync(file, 1536 * MiB);
    const err = errorOf(file);
    expect(err.message).toMatch(
      /big\.pcapng is 1\.5 GiB: captures over 1 GiB are not read whole; split it \(editcap -c/,
    );
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
