// Registration-rate mode (issue 7, rule reg.429): REGISTER every S seconds with digest auth, on an
// exact schedule, to reproduce a provider's "429 Too Many Requests" on purpose. Reports the
// interval (since the last accepted REGISTER) at which 429 started and the Retry-After given, and
// un-registers at the end. Each REGISTER is its own non-INVITE transaction (timer E doubling to
// T2, timer F at 64*T1); a 401/407 is answered once per REGISTER, not counted as an attempt.
import { randomBytes } from 'node:crypto';
import type { CapturedMessage, Endpoint } from '../../../shared/trace-types';
import { DigestAuthenticator } from '../auth/digest-authenticator';
import { systemClock, type Clock } from '../clock';
import { TimerWheel, type Timer } from '../timer-wheel';
import { DEFAULT_TIMERS } from '../transaction/sip-timers';
import { newFastReply, readReply } from './fast-reply';
import { openLoadSocket, type LoadSocket } from './load-socket';
import { LoadStats } from './load-stats';
import type { LoadReport, LoadRunHandle, StartLoadOptions } from './load-types';
import { Pacer } from './pacer';
import { PacingSchedule } from './pacing-schedule';
import { SampleBuffer } from './percentiles';
import { planFigures } from './plan-figures';
import { parseDeltaSeconds } from '../../../shared/sip/delta-seconds';

const { T1, T2 } = DEFAULT_TIMERS;
const TIMER_F = 64 * T1;

interface Pending {
  cseq: number;
  buf: Buffer;
  sentMs: number;
  /** When the REGISTER exchange began (before any auth retry). */
  firstMs: number;
  retx?: Timer;
  life?: Timer;
  authed: boolean;
  unregister: boolean;
}

