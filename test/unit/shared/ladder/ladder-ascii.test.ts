import { describe, expect, it } from 'vitest';
import { ladderToAscii } from '../../../../shared/ladder/ladder-ascii';
import { buildLadder } from '../../../../shared/ladder/ladder-model';
import { callFlow, CARRIER, finding, msg, T0 } from './ladder-fixtures';

/** Our socket calling the carrier (127.0.0.2): the INVITE is sent twice before the 100 comes. */
function twoHostCall() {
  const flow = callFlow()
    .slice(2)
    .map((m) => ({ ...m, remote: CARRIER }));
  const [invite, trying, ...rest] = flow;
  return [
    invite!,
    { ...invite!, id: 10, tsMicros: T0 + 512_000 },
    { ...trying!, tsMicros: T0 + 524_000 },
    ...rest,
  ];
}

describe('ladderToAscii', () => {
  it('draws one line per message between the two hosts, replies right to left', () => {
    const model = buildLadder(twoHostCall(), [finding('trunk.from-host', 'error', [3])]);
    expect(ladderToAscii(model, { width: 60 }).split('\n')).toEqual([
      '                  127.0.0.1                127.0.0.2',
      '                127.0.0.1:5070           127.0.0.2:5060',
      '+0.000 s              |-----INVITE (SDP)------>| [trunk.from-host]',
      '+0.500 s              |-----INVITE (SDP)------>| (retr.)',
      '+0.512 s              |<------100 Trying-------|',
      '+1.222 s              |<------180 Ringing------|',
      '+2.988 s              |<-----200 OK (SDP)------|',
      '+2.989 s              |----------ACK---------->|',
      '+7.988 s              |----------BYE---------->|',
      '+8.008 s              |<--------200 OK---------|',
      '',
    ]);
  });

  it('spreads the columns over the width: every arrow starts and ends on a life line', () => {
    const model = buildLadder(callFlow(), []);
    for (const width of [60, 100, 140]) {
      const lines = ladderToAscii(model, { width }).trimEnd().split('\n');
      const rows = lines.filter((l) => l.startsWith('+'));
      expect(rows).toHaveLength(model.arrows.length);
      // The life lines are where the first row has its bars.
      const bars = [...rows[0]!.matchAll(/\|/g)].map((m) => m.index);
      expect(bars).toHaveLength(3);
      expect(bars.at(-1)!).toBeGreaterThan(width * 0.75);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      model.arrows.forEach((arrow, i) => {
        const row = rows[i]!;
        const [a, b] = [bars[arrow.from]!, bars[arrow.to]!];
        if (a < b) expect(row.slice(a, b + 1)).toMatch(/^\|-.*->\|$/);
        else expect(row.slice(b, a + 1)).toMatch(/^\|<-.*-\|$/);
        expect(row.slice(Math.min(a, b), Math.max(a, b))).toContain(arrow.label);
      });
    }
  });

  it('centres each column label over its life line', () => {
    const model = buildLadder(callFlow(), []);
    const [labels, addresses, first] = ladderToAscii(model).split('\n');
    const bars = [...first!.matchAll(/\|/g)].map((m) => m.index);
    model.columns.forEach((column, i) => {
      const start = labels!.indexOf(column.label);
      expect(start).toBeGreaterThan(0);
      expect(Math.abs(start + column.label.length / 2 - bars[i]!)).toBeLessThanOrEqual(1);
    });
    expect(addresses).toContain('127.0.0.2:5060');
  });

  it('stays readable with five hosts: labels fit between the life lines', () => {
    const host = (i: number) => ({ address: `10.0.0.${i}`, port: 5060 });
    const messages = [1, 2, 3, 4].map((i) =>
      msg({ id: i, remote: host(i), method: 'INVITE', branch: `b${i}`, tsMicros: T0 + i * 1000 }),
    );
    messages.push(
      msg({
        id: 9,
        direction: 'in',
        remote: host(1),
        status: 183,
        reason: 'Session Progress',
        tsMicros: T0 + 9000,
      }),
    );
    const text = ladderToAscii(buildLadder(messages, []));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/127\.0\.0\.1 +10\.0\.0\.1 +10\.0\.0\.2 +10\.0\.0\.3 +10\.0\.0\.4$/);
    expect(lines[2]).toMatch(/^\+0\.000 s +\|-+INVITE-+>\| +\| +\| +\| *$/);
    // Between two neighbouring life lines "183 Session Progress" does not fit whole: cut, not overflowing.
    expect(lines[6]).toMatch(/^\+0\.008 s +\|<-+183 Sess[^|]*…-+\| +\| +\| +\| *$/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('draws a message to itself as a hook on its own line', () => {
    const self = msg({ id: 1, remote: { address: '127.0.0.1', port: 5070 }, method: 'MESSAGE' });
    const row = ladderToAscii(buildLadder([self], []), { width: 60 })
      .split('\n')
      .find((l) => l.startsWith('+'));
    expect(row).toMatch(/^\+0\.000 s +\|<-' MESSAGE$/);
  });

  it('stops at maxRows with a "… N more" line', () => {
    const model = buildLadder(callFlow(), []);
    const lines = ladderToAscii(model, { maxRows: 4 }).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('+'))).toHaveLength(4);
    expect(lines.at(-1)!.trim()).toBe('… 5 more messages');
    expect(ladderToAscii(model, { maxRows: 9 })).not.toContain('more message');
  });

  it('keeps control characters from a peer out of the terminal', () => {
    const evil = msg({ id: 1, direction: 'in', status: 500, reason: 'Oops\u001b[2J\u0007' });
    const text = ladderToAscii(buildLadder([evil], [finding('x\u001b]0;y', 'error', [1])]));
    const controls = [...text].filter((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f')));
    expect(controls).toEqual([]);
    expect(text).toContain('500 Oops?[2J?');
    expect(text).toContain('[x?]0;y]');
  });

  it('says so when there is nothing to draw', () => {
    expect(ladderToAscii(buildLadder([], [])).trimStart()).toBe('(no messages)\n');
  });
});
