import { describe, expect, it } from 'vitest';
import { buildLadder } from '../../../../shared/ladder/ladder-model';
import { CALL, callFlow, CARRIER, CARRIER_ALT, finding, msg, PBX, T0, US } from './ladder-fixtures';

describe('ladder columns', () => {
  it('puts our socket leftmost even when a peer spoke first, then the peers in order of appearance', () => {
    const { columns } = buildLadder(callFlow(), []);
    // The carrier's OPTIONS is the first message, yet our column comes first.
    expect(columns.map((c) => [c.label, c.local])).toEqual([
      ['127.0.0.1:5070', true],
      ['127.0.0.2', false],
      ['127.0.0.1:5060', false],
    ]);
    expect(columns.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(new Set(columns.map((c) => c.key)).size).toBe(3);
  });

  it('keeps our socket and the PBX apart on a shared loopback IP, so the call is not all self-loops', () => {
    const { arrows } = buildLadder(callFlow(), []);
    const invite = arrows.find((a) => a.messageId === 3)!;
    const trying = arrows.find((a) => a.messageId === 4)!;
    expect([invite.from, invite.to]).toEqual([0, 2]);
    expect([trying.from, trying.to]).toEqual([2, 0]);
    expect(arrows.filter((a) => a.from === a.to)).toEqual([]);
  });

  it('merges every port of one host into one column by default, and splits them on request', () => {
    const messages = [
      ...callFlow(),
      msg({ id: 10, direction: 'in', remote: CARRIER_ALT, method: 'OPTIONS', callId: 'o2', branch: 'b2' }),
    ];
    const merged = buildLadder(messages, []);
    const carrier = merged.columns.find((c) => c.label === '127.0.0.2')!;
    expect(carrier.addresses).toEqual(['127.0.0.2:5060', '127.0.0.2:5080']);
    expect(merged.arrows[9]!.from).toBe(carrier.index);
    expect(merged.arrows[0]!.from).toBe(carrier.index);

    const split = buildLadder(messages, [], { mergePortsOfHost: false });
    expect(split.columns.map((c) => c.label)).toEqual([
      '127.0.0.1:5070',
      '127.0.0.2:5060',
      '127.0.0.1:5060',
      '127.0.0.2:5080',
    ]);
    expect(split.arrows[9]!.from).toBe(3);
  });

  it('merges two of our sockets on one IP into our column, marked "(local)" beside a PBX on that IP', () => {
    const messages = [
      ...callFlow(),
      msg({
        id: 10,
        local: { address: '127.0.0.1', port: 5072 },
        method: 'REGISTER',
        callId: 'r',
        branch: 'r1',
      }),
    ];
    const { columns, arrows } = buildLadder(messages, []);
    expect(columns[0]).toMatchObject({
      label: '127.0.0.1 (local)',
      local: true,
      addresses: ['127.0.0.1:5070', '127.0.0.1:5072'],
    });
    expect(arrows[9]!.from).toBe(0);
    expect(columns[2]!.label).toBe('127.0.0.1:5060');
  });

  it('labels a host by its IP when nothing else shares it', () => {
    const messages = callFlow().map((m) => ({
      ...m,
      remote:
        m.remote.port === 5060 && m.remote.address === PBX.address
          ? { address: '127.0.0.9', port: 5060 }
          : m.remote,
    }));
    const { columns } = buildLadder(messages, []);
    expect(columns.map((c) => c.label)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.9']);
    expect(columns[0]!.addresses).toEqual(['127.0.0.1:5070']);
  });

  it('names columns by alias (ip:port before ip) and merges every address with the same alias', () => {
    const messages = [
      ...callFlow(),
      msg({
        id: 10,
        remote: { address: '127.0.0.3', port: 5060 },
        method: 'INVITE',
        callId: 'x',
        branch: 'x1',
      }),
    ];
    const { columns, arrows } = buildLadder(messages, [], {
      aliases: {
        '127.0.0.1:5060': 'PBX',
        '127.0.0.3': 'PBX',
        '127.0.0.2': 'Carrier',
        '127.0.0.2:5080': 'unused',
      },
    });
    expect(columns.map((c) => [c.key, c.label])).toEqual([
      ['127.0.0.1', '127.0.0.1'],
      ['Carrier', 'Carrier'],
      ['PBX', 'PBX'],
    ]);
    expect(columns[2]!.addresses).toEqual(['127.0.0.1:5060', '127.0.0.3:5060']);
    expect(arrows[9]!.to).toBe(2);
    expect(arrows[2]!.to).toBe(2);
  });

  it('writes IPv6 addresses in brackets and finds their aliases either way', () => {
    const v6 = { address: '2001:db8::1', port: 5060 };
    const messages = [msg({ id: 1, local: { address: '::1', port: 5070 }, remote: v6, method: 'OPTIONS' })];
    const { columns } = buildLadder(messages, [], { aliases: { '[2001:db8::1]': 'Trunk' } });
    expect(columns.map((c) => [c.label, c.addresses])).toEqual([
      ['::1', ['[::1]:5070']],
      ['Trunk', ['[2001:db8::1]:5060']],
    ]);
  });
});

describe('ladder arrows', () => {
  const model = buildLadder(callFlow(), []);

  it('has one row per message in the given order, labelled by method or status and reason', () => {
    expect(model.arrows.map((a) => [a.row, a.messageId, a.label, a.kind])).toEqual([
      [0, 1, 'OPTIONS', 'request'],
      [1, 2, '200 OK', 'response'],
      [2, 3, 'INVITE', 'request'],
      [3, 4, '100 Trying', 'response'],
      [4, 5, '180 Ringing', 'response'],
      [5, 6, '200 OK', 'response'],
      [6, 7, 'ACK', 'request'],
      [7, 8, 'BYE', 'request'],
      [8, 9, '200 OK', 'response'],
    ]);
    expect(model.arrows[5]!.status).toBe(200);
    expect(model.arrows[2]!.status).toBeUndefined();
  });

  it('details the CSeq and marks SDP', () => {
    expect(model.arrows[2]!.detail).toBe('CSeq 1 INVITE · SDP');
    expect(model.arrows[2]!.sdp).toBe(true);
    expect(model.arrows[3]!.detail).toBe('CSeq 1 INVITE');
    expect(model.arrows[3]!.sdp).toBe(false);
    expect(model.arrows[7]!.detail).toBe('CSeq 2 BYE');
  });

  it('shows a message that did not parse as "(unparsed)", and a status without reason alone', () => {
    const { arrows } = buildLadder(
      [
        msg({
          id: 1,
          parsed: false,
          callId: undefined,
          cseqSeq: undefined,
          cseqMethod: undefined,
          branch: undefined,
        }),
        msg({ id: 2, direction: 'in', status: 503 }),
      ],
      [],
    );
    expect(arrows.map((a) => [a.label, a.kind, a.detail])).toEqual([
      ['(unparsed)', 'invalid', ''],
      ['503', 'response', 'CSeq 1 INVITE'],
    ]);
  });

  it('times every row from the first message, and the gap from the row above', () => {
    expect(model.startMicros).toBe(T0);
    expect(model.arrows.map((a) => a.timeLabel)).toEqual([
      '+0.000 s',
      '+0.000 s',
      '+0.012 s',
      '+0.024 s',
      '+1.234 s',
      '+3.000 s',
      '+3.001 s',
      '+8.000 s',
      '+8.020 s',
    ]);
    expect(model.arrows.map((a) => a.deltaLabel)).toEqual([
      '',
      '+0.4 ms',
      '+12 ms',
      '+12 ms',
      '+1.210 s',
      '+1.766 s',
      '+1.0 ms',
      '+4.999 s',
      '+20 ms',
    ]);
  });

  it('numbers the Call-IDs in order of appearance for colours, "" for messages without one', () => {
    const { arrows, callIds } = buildLadder(
      [...callFlow(), msg({ id: 10, parsed: false, callId: undefined, direction: 'in' })],
      [],
    );
    expect(callIds).toEqual(['opt-1@127.0.0.2', CALL, '']);
    expect(arrows.map((a) => a.callIndex)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(arrows[9]!.callId).toBeUndefined();
    expect(arrows[2]!.callId).toBe(CALL);
  });

  it('is empty for no messages', () => {
    expect(buildLadder([], [finding('x', 'error', [1])])).toEqual({
      columns: [],
      arrows: [],
      startMicros: 0,
      callIds: [],
    });
  });
});

describe('retransmissions', () => {
  const retr = (messages: Parameters<typeof buildLadder>[0]): boolean[] =>
    buildLadder(messages, []).arrows.map((a) => a.retransmission);

  it('marks a resent INVITE (same branch, timer A) and its repeated 100, not the first copies', () => {
    const flow = callFlow();
    const again = [
      flow[2]!,
      { ...flow[2]!, id: 20, tsMicros: T0 + 512_000 },
      flow[3]!,
      { ...flow[3]!, id: 21, tsMicros: T0 + 530_000 },
      { ...flow[2]!, id: 22, tsMicros: T0 + 1_512_000 },
    ];
    expect(retr(again)).toEqual([false, true, false, true, true]);
  });

  it('does not mark a new transaction: new CSeq and branch, or a new branch alone', () => {
    const invite = callFlow()[2]!;
    expect(
      retr([
        invite,
        // Re-sent with credentials after a 401: CSeq 2, a new branch (RFC 3261 §22.2).
        { ...invite, id: 20, cseqSeq: 2, branch: 'z9hG4bK-inv2' },
        { ...invite, id: 21, branch: 'z9hG4bK-inv3' },
        // The same INVITE going the other way (a call to ourselves) is a different leg.
        { ...invite, id: 22, direction: 'in' },
        // Same everything but another Call-ID.
        { ...invite, id: 23, callId: 'other' },
      ]),
    ).toEqual([false, false, false, false, false]);
  });

  it('treats the ACK for a 2xx (new branch) as new, and a resent 200 OK and its resent ACK as retransmissions', () => {
    const flow = callFlow();
    const ok = flow[5]!;
    const ack = flow[6]!;
    expect(
      retr([
        flow[2]!,
        ok,
        ack,
        // The UAS did not see the ACK: it resends the 200 (same branch, §13.3.1.4) and we ACK it again.
        { ...ok, id: 30, tsMicros: ok.tsMicros + 500_000 },
        { ...ack, id: 31, tsMicros: ok.tsMicros + 501_000 },
        // The BYE's 200 OK is another transaction even though the status is the same.
        flow[7]!,
        flow[8]!,
      ]),
    ).toEqual([false, false, false, true, true, false, false]);
  });

  it('does not confuse the ACK of a failure (the INVITE branch) or a CANCEL with the INVITE', () => {
    const invite = callFlow()[2]!;
    expect(
      retr([
        invite,
        { ...invite, id: 40, method: 'CANCEL', cseqMethod: 'CANCEL', hasSdp: false },
        { ...invite, id: 41, direction: 'in', method: undefined, status: 487, reason: 'Request Terminated' },
        { ...invite, id: 42, method: 'ACK', cseqMethod: 'ACK', hasSdp: false },
      ]),
    ).toEqual([false, false, false, false]);
  });

  it('compares messages without a branch only with others without one', () => {
    const invite = { ...callFlow()[2]!, branch: undefined };
    expect(retr([invite, { ...invite, id: 50 }, { ...invite, id: 51, branch: 'z9hG4bK-x' }])).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('never marks garbage, however often it repeats', () => {
    const junk = msg({ id: 1, parsed: false, callId: undefined, cseqSeq: undefined, branch: undefined });
    expect(retr([junk, { ...junk, id: 2 }])).toEqual([false, false]);
  });
});

describe('finding badges', () => {
  it("puts each finding's badge on every shown message it cites, in findings order", () => {
    const findings = [
      finding('trunk.from-host', 'error', [3], 'From host is not the trunk name'),
      finding('sdp.no-ptime', 'info', [3, 6]),
      finding('options.slow', 'warning', [2, 999]),
    ];
    const { arrows } = buildLadder(callFlow(), findings);
    const badges = (id: number) => arrows.find((a) => a.messageId === id)!.badges;
    expect(badges(3)).toEqual([
      {
        rule: 'trunk.from-host',
        severity: 'error',
        title: 'From host is not the trunk name',
        findingIndex: 0,
      },
      { rule: 'sdp.no-ptime', severity: 'info', title: 'sdp.no-ptime', findingIndex: 1 },
    ]);
    expect(badges(6).map((b) => [b.rule, b.findingIndex])).toEqual([['sdp.no-ptime', 1]]);
    expect(badges(2).map((b) => [b.rule, b.severity, b.findingIndex])).toEqual([
      ['options.slow', 'warning', 2],
    ]);
    expect(arrows.filter((a) => a.badges.length > 0).map((a) => a.messageId)).toEqual([2, 3, 6]);
  });

  it('shows one badge per rule per arrow, even when the rule fires twice on it', () => {
    const findings = [
      finding('trunk.from-host', 'error', [3, 3]),
      finding('trunk.from-host', 'error', [3, 4]),
      finding('other', 'warning', [3]),
    ];
    const { arrows } = buildLadder(callFlow(), findings);
    expect(arrows[2]!.badges.map((b) => [b.rule, b.findingIndex])).toEqual([
      ['trunk.from-host', 0],
      ['other', 2],
    ]);
    expect(arrows[3]!.badges.map((b) => [b.rule, b.findingIndex])).toEqual([['trunk.from-host', 1]]);
  });
});

describe('scale', () => {
  it('draws 20,000 messages of 10,000 transactions with every other one marked a retransmission', () => {
    const messages = [];
    for (let i = 0; i < 20_000; i++) {
      const t = Math.floor(i / 2);
      messages.push(
        msg({
          id: i + 1,
          tsMicros: T0 + i * 1000,
          method: 'OPTIONS',
          cseqMethod: 'OPTIONS',
          cseqSeq: t,
          callId: `c${t % 500}`,
          branch: `b${t}`,
          remote: t % 3 ? CARRIER : PBX,
          local: US,
        }),
      );
    }
    const model = buildLadder(messages, [finding('r', 'info', [1, 20_000])]);
    expect(model.arrows).toHaveLength(20_000);
    expect(model.arrows.filter((a) => a.retransmission)).toHaveLength(10_000);
    expect(model.callIds).toHaveLength(500);
    expect(model.arrows[19_999]!.badges).toHaveLength(1);
    expect(model.arrows[19_999]!.timeLabel).toBe('+19.999 s');
  });
});
