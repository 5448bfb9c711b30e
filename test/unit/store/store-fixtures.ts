// Shared helpers for the trace store tests: throwaway folders and captured messages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CapturedMessage } from '../../../shared/trace-types';

/** A fresh folder under the OS temp dir; call the returned cleanup in afterEach. */
export function makeTempDir(): { readonly dir: string; readonly cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-store-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const BASE_TS = 1_750_000_000_000_000;

/** An OPTIONS request as captured on the wire; fields can be overridden per test. */
export function makeMessage(overrides: Partial<CapturedMessage> = {}): CapturedMessage {
  const callId = overrides.callId ?? 'call-1@127.0.0.1';
  const seq = overrides.cseqSeq ?? 1;
  const raw = Buffer.from(
    `OPTIONS sip:pbx.example.com SIP/2.0\r\nCall-ID: ${callId}\r\nCSeq: ${seq} OPTIONS\r\nContent-Length: 0\r\n\r\n`,
  );
  return {
    tsMicros: BASE_TS,
    direction: 'out',
    transport: 'udp',
    local: { address: '127.0.0.1', port: 5070 },
    remote: { address: '127.0.0.1', port: 5060 },
    parsed: true,
    callId,
    cseqSeq: seq,
    cseqMethod: 'OPTIONS',
    method: 'OPTIONS',
    raw,
    ...overrides,
  };
}
