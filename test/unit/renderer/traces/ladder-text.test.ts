import { describe, expect, it } from 'vitest';
import type { LadderMessage } from '../../../../shared/ipc/schemas/traces';
import { ladderOf } from '../../../../renderer/src/traces/ladder-of';
import { fitText, rowText, textWidth } from '../../../../renderer/src/traces/ladder-text';

describe('text on a ladder arrow', () => {
  it('shows label and detail on one line when they fit', () => {
    const t = rowText('INVITE', 'CSeq 1 INVITE · SDP', false, true, 184);
    expect([t.label, t.detail]).toEqual(['INVITE', 'CSeq 1 INVITE · SDP']);
  });

  it('shortens the detail to the SDP mark, then drops it, before cutting the label', () => {
    expect(rowText('183 Session Progress', 'CSeq 1 INVITE · SDP', false, true, 184).detail).toBe('SDP');
    const noSdp = rowText('183 Session Progress', 'CSeq 1 INVITE', false, false, 184);
    expect([noSdp.label, noSdp.detail]).toEqual(['183 Session Progress', '']);
    expect(rowText('183 Session Progress', '', false, false, 60).label).toBe('183 Ses…');
  });

  it('keeps "retr." whole on a retransmission', () => {
    const t = rowText('INVITE', 'CSeq 1 INVITE', true, false, 80);
    expect(t.retr).toBe(' retr.');
    expect(t.width).toBeLessThanOrEqual(80);
  });

  it('measures monospace text by its length', () => {
    expect(textWidth('INVITE', 12)).toBeCloseTo(43.2);
    expect(fitText('short', 12, 200)).toBe('short');
  });
});

describe('columns of a loopback capture', () => {
  const m = (id: number, direction: 'in' | 'out'): LadderMessage => ({
    id,
    tsMicros: id,
    direction,
    transport: 'udp',
    local: { address: '127.0.0.1', port: 5060 },
    remote: { address: '127.0.0.1', port: 5070 },
    parsed: true,
    method: 'OPTIONS',
    hasSdp: false,
  });

  it('gives each ip:port its own column when every party shares one IP', () => {
    // Imports see both sides of a loopback call as one host; one column would be all self-loops.
    const model = ladderOf([m(1, 'out'), m(2, 'in')], []);
    expect(model.columns.length).toBeGreaterThanOrEqual(2);
    expect(model.arrows.every((a) => a.from !== a.to)).toBe(true);
  });
});
