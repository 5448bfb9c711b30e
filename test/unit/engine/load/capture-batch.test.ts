import { describe, expect, it } from 'vitest';
import { packBatch, unpackBatch } from '../../../../electron/engine/load/capture-batch';
import type { CapturedMessage } from '../../../../shared/trace-types';

const local = { address: '127.0.0.1', port: 40000 };

const messages: CapturedMessage[] = [
  {
    tsMicros: 1_764_000_000_000_001,
    direction: 'out',
    transport: 'udp',
    local,
    remote: { address: '127.0.0.1', port: 5060 },
    parsed: true,
    callId: 'c1@x',
    cseqSeq: 1,
    cseqMethod: 'INVITE',
    method: 'INVITE',
    raw: Buffer.from('INVITE sip:100@127.0.0.1 SIP/2.0\r\n\r\n'),
  },
  {
    tsMicros: 1_764_000_000_000_900,
    direction: 'in',
    transport: 'udp',
    local,
    remote: { address: '127.0.0.1', port: 5060 },
    parsed: true,
    callId: 'c1@x',
    cseqSeq: 1,
    cseqMethod: 'INVITE',
    status: 503,
    reason: 'Service Unavailable',
    raw: Buffer.from('SIP/2.0 503 Service Unavailable\r\n\r\n'),
  },
  {
    tsMicros: 1_764_000_000_001_000,
    direction: 'in',
    transport: 'udp',
    local,
    remote: { address: '127.0.0.9', port: 5099 },
    parsed: false,
    parseError: 'not SIP',
    raw: new Uint8Array([0, 1, 2, 255]),
  },
];

describe('captured messages between threads', () => {
  it('come back field for field and byte for byte, in order', () => {
    const { batch, transfer } = packBatch(messages);
    expect(transfer).toContain(batch.bytes);
    const out: CapturedMessage[] = [];
    unpackBatch(structuredClone(batch, { transfer }), (m) => out.push(m));
    expect(out).toHaveLength(3);
    out.forEach((m, i) => {
      const { raw, ...rest } = m;
      const { raw: expectedRaw, ...expected } = messages[i]!;
      expect(rest).toEqual(expected);
      expect(Buffer.from(raw).equals(Buffer.from(expectedRaw))).toBe(true);
    });
  });

  it('an empty batch is fine', () => {
    const { batch } = packBatch([]);
    const out: CapturedMessage[] = [];
    unpackBatch(batch, (m) => out.push(m));
    expect(out).toEqual([]);
  });
});
