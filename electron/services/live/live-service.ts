// Registrations, test calls and inbound answering started from the UI, and the live state pushed
// as throttled live.changed events: at most a few a second whatever the engine does, each carrying
// the whole state, so the UI redraws from the latest and a burst of SIP messages is one event.
import type { RequestHandlers } from '../../../shared/ipc/contract';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import type { TargetService } from '../targets/target-service';
import { AnswerSession } from './answer-session';
import { CallSession } from './call-session';
import { LiveBoard } from './live-board';
import type { LiveDeps } from './live-deps';
import { RegisterSession } from './register-session';
import { createThrottle, nodeTimers, type TimerApi } from './throttle';

export type LiveHandlers = Pick<
  RequestHandlers,
  | 'live.state'
  | 'register.start'
  | 'register.stop'
  | 'call.start'
  | 'call.hangup'
  | 'answer.start'
  | 'answer.stop'
>;

export interface LiveService {
  readonly handlers: LiveHandlers;
  /** Un-registers, hangs up and stops answering; resolves when every run is saved. */
  close(): Promise<void>;
}

export interface LiveServiceOptions {
  /** Minimum time between two live.changed events. Default 250 ms (4 a second). */
  readonly publishIntervalMs?: number;
  /** How long close() waits for un-registers and hang-ups before saving the runs as they are. Default 5 s. */
  readonly closeTimeoutMs?: number;
  /** How long register.stop and answer.stop wait before replying while the stop goes on. Default 3 s. */
  readonly stopReplyMs?: number;
  readonly timers?: TimerApi;
}

/** Outbound calls at once: a test call is one at a time in practice; load tests have their own service. */
const MAX_CALLS = 10;

interface Session {
  readonly done: Promise<void>;
  /** Un-register, hang up, stop answering; resolves when the run is saved. */
  stop(): Promise<void>;
  /** Save the run as it is now, without waiting for the peer. */
  forceEnd(): Promise<void>;
}

