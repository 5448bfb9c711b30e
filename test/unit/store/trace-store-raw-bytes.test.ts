import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../../electron/store/trace-store';
import { makeMessage, makeTempDir } from './store-fixtures';

describe('trace store raw bytes', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  let store: TraceStore;

  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'sipkit.db');
    store = openTraceStore({ file });
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  function reopenAndRead(runId: number) {
    store.close();
    store = openTraceStore({ file });
    return store.messagesByRun(runId);
  }

  it('keeps invalid UTF-8, NULs and every byte value exactly as captured', () => {
    const runId = store.createRun({ kind: 'import', target: 'capture.pcap', profile: 'lab' });
    const garbage = Buffer.concat([
      Buffer.from('INVITE sip:bob@pbx SIP/2.0\r\nSubject: '),
      Buffer.from([0xc3, 0x28, 0x00, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x00, 0x00, 0xf0, 0x28, 0x8c, 0xbc]),
      Buffer.from('\r\n\r\n'),
    ]);
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    const onlyNuls = new Uint8Array(32);
    for (const raw of [garbage, everyByte, onlyNuls]) store.append(runId, makeMessage({ raw }));

    const stored = reopenAndRead(runId);
    expect(stored.map((m) => Buffer.from(m.raw).toString('hex'))).toEqual(
      [garbage, everyByte, onlyNuls].map((raw) => Buffer.from(raw).toString('hex')),
    );
    expect(stored.every((m) => m.raw instanceof Uint8Array)).toBe(true);
  });

  it('keeps a large TCP message intact', () => {
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    const big = Buffer.alloc(256 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
    store.append(runId, makeMessage({ transport: 'tcp', raw: big }));

    const [stored] = reopenAndRead(runId);
    expect(Buffer.from(stored?.raw ?? []).equals(big)).toBe(true);
  });

  it('keeps the bytes of a view into a larger buffer, not the whole buffer', () => {
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    const stream = Buffer.from('xxxxSIP/2.0 180 Ringing\r\n\r\nyyyy');
    const frame = stream.subarray(4, stream.length - 4);
    store.append(runId, makeMessage({ transport: 'tcp', raw: frame }));

    const [stored] = reopenAndRead(runId);
    expect(Buffer.from(stored?.raw ?? []).toString('latin1')).toBe('SIP/2.0 180 Ringing\r\n\r\n');
  });

  it('stores messages that did not parse as SIP, with the reason', () => {
    const runId = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
    const junk = Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01]); // a TLS hello sent to a UDP SIP port
    store.append(runId, {
      tsMicros: 1_750_000_000_000_000,
      direction: 'in',
      transport: 'udp',
      local: { address: '0.0.0.0', port: 5060 },
      remote: { address: '203.0.113.9', port: 41000 },
      parsed: false,
      parseError: 'no SIP start line',
      raw: junk,
    });

    const [stored] = reopenAndRead(runId);
    expect(stored).toMatchObject({ parsed: false, parseError: 'no SIP start line', direction: 'in' });
    expect(stored?.callId).toBeUndefined();
    expect(stored?.method).toBeUndefined();
    expect(stored?.status).toBeUndefined();
    expect(Buffer.from(stored?.raw ?? []).equals(junk)).toBe(true);
  });
});
