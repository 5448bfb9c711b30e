import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../../../shared/trace-types';
import { CaptureQueue } from '../../../../electron/engine/transport/capture-queue';

const message = (bytes: number, direction: 'in' | 'out' = 'in'): CapturedMessage => ({
  tsMicros: 1,
  direction,
  transport: 'udp',
  local: { address: '127.0.0.1', port: 5060 },
  remote: { address: '127.0.0.1', port: 5070 },
  raw: new Uint8Array(bytes),
  parsed: false,
});

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('CaptureQueue', () => {
  it('writes captured messages on later turns, in order, a slice at a time', async () => {
    const written: number[] = [];
    const q = new CaptureQueue({ write: (m) => written.push(m.raw.byteLength), sliceSize: 2 });
    for (let i = 1; i <= 5; i++) q.capture(message(i));
    expect(written).toEqual([]);
    await turn();
    expect(written).toEqual([1, 2]);
    for (let i = 0; i < 3; i++) await turn();
    expect(written).toEqual([1, 2, 3, 4, 5]);
    expect(q.written).toBe(5);
  });

  it('counts what it cannot hold instead of growing, and says why', () => {
    const q = new CaptureQueue({ write: () => undefined, maxMessages: 2, maxMessageBytes: 100 });
    q.capture(message(10));
    q.capture(message(10, 'out'));
    q.capture(message(10));
    q.capture(message(10, 'out'));
    q.capture(message(101));
    q.notCaptured('in', 'queue-full');
    expect(q.pending).toBe(2);
    expect(q.notStored).toEqual({ total: 4, inbound: 3, queueFull: 3, tooLarge: 1, unprocessed: 1 });
  });

  it('is bounded in bytes too', () => {
    const q = new CaptureQueue({ write: () => undefined, maxBytes: 1000 });
    q.capture(message(600));
    q.capture(message(600));
    expect(q.notStored.queueFull).toBe(1);
  });

  it('close() writes everything still queued at once', () => {
    const written: CapturedMessage[] = [];
    const q = new CaptureQueue({ write: (m) => written.push(m), sliceSize: 1 });
    for (let i = 0; i < 10; i++) q.capture(message(1));
    q.close();
    expect(written).toHaveLength(10);
    q.capture(message(1));
    expect(q.notStored.queueFull).toBe(1);
  });

  it('a failing writer pauses the queue instead of spinning, and the failure is told', async () => {
    const errors: Error[] = [];
    let calls = 0;
    const q = new CaptureQueue({
      write: () => {
        calls++;
        throw new Error('database is locked');
      },
      onError: (e) => errors.push(e),
    });
    q.capture(message(1));
    q.capture(message(1));
    await turn();
    await turn();
    expect(calls).toBe(1);
    expect(errors.map((e) => e.message)).toEqual(['database is locked']);
  });
});