export function createLiveService(
  ctx: ServiceContext,
  targets: TargetService,
  opts: LiveServiceOptions = {},
): LiveService {
  const timers = opts.timers ?? nodeTimers;
  // Set once close() has published the final state: a UI is told nothing after that.
  let closed = false;
  const throttle = createThrottle(
    () => {
      if (!closed) ctx.hub.publish({ channel: 'live.changed', payload: board.snapshot() });
    },
    opts.publishIntervalMs ?? 250,
    timers,
  );
  const board = new LiveBoard(() => throttle.request());
  const deps: LiveDeps = { ctx, board, now: () => timers.now() };
  const registers = new Map<string, RegisterSession>();
  const answers = new Map<string, AnswerSession>();
  const calls = new Map<string, CallSession>();
  let callCount = 0;
  const nextCallKey = (direction: 'out' | 'in'): string => `${direction}-${++callCount}`;
  let closing: Promise<void> | undefined;

  /** Keeps a session in `map` until it has ended. */
  const track = <S extends Session>(map: Map<string, S>, key: string, session: S): void => {
    map.set(key, session);
    void session.done.then(() => {
      if (map.get(key) === session) map.delete(key);
    });
  };

  /**
   * Waits for a stop, but not for a silent peer's 32 s un-register timeout: the reply comes within
   * a few seconds and the views show "stopping" until the session has really ended.
   */
  const withinReplyTime = async (stopped: Promise<void>): Promise<void> => {
    let timer: unknown;
    const late = new Promise<void>((resolve) => (timer = timers.set(resolve, opts.stopReplyMs ?? 3000)));
    await Promise.race([stopped, late]);
    timers.clear(timer);
  };

  const checkOpen = (): void => {
    if (closing) throw refused('SIP Field Kit is closing');
  };

  const needCredentials = (target: TargetView, password: string | undefined, what: string): string => {
    if (!target.user) {
      throw refused(`"${target.name}" has no SIP user: ${what} needs a user and a password`);
    }
    if (password === undefined) {
      throw refused(`no password is stored for "${target.name}": enter it on the Targets screen`);
    }
    return password;
  };

  const handlers: LiveHandlers = {
    'live.state': () => board.snapshot(),

    'register.start': async ({ targetId, allTargets }) => {
      checkOpen();
      const { target, password } = targets.resolve(targetId);
      const secret = needCredentials(target, password, 'a registration');
      const running = registers.get(targetId);
      if (running) {
        throw refused(
          running.isStopping
            ? `"${target.name}" is still un-registering; try again once it has stopped`
            : `"${target.name}" is already registering; stop it first`,
        );
      }
      const session = new RegisterSession(deps, target, secret, allTargets);
      track(registers, targetId, session);
      await session.open();
      return {};
    },

    'register.stop': async ({ targetId }) => {
      const session = registers.get(targetId);
      if (session) await withinReplyTime(session.stop());
      else targets.resolve(targetId);
      return {};
    },

    'call.start': async ({ targetId, to, holdS, dtmf }) => {
      checkOpen();
      const { target, password } = targets.resolve(targetId);
      if (!/^[^\s@<>;:]+$/.test(to)) {
        throw refused(`call "${to}": give a number or user, without spaces, "@", ":", "<", ">" or ";"`);
      }
      if (calls.size >= MAX_CALLS)
        throw refused(`${MAX_CALLS} test calls are already going; wait for one to end`);
      // The target's own port may be held by its registration or answering; the call then takes
      // an ephemeral one (a trunk matches the source address, not the port).
      const portTaken = registers.has(targetId) || answers.has(targetId);
      const localPort = target.localPort && !portTaken ? target.localPort : undefined;
      const key = nextCallKey('out');
      const session = new CallSession(deps, key, target, password, { to, holdS, dtmf }, localPort);
      track(calls, key, session);
      await session.open();
      return { key };
    },

    'call.hangup': ({ key }) => {
      const session = calls.get(key);
      if (session) {
        session.hangup();
        return {};
      }
      const view = board.getCall(key);
      if (!view) throw refused(`there is no call "${key}"`);
      if (view.direction === 'in' && view.state !== 'ended' && view.state !== 'failed') {
        // We send the BYE of an answered incoming call, or turn a ringing one down (487).
        if (!answers.get(view.targetId)?.hangUp(key)) throw refused(`the call "${key}" has already ended`);
      }
      return {};
    },

    'answer.start': async ({ targetId, register, echo, maxCalls }) => {
      checkOpen();
      const { target, password } = targets.resolve(targetId);
      const secret = register ? needCredentials(target, password, 'answering with a registration') : password;
      const running = answers.get(targetId);
      if (running) {
        throw refused(
          running.isStopping
            ? `"${target.name}" is still stopping its answering; try again once it has stopped`
            : `"${target.name}" is already answering; stop it first`,
        );
      }
      const session = new AnswerSession(deps, target, secret, { register, echo, maxCalls }, () =>
        nextCallKey('in'),
      );
      track(answers, targetId, session);
      await session.open();
      return {};
    },

    'answer.stop': async ({ targetId }) => {
      const session = answers.get(targetId);
      if (session) await withinReplyTime(session.stop());
      else targets.resolve(targetId);
      return {};
    },
  };

  const closeAll = async (): Promise<void> => {
    const sessions: Session[] = [...registers.values(), ...answers.values(), ...calls.values()];
    const ended = new Set<Session>();
    for (const s of sessions) void s.done.then(() => ended.add(s));
    let timer: unknown;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = timers.set(() => resolve('timeout'), opts.closeTimeoutMs ?? 5000);
    });
    const result = await Promise.race([Promise.allSettled(sessions.map((s) => s.stop())), timeout]);
    timers.clear(timer);
    if (result === 'timeout') {
      // Whatever has not ended in time is saved as it is: quitting must not hang on a silent peer.
      const late = sessions.filter((s) => !ended.has(s));
      ctx.log(`${late.length} live run(s) did not end within the close timeout; saved as they were`);
      await Promise.allSettled(late.map((s) => s.forceEnd()));
    }
    throttle.flush();
    closed = true;
    throttle.cancel();
  };

  return {
    handlers,
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
