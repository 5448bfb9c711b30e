import { describe, expect, it } from 'vitest';
import type { MediaReport } from '../../../../electron/engine/call/call-media';
import type { CallEvent, CallReport } from '../../../../electron/engine/call/call-types';
import type { InboundCallInfo } from '../../../../electron/engine/call/inbound-call-info';
import type { InboundCallReport } from '../../../../electron/engine/call/inbound-answerer';
import {
  applyCallEvent,
  applyCallReport,
  inboundAnswered,
  inboundCallView,
  inboundEnded,
} from '../../../../electron/services/live/call-view';
import type { CallView } from '../../../../shared/ipc/schemas/live';

// What the Call screen shows for each thing a test call reports.

const T0 = 1_700_000_000_000;

const calling: CallView = {
  key: 'out-1',
  targetId: 'trunk-abc123',
  direction: 'out',
  runId: 7,
  state: 'calling',
  from: '2035550100@trunk.example',
  to: '15551230000',
  startedAtMs: T0,
  progress: [],
  message: 'Calling 15551230000 via 192.0.2.10:5060…',
};

const twoWay: MediaReport = {
  verdict: 'two-way',
  message: 'two-way audio: sent 100 packets, received 98',
  packetsSent: 100,
  packetsReceived: 98,
  packetsLost: 2,
  dtmfReceived: '',
};

function report(over: Partial<CallReport>): CallReport {
  return {
    outcome: 'completed',
    answered: true,
    callId: 'abc@sipkit',
    finalStatus: 200,
    finalReason: 'OK',
    metrics: {},
    sdpFindings: [],
    codec: 'PCMU',
    media: twoWay,
    message: 'answered in 120 ms, PCMU, held 2.0 s, hung up by us; two-way audio',
    ...over,
  };
}

const fold = (events: readonly CallEvent[]): CallView =>
  events.reduce((v, e) => applyCallEvent(v, e, T0 + 500), calling);

describe('outbound calls', () => {
  it("carries the engine's INVITE send count and timer B deadline on the back end's clock", () => {
    const v = fold([
      { type: 'invite-sent', count: 1, nextInMs: 500, giveUpInMs: 32_000 },
      { type: 'invite-sent', count: 4, nextInMs: 4_000, giveUpInMs: 28_500 },
    ]);
    expect(v.inviteSent).toEqual({ count: 4, giveUpAtMs: T0 + 500 + 28_500 });
    expect(v.state).toBe('calling');
  });

  it('lists each provisional response once, rings on 180, and answers with 200 OK', () => {
    const view = fold([
      { type: 'sending', cseq: 1, authorized: false, requestUri: 'sip:15551230000@trunk.example' },
      { type: 'provisional', status: 100, reason: 'Trying', atMs: 12, earlyMedia: false },
      { type: 'provisional', status: 180, reason: 'Ringing', atMs: 80, earlyMedia: false },
      { type: 'provisional', status: 180, reason: 'Ringing', atMs: 90, earlyMedia: false },
    ]);
    expect(view).toMatchObject({
      state: 'ringing',
      progress: ['100 Trying', '180 Ringing'],
      message: '180 Ringing after 90 ms',
    });
    const answered = applyCallEvent(
      view,
      {
        type: 'answered',
        atMs: 120,
        codec: 'PCMU',
        remoteMedia: { address: '192.0.2.20', port: 30000 },
        findings: [],
      },
      T0 + 600,
    );
    expect(answered).toMatchObject({
      state: 'answered',
      answeredAtMs: T0 + 600,
      finalStatus: 200,
      progress: ['100 Trying', '180 Ringing', '200 OK'],
      message: "Answered after 120 ms: PCMU, far side's media at 192.0.2.20:30000",
    });
  });

  it('shows a digest challenge in the progress', () => {
    const view = fold([{ type: 'challenged', status: 407, realm: 'trunk', algorithm: 'MD5' }]);
    expect(view.progress).toEqual(['407 Proxy Authentication Required']);
  });

  it('ends an answered call with the media verdict, packet counts and the report’s line', () => {
    const ended = applyCallReport(calling, report({}), T0 + 3000, 'tone', false);
    expect(ended).toMatchObject({
      state: 'ended',
      endedAtMs: T0 + 3000,
      callId: 'abc@sipkit',
      media: { verdict: 'two-way', packetsSent: 100, packetsReceived: 98, codec: 'PCMU' },
      message: 'Answered in 120 ms, PCMU, held 2.0 s, hung up by us; two-way audio',
    });
  });

  it('fails a refused call, with its status in the progress and no media', () => {
    const ended = applyCallReport(
      { ...calling, progress: ['100 Trying'] },
      report({
        outcome: 'rejected',
        answered: false,
        finalStatus: 486,
        finalReason: 'Busy Here',
        media: undefined,
        message: 'the call was refused: 486 Busy Here',
      }),
      T0 + 1000,
      'tone',
      false,
    );
    expect(ended).toMatchObject({
      state: 'failed',
      finalStatus: 486,
      progress: ['100 Trying', '486 Busy Here'],
    });
    expect(ended.media).toBeUndefined();
  });

  it('ends (not fails) a call the user hung up while it rang', () => {
    const cancelled = report({
      outcome: 'cancelled',
      answered: false,
      finalStatus: 487,
      finalReason: 'Request Terminated',
      message: 'cancelled after a stop (487 Request Terminated)',
    });
    expect(applyCallReport(calling, cancelled, T0, 'tone', true).state).toBe('ended');
    expect(applyCallReport(calling, cancelled, T0, 'tone', false).state).toBe('failed');
  });
});

