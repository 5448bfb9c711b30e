import { describe, expect, it } from 'vitest';
import { findOpenDialogs } from '../../../electron/analysis/open-dialogs';
import type { StoredMessage } from '../../../shared/trace-types';

let nextId = 1;
function msg(
  direction: 'in' | 'out',
  callId: string,
  cseqSeq: number,
  cseqMethod: string,
  what: { method?: string; status?: number },
): StoredMessage {
  return {
    id: nextId,
    runId: 1,
    tsMicros: 1_750_000_000_000_000 + nextId++ * 1000,
    direction,
    transport: 'udp',
    local: { address: '127.0.0.1', port: 5070 },
    remote: { address: '127.0.0.1', port: 5060 },
    parsed: true,
    callId,
    cseqSeq,
    cseqMethod,
    ...what,
    raw: new Uint8Array(),
  };
}

const answered = (callId: string): StoredMessage[] => [
  msg('out', callId, 1, 'INVITE', { method: 'INVITE' }),
  msg('in', callId, 1, 'INVITE', { status: 180 }),
  msg('in', callId, 1, 'INVITE', { status: 200 }),
  msg('out', callId, 1, 'INVITE', { method: 'ACK' }),
];

describe('findOpenDialogs', () => {
  it('finds answered calls with no BYE, and only those', () => {
    const open = findOpenDialogs([
      ...answered('up'),
      ...answered('we-hung-up'),
      msg('out', 'we-hung-up', 2, 'BYE', { method: 'BYE' }),
      msg('in', 'we-hung-up', 2, 'BYE', { status: 200 }),
      ...answered('they-hung-up'),
      msg('in', 'they-hung-up', 1, 'BYE', { method: 'BYE' }),
      ...answered('gone'),
      msg('out', 'gone', 2, 'BYE', { method: 'BYE' }),
      msg('in', 'gone', 2, 'BYE', { status: 481 }),
      msg('out', 'busy', 1, 'INVITE', { method: 'INVITE' }),
      msg('in', 'busy', 1, 'INVITE', { status: 486 }),
      msg('out', 'ringing', 1, 'INVITE', { method: 'INVITE' }),
      msg('in', 'ringing', 1, 'INVITE', { status: 180 }),
      // A call placed to us (an answer run): ours to answer, not to end from here.
      msg('in', 'inbound', 1, 'INVITE', { method: 'INVITE' }),
      msg('out', 'inbound', 1, 'INVITE', { status: 200 }),
    ]);
    expect(open.map((d) => d.callId)).toEqual(['up']);
    expect(open[0]).toMatchObject({ lastCseq: 1, answer: { status: 200 }, invite: { method: 'INVITE' } });
  });

  it('keeps a call whose BYE was only challenged, with the CSeq to follow it', () => {
    const open = findOpenDialogs([
      msg('out', 'c', 1, 'INVITE', { method: 'INVITE' }),
      msg('in', 'c', 1, 'INVITE', { status: 407 }),
      msg('out', 'c', 2, 'INVITE', { method: 'INVITE' }),
      msg('in', 'c', 2, 'INVITE', { status: 200 }),
      msg('out', 'c', 3, 'BYE', { method: 'BYE' }),
      msg('in', 'c', 3, 'BYE', { status: 401 }),
    ]);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ lastCseq: 3, invite: { cseqSeq: 2 } });
  });
});
