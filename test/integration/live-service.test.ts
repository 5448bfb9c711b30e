// The Register, Call and answer screens' back end as the UI drives it: requests through the same
// dispatcher the transports use, live.changed events as the UI receives them, against a real
// Kamailio registrar and real SIPp peers on 127.0.0.1, with the app's own trace store in a
// temporary SIPKIT_DATA_DIR.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app-services';
import { dispatchRequest } from '../../electron/services/dispatch';
import { createMemoryVault } from '../../electron/services/secret-vault';
import { defaultDatabaseFile } from '../../electron/store/data-dir';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../electron/store/trace-store';
import type { RequestChannel } from '../../shared/ipc/channel-names';
import { eventContract, type RequestOf, type ResponseOf } from '../../shared/ipc/contract';
import type { CallView, LiveState, RegistrationView } from '../../shared/ipc/schemas/live';
import type { TargetFieldsInput } from '../../shared/ipc/schemas/targets';
import { stopAll } from '../support/child-process';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { sipRegister } from '../support/sip-udp-client';
import { contactsOf, headerValue } from '../support/sip-message';
import { openSipUdpPeer, sipResponse } from '../support/sip-udp-peer';
import { startSipp } from '../support/sipp';
import { waitUntil } from '../support/wait';

const ALICE = { user: 'alice', password: 'wonder-land-42' };
const BOB = { user: 'bob', password: 'builder-77' };
const CAROL = { user: 'carol', password: 'carol-sings-9' };

interface Backend {
  readonly services: AppServices;
  readonly events: LiveState[];
  readonly eventTimes: number[];
  readonly logged: string[];
}

let tmp: string;
let dataFile: string;
let store: TraceStore;
let main: Backend;

function backend(dataDir: string): Backend {
  const events: LiveState[] = [];
  const eventTimes: number[] = [];
  const logged: string[] = [];
  const services = createAppServices({
    store,
    mode: 'web',
    version: '0.0.0-test',
    dataFile,
    dataDir,
    vault: createMemoryVault(),
    watchIntervalMs: 200,
    log: (line, error) => logged.push(error instanceof Error ? `${line}: ${error.message}` : line),
  });
  services.subscribe((event) => {
    if (event.channel !== 'live.changed') return;
    // What a UI would check: every event matches the contract.
    events.push(eventContract['live.changed'].parse(event.payload));
    eventTimes.push(Date.now());
  });
  return { services, events, eventTimes, logged };
}

async function request<C extends RequestChannel>(
  b: Backend,
  channel: C,
  payload: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const reply = await dispatchRequest(b.services.handlers, channel, payload, (_c, error) => {
    throw error;
  });
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result as ResponseOf<C>;
}

async function refusal<C extends RequestChannel>(
  b: Backend,
  channel: C,
  payload: RequestOf<C>,
): Promise<string> {
  const reply = await dispatchRequest(b.services.handlers, channel, payload, (_c, error) => {
    throw error;
  });
  if (reply.ok) throw new Error(`${channel} was expected to be refused`);
  expect(reply.error.code).toBe('refused');
  return reply.error.message;
}

async function saveTarget(b: Backend, fields: TargetFieldsInput, password?: string): Promise<string> {
  const { target } = await request(b, 'targets.save', { fields, password });
  return target.id;
}

/** Waits for a live.changed event after `from` (an index into events) that satisfies `pick`. */
async function nextState<T>(
  b: Backend,
  from: number,
  pick: (state: LiveState) => T | undefined,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  let found: T | undefined;
  await waitUntil(
    () => {
      for (const state of b.events.slice(from)) {
        found = pick(state);
        if (found !== undefined) return true;
      }
      return false;
    },
    {
      timeoutMs,
      describeFailure: () =>
        `no live.changed event with ${what} within ${timeoutMs} ms; the last: ${JSON.stringify(b.events.at(-1))}`,
    },
  );
  return found!;
}

