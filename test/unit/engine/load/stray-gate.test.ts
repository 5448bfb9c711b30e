import { describe, expect, it } from 'vitest';
import { StrayGate } from '../../../../electron/engine/load/stray-gate';

const SERVER = { address: '127.0.0.1', port: 5060 };
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function gate(perTurn = 2, queue = { perSource: 3, maxDatagrams: 5 }) {
  const handled: string[] = [];
  let dropped = 0;
  const g = new StrayGate({
    server: SERVER,
    handle: (msg, from) => handled.push(`${from.port}:${msg.toString()}`),
    onDropped: () => dropped++,
    perTurn,
    queue,
  });
  return { g, handled, dropped: () => dropped };
}

describe('StrayGate', () => {
  it('hands the server’s datagrams over at once, ahead of everything waiting', async () => {
    const { g, handled } = gate();
    g.receive(Buffer.from('a'), { address: '127.0.0.1', port: 7000 });
    g.receive(Buffer.from('reply'), SERVER);
    expect(handled).toEqual(['5060:reply']);
    await turn();
    expect(handled).toEqual(['5060:reply', '7000:a']);
  });

  it('serves other sources in turn, a few per event-loop turn', async () => {
    const { g, handled } = gate(2);
    for (const [port, text] of [
      [7000, 'a1'],
      [7000, 'a2'],
      [7000, 'a3'],
      [8000, 'b1'],
    ] as const)
      g.receive(Buffer.from(text), { address: '127.0.0.1', port });
    await turn();
    expect(handled).toEqual(['7000:a1', '8000:b1']);
    await turn();
    await turn();
    expect(handled).toEqual(['7000:a1', '8000:b1', '7000:a2', '7000:a3']);
  });

  it('counts what a full queue drops, and what is still waiting when it closes', async () => {
    const { g, handled, dropped } = gate(1);
    for (let i = 0; i < 5; i++) g.receive(Buffer.from(`f${i}`), { address: '127.0.0.1', port: 7000 });
    expect(dropped()).toBe(2); // per source: 3
    g.receive(Buffer.from('x'), { address: '127.0.0.2', port: 9000 });
    expect(g.waiting).toBe(4);
    g.close();
    expect(dropped()).toBe(6);
    g.receive(Buffer.from('late'), SERVER);
    expect(dropped()).toBe(7);
    await turn();
    expect(handled).toEqual([]);
  });
});