describe('inbound calls', () => {
  const info: InboundCallInfo = {
    callId: 'in-1@pbx',
    requestUri: 'sip:+15557770000@203.0.113.5:5062',
    from: '"Alice Caller" <sip:+15551230001@sipp.test>;tag=1',
    to: '<sip:+15557770000@203.0.113.5>',
    callerName: 'Alice Caller',
    callerNumber: '+15551230001',
    diversion: [],
    historyInfo: [],
    source: { address: '192.0.2.30', port: 5060 },
    deliveredBy: 'nw1.reg.example (192.0.2.30:5060)',
  };

  it('rings, answers and ends with the media verdict', () => {
    const ringing = inboundCallView('in-2', 'pbx-abc123', 9, info, T0);
    expect(ringing).toMatchObject({
      direction: 'in',
      state: 'ringing',
      from: '"Alice Caller" +15551230001',
      to: 'sip:+15557770000@203.0.113.5:5062',
      progress: ['INVITE', '180 Ringing'],
      message:
        'Ringing: a call from "Alice Caller" +15551230001 at 192.0.2.30:5060 via nw1.reg.example (192.0.2.30:5060)',
    });
    const answered = inboundAnswered(ringing, 'PCMU', true, T0 + 1000);
    expect(answered).toMatchObject({ state: 'answered', progress: ['INVITE', '180 Ringing', '200 OK'] });
    const done: InboundCallReport = {
      info,
      outcome: 'completed',
      status: 200,
      hungUpBy: 'them',
      codec: 'PCMU',
      sdpFindings: [],
      media: twoWay,
      message: 'answered, PCMU, 3.0 s, hung up by the caller; two-way audio',
    };
    expect(inboundEnded(answered, done, T0 + 4000)).toMatchObject({
      state: 'ended',
      endedAtMs: T0 + 4000,
      media: { verdict: 'two-way', packetsReceived: 98 },
      message: 'Answered, PCMU, 3.0 s, hung up by the caller; two-way audio',
    });
  });

  it('fails a call the caller cancelled while it rang', () => {
    const ringing = inboundCallView('in-3', 'pbx-abc123', 9, info, T0);
    const ended = inboundEnded(
      ringing,
      {
        info,
        outcome: 'cancelled',
        status: 487,
        sdpFindings: [],
        message: 'the caller cancelled while it rang',
      },
      T0 + 500,
    );
    expect(ended).toMatchObject({
      state: 'failed',
      progress: ['INVITE', '180 Ringing', '487 Request Terminated'],
      message: 'The caller cancelled while it rang',
    });
    expect(ended.media).toBeUndefined();
  });
});