function registrationIn(state: LiveState, targetId: string, want: RegistrationView['state']) {
  return state.registrations.find((r) => r.targetId === targetId && r.state === want);
}

function callIn(state: LiveState, pick: (c: CallView) => boolean) {
  return state.calls.find(pick);
}

/** The Contacts Kamailio holds for a user: a query REGISTER (no Contact) lists them. */
async function bindingsOf(k: KamailioHandle, user: { user: string; password: string }): Promise<string[]> {
  const query = await sipRegister({
    server: k.server,
    user: user.user,
    password: user.password,
    contact: null,
  });
  expect(query.final.status).toBe(200);
  return contactsOf(query.final);
}

/** The trace database as bytes, the write-ahead log included. */
function databaseBytes(): Buffer {
  return Buffer.concat(
    [dataFile, `${dataFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
  );
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-live-'));
  dataFile = defaultDatabaseFile({ SIPKIT_DATA_DIR: tmp });
  store = openTraceStore({ file: dataFile });
  main = backend(tmp);
});

afterAll(async () => {
  await main?.services.close();
  store?.close();
  await stopAll();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('registrations from the Register screen', () => {
  let k: KamailioHandle;
  beforeAll(async () => {
    k = await startKamailio({ users: [ALICE, BOB, CAROL], algorithm: 'MD5', qop: true });
  });
  afterAll(async () => k?.stop());

  it('registers with the stored password, shows what the registrar granted, un-registers on stop and keeps the password out of every file', async () => {
    const id = await saveTarget(
      main,
      { name: 'Kamailio (alice)', server: k.server, user: ALICE.user, localAddress: '127.0.0.1' },
      ALICE.password,
    );
    const listed = await request(main, 'targets.list', {});
    expect(listed.targets.find((t) => t.id === id)?.passwordStorage).toBe('memory');

    const from = main.events.length;
    const startedAt = Date.now();
    await request(main, 'register.start', { targetId: id });
    const registered = await nextState(
      main,
      from,
      (s) => registrationIn(s, id, 'registered'),
      'alice registered',
    );
    expect(registered.grantedExpires).toBe(3600);
    expect(registered.lastStatus).toBe(200);
    expect(registered.message).toMatch(/^Registered for 3600 s/);
    expect(registered.nextRefreshAtMs).toBeGreaterThan(Date.now() + 3000_000);
    expect(registered.publicAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registered.behindNat).toBe(false);
    expect(registered.bindings.filter((b) => b.ours)).toHaveLength(1);
    expect(await bindingsOf(k, ALICE)).toHaveLength(1);

    expect(await refusal(main, 'register.start', { targetId: id })).toMatch(/already registering/);

    await request(main, 'register.stop', { targetId: id });
    const now = await request(main, 'live.state', {});
    const stopped = registrationIn(now, id, 'stopped');
    expect(stopped?.message).toBe('Un-registered');
    await nextState(main, from, (s) => registrationIn(s, id, 'stopped'), 'alice stopped');
    expect(await bindingsOf(k, ALICE)).toEqual([]);

    // Throttled: never more than 4 events in any second, however many messages went by.
    const times = main.eventTimes.slice(from);
    for (let i = 4; i < times.length; i++) expect(times[i]! - times[i - 4]!).toBeGreaterThanOrEqual(900);
    expect(times.length).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / 250) + 1);

    const run = store.getRun(registered.runId!)!;
    expect(run).toMatchObject({ kind: 'register', target: k.server, ok: true });
    expect(run.summary).toBe('registered to the registrar, then un-registered');
    const methods = store.messagesByRun(run.id).map((m) => m.method ?? m.status);
    expect(methods).toEqual(['REGISTER', 401, 'REGISTER', 200, 'REGISTER', 401, 'REGISTER', 200]);
    expect(JSON.stringify(run.params)).not.toContain(ALICE.password);
    expect(databaseBytes().includes(ALICE.password)).toBe(false);
    expect(fs.readFileSync(path.join(tmp, 'targets.json'), 'utf8')).not.toContain(ALICE.password);
    expect(main.logged.join('\n')).not.toContain(ALICE.password);
    expect(JSON.stringify(main.events)).not.toContain(ALICE.password);
  });

  it('reports a wrong password in plain words, saves the failed run, and lets the user start again', async () => {
    const id = await saveTarget(
      main,
      { name: 'Kamailio (bob, typo)', server: k.server, user: BOB.user, localAddress: '127.0.0.1' },
      'not-the-password',
    );
    const from = main.events.length;
    await request(main, 'register.start', { targetId: id });
    const failed = await nextState(main, from, (s) => registrationIn(s, id, 'failed'), 'bob failed');
    expect(failed.message).toMatch(/^The server rejected the credentials for user "bob"/);
    await waitUntil(() => store.getRun(failed.runId!)?.endedAtMicros !== undefined, {
      timeoutMs: 5000,
      describeFailure: () => 'the failed run was never finished',
    });
    expect(store.getRun(failed.runId!)).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/credentials/),
    });

    // Fix the password and start again: the failed registration does not block the target.
    await request(main, 'targets.save', {
      id,
      fields: { name: 'Kamailio (bob)', server: k.server, user: BOB.user, localAddress: '127.0.0.1' },
      password: BOB.password,
    });
    const again = main.events.length;
    await request(main, 'register.start', { targetId: id });
    await nextState(main, again, (s) => registrationIn(s, id, 'registered'), 'bob registered');
    await request(main, 'register.stop', { targetId: id });
    expect(databaseBytes().includes('not-the-password')).toBe(false);
  });

  it('refuses to register a target without a password, in one line', async () => {
    const id = await saveTarget(main, { name: 'No password', server: k.server, user: 'alice' });
    expect(await refusal(main, 'register.start', { targetId: id })).toMatch(
      /^no password is stored for "No password"/,
    );
    expect(await refusal(main, 'register.start', { targetId: 'no-such-target' })).toMatch(
      /there is no target/,
    );
  });

  it('un-registers every registration when the app closes', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'second-'));
    const second = backend(dir);
    const id = await saveTarget(
      second,
      { name: 'Closing', server: k.server, user: CAROL.user, localAddress: '127.0.0.1' },
      CAROL.password,
    );
    await request(second, 'register.start', { targetId: id });
    const registered = await nextState(
      second,
      0,
      (s) => registrationIn(s, id, 'registered'),
      'carol registered',
    );
    expect(await bindingsOf(k, CAROL)).toHaveLength(1);
    await second.services.close();
    expect(await bindingsOf(k, CAROL)).toEqual([]);
    expect(store.getRun(registered.runId!)).toMatchObject({ ok: true });
    expect(second.events.at(-1) && registrationIn(second.events.at(-1)!, id, 'stopped')).toBeTruthy();
    expect(await refusal(second, 'register.start', { targetId: id })).toMatch(/closing/);
  });
});

describe('closing while a registrar has gone silent', () => {
  it('sends the un-register, then saves the run without waiting out the SIP timers', async () => {
    const peer = await openSipUdpPeer();
    try {
      const second = backend(fs.mkdtempSync(path.join(tmp, 'silent-')));
      const id = await saveTarget(
        second,
        { name: 'Goes silent', server: `${peer.host}:${peer.port}`, user: 'dave', localAddress: '127.0.0.1' },
        'dave-pass-5',
      );
      await request(second, 'register.start', { targetId: id });
      // A hand-written registrar: accepts the first REGISTER without a challenge, then says nothing.
      const first = await peer.waitFor((m) => m.method === 'REGISTER');
      const contact = headerValue(first.message, 'contact');
      await peer.send(
        sipResponse(first.message, 200, 'OK', {
          toTag: 'reg1',
          headers: [`Contact: ${contact};expires=3600`],
        }),
        first.from,
      );
      const registered = await nextState(second, 0, (s) => registrationIn(s, id, 'registered'), 'registered');

      const started = Date.now();
      await second.services.close();
      // Bounded by the close timeout (5 s), not the un-register transaction's 32 s.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(
        peer
          .messages()
          .some((m) => m.message.method === 'REGISTER' && headerValue(m.message, 'expires') === '0'),
      ).toBe(true);
      expect(store.getRun(registered.runId!)).toMatchObject({
        ok: false,
        summary: 'SIP Field Kit closed before the registration ended cleanly',
      });
      expect(registrationIn(second.events.at(-1)!, id, 'stopped')?.message).toBe(
        'Stopped: SIP Field Kit closed before the un-register was answered',
      );
      expect(second.logged).toEqual([
        '1 live run(s) did not end within the close timeout; saved as they were',
      ]);
    } finally {
      await peer.close();
    }
  });
});

describe('answering on a registration', () => {
  it('registers so calls reach the answering port, shows it, and un-registers on answer.stop', async () => {
    const k = await startKamailio({ users: [ALICE] });
    try {
      const id = await saveTarget(
        main,
        { name: 'Answer via Kamailio', server: k.server, user: ALICE.user, localAddress: '127.0.0.1' },
        ALICE.password,
      );
      const from = main.events.length;
      await request(main, 'answer.start', { targetId: id, echo: false });
      const answering = await nextState(
        main,
        from,
        (s) => s.answering.find((a) => a.targetId === id && /registered at/.test(a.listening)),
        'answering registered',
      );
      expect(answering.listening).toMatch(/^udp 127\.0\.0\.1:\d+; registered at /);
      expect(answering.listening.endsWith(`registered at ${k.server} for 3600 s`)).toBe(true);
      const port = answering.listening.match(/^udp 127\.0\.0\.1:(\d+)/)![1];
      expect((await bindingsOf(k, ALICE)).join()).toContain(`@127.0.0.1:${port}`);
      expect(answering.message).toMatch(
        /^Waiting for calls: answering after 1 s of ringing, playing a tone$/,
      );
      await request(main, 'answer.stop', { targetId: id });
      expect(await bindingsOf(k, ALICE)).toEqual([]);
      expect(store.getRun(answering.runId!)).toMatchObject({
        kind: 'answer',
        ok: false,
        summary: 'no call arrived',
      });
    } finally {
      await k.stop();
    }
  });
});

describe('a provider rate limit (429)', () => {
  it('shows the block and its Retry-After instead of retrying into it', async () => {
    const k = await startKamailio({ users: [ALICE], minRegisterInterval: 30, retryAfter: 30 });
    try {
      const id = await saveTarget(
        main,
        { name: 'Rate-limited', server: k.server, user: ALICE.user, localAddress: '127.0.0.1' },
        ALICE.password,
      );
      const from = main.events.length;
      await request(main, 'register.start', { targetId: id });
      await nextState(main, from, (s) => registrationIn(s, id, 'registered'), 'registered');
      await request(main, 'register.stop', { targetId: id });
      // Registering again at once is within the registrar's 30 s window: 429.
      const again = main.events.length;
      await request(main, 'register.start', { targetId: id });
      const blocked = await nextState(main, again, (s) => registrationIn(s, id, 'blocked'), 'blocked');
      expect(blocked.retryAfterS).toBe(30);
      expect(blocked.lastStatus).toBe(429);
      expect(blocked.blockedUntilMs! - blocked.updatedAtMs).toBe(30_000);
      expect(blocked.message).toMatch(/^429 Too Many Requests, Retry-After 30 s: waiting 30 s/);
      await request(main, 'register.stop', { targetId: id });
      const stopped = registrationIn(await request(main, 'live.state', {}), id, 'stopped');
      expect(stopped?.message).toMatch(/^Stopped while blocked/);
      expect(k.sent().filter((l) => l.status === 429)).toHaveLength(1);
    } finally {
      await k.stop();
    }
  });
});

describe('test calls from the Call screen', () => {
  it('places a call to a SIPp UAS: progress, answer, two-way media, then ended', async () => {
    const sipp = await startSipp({ scenario: 'uas-answer', rtpEcho: true });
    try {
      const id = await saveTarget(main, {
        name: 'SIPp UAS',
        server: sipp.address,
        localAddress: '127.0.0.1',
      });
      const from = main.events.length;
      const { key } = await request(main, 'call.start', {
        targetId: id,
        to: '15551230000',
        holdS: 1,
        dtmf: '5',
      });
      const ended = await nextState(
        main,
        from,
        (s) => callIn(s, (c) => c.key === key && (c.state === 'ended' || c.state === 'failed')),
        'the call ended',
      );
      expect(ended.state).toBe('ended');
      expect(ended.direction).toBe('out');
      expect(ended.progress).toEqual(expect.arrayContaining(['180 Ringing', '200 OK']));
      expect(ended.progress.at(-1)).toBe('200 OK');
      expect(ended.media).toMatchObject({ verdict: 'two-way', codec: 'PCMU' });
      expect(ended.media!.packetsReceived).toBeGreaterThan(10);
      expect(ended.message).toMatch(/^Answered in .* hung up by us/);
      expect(
        main.events.slice(from).some((s) => callIn(s, (c) => c.key === key && c.state === 'answered')),
      ).toBe(true);
      const run = store.getRun(ended.runId!)!;
      expect(run).toMatchObject({ kind: 'call', ok: true });
      expect(store.messagesByRun(run.id).map((m) => m.method ?? m.status)).toEqual(
        expect.arrayContaining(['INVITE', 180, 200, 'ACK', 'BYE']),
      );
      expect(await refusal(main, 'call.start', { targetId: id, to: 'bob@example.com' })).toMatch(
        /without spaces/,
      );
    } finally {
      await sipp.stop();
    }
  });

  it('hangs up a ringing call with CANCEL when asked', async () => {
    const sipp = await startSipp({ scenario: 'uas-ring-forever' });
    try {
      const id = await saveTarget(main, {
        name: 'Never answers',
        server: sipp.address,
        localAddress: '127.0.0.1',
      });
      const from = main.events.length;
      const { key } = await request(main, 'call.start', { targetId: id, to: '15551230000' });
      await nextState(main, from, (s) => callIn(s, (c) => c.key === key && c.state === 'ringing'), 'ringing');
      await request(main, 'call.hangup', { key });
      const ended = await nextState(
        main,
        from,
        (s) => callIn(s, (c) => c.key === key && (c.state === 'ended' || c.state === 'failed')),
        'the call ended',
      );
      expect(ended).toMatchObject({ state: 'ended', finalStatus: 487 });
      expect(ended.progress.at(-1)).toBe('487 Request Terminated');
      expect(ended.message).toMatch(/^Cancelled after a stop/);
      expect(store.messagesByRun(ended.runId!).some((m) => m.method === 'CANCEL')).toBe(true);
      expect(store.getRun(ended.runId!)).toMatchObject({ kind: 'call', ok: false });
    } finally {
      await sipp.stop();
    }
  });

  /** A target answering on 127.0.0.1 without registering: its id, where it listens, events so far. */
  const answerWithoutRegistering = async (name: string) => {
    const id = await saveTarget(main, { name, server: '127.0.0.1', localAddress: '127.0.0.1' });
    const from = main.events.length;
    await request(main, 'answer.start', { targetId: id, register: false, echo: true });
    const answering = (await request(main, 'live.state', {})).answering.find((a) => a.targetId === id)!;
    return { id, from, answering, port: Number(answering.listening.split(':').at(-1)) };
  };

  it('hangs up one answered incoming call with our BYE when asked', async () => {
    const { id, from, port } = await answerWithoutRegistering('Hang up here');
    // This caller stays on the line until it gets a BYE.
    const sipp = await startSipp({ scenario: 'uac-call-until-bye', remote: `127.0.0.1:${port}` });
    const up = await nextState(
      main,
      from,
      (s) => callIn(s, (c) => c.targetId === id && c.direction === 'in' && c.state === 'answered'),
      'the incoming call answered',
    );
    await request(main, 'call.hangup', { key: up.key });
    await sipp.waitForExit(30_000);
    expect(sipp.exitCode()).toBe(0);
    const ended = await nextState(
      main,
      from,
      (s) => callIn(s, (c) => c.key === up.key && c.state === 'ended'),
      'the incoming call ended',
    );
    expect(ended.message).toMatch(/hung up by us/);
    // Asking again once it has ended changes nothing.
    expect(await request(main, 'call.hangup', { key: up.key })).toEqual({});
    await request(main, 'answer.stop', { targetId: id });
  });

  it('answers at most maxCalls incoming calls at once: the next gets 486, and a stop ends the rest within 2 s', async () => {
    const id = await saveTarget(main, {
      name: 'One at a time',
      server: '127.0.0.1',
      localAddress: '127.0.0.1',
    });
    const from = main.events.length;
    await request(main, 'answer.start', { targetId: id, register: false, echo: true, maxCalls: 1 });
    const answering = (await request(main, 'live.state', {})).answering.find((a) => a.targetId === id)!;
    const port = Number(answering.listening.split(':').at(-1));
    // Two callers that stay on the line until they get a BYE, one right after the other.
    const sipp = await startSipp({
      scenario: 'uac-call-until-bye',
      remote: `127.0.0.1:${port}`,
      calls: 2,
      rate: 10,
    });
    await nextState(
      main,
      from,
      (s) => callIn(s, (c) => c.targetId === id && c.direction === 'in' && c.state === 'answered'),
      'the first incoming call answered',
    );
    await sipp.waitForMessage((m) => m.direction === 'received' && m.status === 486, 10_000);
    const stopAsked = Date.now();
    await request(main, 'answer.stop', { targetId: id });
    await waitUntil(
      async () => !(await request(main, 'live.state', {})).answering.some((a) => a.targetId === id),
      {
        timeoutMs: 2000,
        describeFailure: () => 'answering did not stop within 2 s',
      },
    );
    expect(Date.now() - stopAsked).toBeLessThan(2000);
    await sipp.waitForExit(15_000);
    expect(sipp.messages().filter((m) => m.direction === 'received' && m.method === 'BYE')).toHaveLength(1);
    expect(store.getRun(answering.runId!)?.params).toMatchObject({
      maxCalls: 1,
      notStored: { total: 0, queueFull: 0, tooLarge: 0 },
    });
  });

  it('answers a call from a SIPp UAC as an incoming call, and saves the answer run on stop', async () => {
    const { id, from, answering, port } = await answerWithoutRegistering('Answer here');
    expect(answering.listening).toMatch(/^udp 127\.0\.0\.1:\d+$/);
    expect(await refusal(main, 'answer.start', { targetId: id, register: false })).toMatch(
      /already answering/,
    );

    const sipp = await startSipp({ scenario: 'uac-call', remote: `127.0.0.1:${port}` });
    await sipp.waitForExit(30_000);
    const ended = await nextState(
      main,
      from,
      (s) => callIn(s, (c) => c.targetId === id && c.direction === 'in' && c.state === 'ended'),
      'the incoming call ended',
    );
    expect(ended.from).toBe('"Alice Caller" +15551230001');
    expect(ended.media?.verdict).toBe('two-way');
    expect(ended.message).toMatch(/hung up by the caller/);
    expect(sipp.exitCode()).toBe(0);

    await request(main, 'answer.stop', { targetId: id });
    expect((await request(main, 'live.state', {})).answering.some((a) => a.targetId === id)).toBe(false);
    expect(store.getRun(answering.runId!)).toMatchObject({
      kind: 'answer',
      ok: true,
      summary: '1 call(s), 1 as expected',
    });
  });
});