export function startRegisterLoad(opts: StartLoadOptions): LoadRunHandle {
  const clock: Clock = opts.clock ?? systemClock;
  const plan = opts.plan;
  const target = opts.target;
  const every = plan.registerEveryS!;
  const count = plan.calls ?? Math.floor((plan.durationS ?? 0) / every) + 1;
  const expectedS = Math.max(planFigures(plan).durationS, 1);
  const stats = new LoadStats();
  const pacingSamples = new SampleBuffer(256);
  const reply = newFastReply();
  const wheel = new TimerWheel({ clock });
  const schedule = new PacingSchedule();
  const user = target.user ?? 'sipkit';
  const domain = target.domain ?? target.server.address;
  const callId = `${randomBytes(8).toString('hex')}@sipkit-load`;
  const fromTag = randomBytes(6).toString('hex');
  const auth =
    target.password !== undefined
      ? new DigestAuthenticator({ username: user, password: target.password })
      : undefined;
  const requestUri = `sip:${domain}`;
  let socket: LoadSocket | undefined;
  let cseq = 0;
  let pending: Pending | undefined;
  let lastAcceptedMs: number | undefined;
  let first429: { interval: number; index: number } | undefined;
  let shortestAccepted: number | undefined;
  let registers = 0;
  let aborted = false;
  let finished = false;
  let t0 = 0;
  let second = 0;
  let resolveDone!: (r: LoadReport) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<LoadReport>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  let pacer: Pacer | undefined;

  const capture = (
    raw: Buffer,
    direction: 'in' | 'out',
    remote: Endpoint,
    extra: Partial<CapturedMessage>,
  ) => {
    try {
      opts.capture.capture({
        tsMicros: clock.nowMicros(),
        direction,
        transport: 'udp',
        local: socket!.local,
        remote,
        parsed: true,
        callId,
        raw,
        ...extra,
      });
    } catch {
      // never into the engine
    }
  };

  const buildRegister = (
    n: number,
    expires: number,
    authHeaders: readonly { name: string; value: string }[],
  ) => {
    const local = socket!.local;
    return Buffer.from(
      `REGISTER ${requestUri} SIP/2.0\r\n` +
        `Via: SIP/2.0/UDP ${local.address}:${local.port};branch=z9hG4bK${randomBytes(8).toString('hex')};rport\r\n` +
        'Max-Forwards: 70\r\n' +
        `From: <sip:${user}@${domain}>;tag=${fromTag}\r\n` +
        `To: <sip:${user}@${domain}>\r\n` +
        `Call-ID: ${callId}\r\n` +
        `CSeq: ${n} REGISTER\r\n` +
        `Contact: <sip:${user}@${local.address}:${local.port}>\r\n` +
        `Expires: ${expires}\r\n` +
        authHeaders.map((h) => `${h.name}: ${h.value}\r\n`).join('') +
        'User-Agent: sipkit-load\r\n' +
        'Content-Length: 0\r\n\r\n',
      'latin1',
    );
  };

  const sendPending = (p: Pending) => {
    socket!.send(p.buf, target.server);
    capture(p.buf, 'out', target.server, { cseqSeq: p.cseq, cseqMethod: 'REGISTER', method: 'REGISTER' });
  };

  const startTransaction = (p: Pending) => {
    pending = p;
    sendPending(p);
    let interval = T1;
    const retransmit = () => {
      if (pending !== p) return;
      sendPending(p);
      stats.retransmission();
      interval = Math.min(interval * 2, T2);
      p.retx = wheel.schedule(interval, retransmit);
    };
    p.retx = wheel.schedule(interval, retransmit);
    p.life = wheel.schedule(aborted ? 2000 : TIMER_F, () => {
      if (pending !== p) return;
      pending = undefined;
      if (!p.unregister) stats.fail('timeout');
      maybeFinish();
    });
  };

  const register = (unregister = false) => {
    const n = ++cseq;
    const expires = unregister ? 0 : Math.max(60, Math.ceil(every * 3));
    const headers = auth?.authorizeAll('REGISTER', requestUri) ?? [];
    const now = clock.nowMs();
    if (!unregister) {
      stats.attempt();
      registers++;
    }
    startTransaction({
      cseq: n,
      buf: buildRegister(n, expires, headers),
      sentMs: now,
      firstMs: now,
      authed: false,
      unregister,
    });
  };

  const endTransaction = (p: Pending) => {
    p.retx?.cancel();
    p.life?.cancel();
    if (pending === p) pending = undefined;
  };

  const onMessage = (msg: Buffer, from: { address: string; port: number }) => {
    const remote = { address: from.address, port: from.port };
    if (!readReply(msg, reply)) {
      capture(msg, 'in', remote, { parsed: false, parseError: 'not a response the register mode expects' });
      return;
    }
    capture(msg, 'in', remote, {
      callId: reply.callId,
      cseqSeq: reply.cseq,
      cseqMethod: reply.cseqMethod,
      status: reply.status,
      reason: reply.reason,
    });
    const p = pending;
    if (!p || reply.callId !== callId || reply.cseq !== p.cseq || reply.status < 200) return;
    endTransaction(p);
    const now = clock.nowMs();
    if ((reply.status === 401 || reply.status === 407) && auth && !p.authed) {
      const step = auth.respond({
        status: reply.status,
        headerValues: reply.challenges,
        method: 'REGISTER',
        uri: requestUri,
      });
      if (step.kind === 'retry') {
        const n = ++cseq;
        startTransaction({
          ...p,
          cseq: n,
          buf: buildRegister(n, p.unregister ? 0 : Math.max(60, Math.ceil(every * 3)), step.headers),
          sentMs: now,
          authed: true,
          retx: undefined,
          life: undefined,
        });
        return;
      }
      stats.noteWarning(step.reason);
    }
    if (p.unregister) {
      maybeFinish();
      return;
    }
    if (reply.warning) stats.noteWarning(reply.warning);
    const interval = lastAcceptedMs === undefined ? undefined : (p.firstMs - lastAcceptedMs) / 1000;
    if (reply.status >= 200 && reply.status < 300) {
      stats.answer(now - p.firstMs);
      if (interval !== undefined && (shortestAccepted === undefined || interval < shortestAccepted))
        shortestAccepted = interval;
      lastAcceptedMs = p.firstMs;
    } else {
      stats.fail(String(reply.status));
      if (reply.status === 429) {
        const ra = parseDeltaSeconds(reply.retryAfter);
        if (ra !== undefined) stats.retryAfterS = ra;
        if (!first429) first429 = { interval: interval ?? 0, index: registers };
      }
    }
    maybeFinish();
  };

  let unregisterSent = false;
  const maybeFinish = () => {
    if (finished || pending) return;
    if (!schedule.exhausted && !aborted) return;
    if (!unregisterSent && lastAcceptedMs !== undefined) {
      unregisterSent = true;
      register(true);
      return;
    }
    finished = true;
    void finish();
  };

  const tickSecond = () => {
    if (finished) return;
    const row = stats.roll(second, 0, every);
    second++;
    opts.onSecond?.(row);
    const elapsedS = (clock.nowMs() - t0) / 1000;
    opts.onProgress?.({
      progress: Math.min(1, elapsedS / expectedS),
      elapsedS,
      message: `${registers} REGISTERs, ${stats.answered} accepted, ${stats.statuses['429'] ?? 0} × 429`,
    });
    wheel.scheduleAt(t0 + (second + 1) * 1000, tickSecond);
  };

  const finish = async () => {
    const row = stats.roll(second, 0, every);
    if (row.attempts + row.answered + row.failed > 0 || stats.seconds.length === 1) opts.onSecond?.(row);
    else stats.seconds.pop();
    pacer?.stop();
    wheel.stop();
    await socket?.close();
    const verdict: string[] = [];
    if (aborted) verdict.push('aborted by the user: the figures cover the run until then');
    if (first429) {
      verdict.push(
        `429 Too Many Requests from REGISTER #${first429.index}, ${round(first429.interval)} s after the last accepted one` +
          (stats.retryAfterS !== undefined ? ` (Retry-After ${stats.retryAfterS} s)` : ''),
      );
    } else if (stats.answered > 0) {
      verdict.push(`no 429 at one REGISTER every ${every} s: ${stats.answered} of ${registers} accepted`);
    } else {
      verdict.push(`no REGISTER was accepted (${Object.keys(stats.statuses).join(', ') || 'no reply'})`);
    }
    const minInterval = opts.profile?.min_register_interval;
    if (minInterval !== undefined) {
      verdict.push(
        `profile ${opts.profile!.name}: min_register_interval ${minInterval} s; ` +
          (first429
            ? first429.interval < minInterval
              ? '429 came under it, as documented'
              : '429 came at or above it (stricter than documented)'
            : every < minInterval
              ? 'not enforced at this interval'
              : 'the interval is above it'),
      );
    }
    const pace = pacingSamples.summary();
    resolveDone({
      seconds: stats.seconds,
      result: {
        ...(shortestAccepted !== undefined ? { lastCleanStep: round(shortestAccepted) } : {}),
        ...(first429 ? { firstFailingStep: round(first429.interval) } : {}),
        statuses: { ...stats.statuses },
        warnings: [...stats.warnings],
        ...(stats.retryAfterS !== undefined ? { retryAfterS: stats.retryAfterS } : {}),
        verdict,
      },
      totals: stats.totals(),
      aborted,
      ...(pace.p50 === undefined
        ? {}
        : { pacing: { samples: pacingSamples.count, p50Ms: pace.p50, p99Ms: pace.p99!, maxMs: pace.max! } }),
    });
  };

  const init = async () => {
    socket = await openLoadSocket({
      server: target.server,
      localAddress: target.localAddress,
      localPort: target.localPort,
      onMessage,
      onError: (err) => opts.onWarning?.(`socket: ${err.message}`),
    });
    opts.onReady?.({
      local: socket.local,
      recvBufferBytes: socket.recvBufferBytes,
      sendBufferBytes: socket.sendBufferBytes,
    });
    t0 = clock.nowMs() + 20;
    schedule.add({ startMs: t0, cps: 1 / every, count, stepIndex: 0, step: every });
    pacer = new Pacer(
      clock,
      schedule,
      (call) => {
        pacingSamples.add(clock.nowMs() - call.dueMs);
        if (pending) {
          // The previous REGISTER is still unanswered: this one is skipped, and counted.
          stats.attempt();
          registers++;
          stats.fail('skipped');
          return;
        }
        register();
      },
      () => maybeFinish(),
    );
    wheel.scheduleAt(t0 + 1000, tickSecond);
    if (aborted) schedule.stop();
    pacer.wake();
  };
  init().catch((err) => {
    void socket?.close();
    rejectDone(err);
  });

  return {
    done,
    abort: async () => {
      if (!aborted) {
        aborted = true;
        schedule.stop();
        pacer?.stop();
        maybeFinish();
      }
      await done.then(
        () => undefined,
        () => undefined,
      );
    },
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
