import { describe, expect, it } from 'vitest';
import { FairReceiveQueue } from '../../../../electron/engine/transport/fair-receive-queue';

const d = (address: string, port: number, n = 0) => ({
  raw: Buffer.from(`${address}:${port}#${n}`),
  remote: { address, port },
  tsMicros: n,
});

describe('FairReceiveQueue', () => {
  it('serves sources in turn, so one source’s backlog does not delay another', () => {
    const q = new FairReceiveQueue();
    for (let i = 0; i < 10; i++) q.push(d('127.0.0.1', 1000, i));
    q.push(d('127.0.0.1', 2000));
    const order = [q.shift(), q.shift(), q.shift()].map((x) => x!.remote.port);
    expect(order).toEqual([1000, 2000, 1000]);
  });

  it('shares first by address, then by port: many ports of one address get one address’s share', () => {
    const q = new FairReceiveQueue();
    for (let p = 0; p < 50; p++) q.push(d('192.0.2.1', 1000 + p));
    q.push(d('192.0.2.2', 5060));
    const first = [q.shift(), q.shift()].map((x) => x!.remote.address);
    expect(first).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('drops what a source sends beyond its own queue, and still takes another source', () => {
    const q = new FairReceiveQueue({ perSource: 3 });
    const accepted = Array.from({ length: 5 }, (_, i) => q.push(d('a', 1, i)));
    expect(accepted).toEqual([true, true, true, false, false]);
    expect(q.push(d('a', 2))).toBe(true);
  });

  it('is bounded in datagrams and bytes', () => {
    const q = new FairReceiveQueue({ maxDatagrams: 4, perSource: 100 });
    for (let i = 0; i < 10; i++) q.push(d('a', i));
    expect(q.size).toBe(4);
    const small = new FairReceiveQueue({ maxBytes: 12 }); // each datagram is 5 bytes;
    expect(small.push(d('a', 1))).toBe(true);
    expect(small.push(d('a', 1))).toBe(true);
    expect(small.push(d('a', 1))).toBe(false);
  });

  it('keeps each source’s datagrams in arrival order and empties cleanly', () => {
    const q = new FairReceiveQueue();
    for (let i = 0; i < 3; i++) q.push(d('a', 1, i));
    expect([q.shift(), q.shift(), q.shift(), q.shift()].map((x) => x?.tsMicros)).toEqual([
      0,
      1,
      2,
      undefined,
    ]);
    expect(q.size).toBe(0);
  });
});
