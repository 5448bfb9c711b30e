import { describe, expect, it } from 'vitest';
import { createEventHub } from '../../../../electron/services/event-hub';
import { createLiveService, type LiveService } from '../../../../electron/services/live/live-service';
import type { TimerApi } from '../../../../electron/services/live/throttle';
import { createMemoryVault } from '../../../../electron/services/secret-vault';
import type { ServiceContext } from '../../../../electron/services/service-context';
import { ServiceError, refused } from '../../../../electron/services/service-error';
import type { TargetService } from '../../../../electron/services/targets/target-service';
import { TraceStoreError } from '../../../../electron/store/trace-store-error';
import type { TraceStore } from '../../../../electron/store/trace-store';
import type { IpcEvent } from '../../../../shared/ipc/contract';
import { requestContract, type RequestOf } from '../../../../shared/ipc/contract';
import type { TargetView } from '../../../../shared/ipc/schemas/targets';

// The live service's refusals and its closing, without a network: every case here is refused
// before any SIP socket opens. Real registrations and calls are in test/integration/live-service.

function target(over: Partial<TargetView>): TargetView {
  return {
    id: 'pbx-abc123',
    name: 'Acme PBX',
    profile: 'generic',
    server: '192.0.2.10',
    transport: 'udp',
    user: '1001',
    authUser: '',
    domain: '',
    trunkName: '',
    callerId: '',
    localAddress: '127.0.0.1',
    localPort: 0,
    passwordStorage: 'memory',
    ...over,
  };
}

const TARGETS: Record<string, { target: TargetView; password: string | undefined }> = {
  'pbx-abc123': { target: target({}), password: 'pw-1' },
  'trunk-abc123': { target: target({ id: 'trunk-abc123', name: 'IP trunk', user: '' }), password: undefined },
  'nopw-abc123': { target: target({ id: 'nopw-abc123', name: 'No password' }), password: undefined },
};

const targets: TargetService = {
  handlers: {} as TargetService['handlers'],
  resolve(id) {
    const found = TARGETS[id];
    if (!found) throw refused(`there is no target with id "${id}"`);
    return found;
  },
  knownPasswords: () => Object.values(TARGETS).flatMap((t) => t.password ?? []),
};

/** A store that refuses every write, as a read-only or damaged database does. */
const readOnlyStore = {
  createRun() {
    throw new TraceStoreError('read-only', 'the trace database is open read-only');
  },
} as unknown as TraceStore;

const manualTimers: TimerApi = {
  set: () => 0,
  clear: () => undefined,
  now: () => 1_700_000_000_000,
};

function service(): { live: LiveService; events: IpcEvent[]; logged: string[] } {
  const hub = createEventHub(() => undefined);
  const events: IpcEvent[] = [];
  hub.subscribe((e) => events.push(e));
  const logged: string[] = [];
  const ctx: ServiceContext = {
    store: readOnlyStore,
    dataDir: '/nonexistent',
    vault: createMemoryVault(),
    hub,
    log: (line) => logged.push(line),
  };
  return { live: createLiveService(ctx, targets, { timers: manualTimers }), events, logged };
}

async function refusal<C extends keyof typeof requestContract>(
  live: LiveService,
  channel: C & keyof LiveService['handlers'],
  payload: RequestOf<C>,
): Promise<Error> {
  const handler = live.handlers[channel] as (r: unknown) => unknown;
  try {
    await handler(requestContract[channel].request.parse(payload));
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${channel} was expected to fail`);
}

describe('live service: what it refuses, in one line', () => {
  it('starts with nothing live', async () => {
    const { live } = service();
    expect(await live.handlers['live.state']({})).toEqual({ registrations: [], calls: [], answering: [] });
  });

  it('refuses to register a target without a user or a password, or one that does not exist', async () => {
    const { live } = service();
    const noUser = await refusal(live, 'register.start', { targetId: 'trunk-abc123' });
    expect(noUser).toBeInstanceOf(ServiceError);
    expect(noUser.message).toBe('"IP trunk" has no SIP user: a registration needs a user and a password');
    const noPassword = await refusal(live, 'register.start', { targetId: 'nopw-abc123' });
    expect(noPassword.message).toBe(
      'no password is stored for "No password": enter it on the Targets screen',
    );
    expect((await refusal(live, 'register.start', { targetId: 'gone-abc123' })).message).toMatch(/no target/);
    expect((await refusal(live, 'answer.start', { targetId: 'nopw-abc123' })).message).toMatch(/no password/);
  });

  it('refuses a called number that is not a number or user', async () => {
    const { live } = service();
    for (const to of ['bob@example.com', '1555 123', '<sip:1@x>', 'sip:1555']) {
      expect((await refusal(live, 'call.start', { targetId: 'pbx-abc123', to })).message, to).toMatch(
        /give a number or user/,
      );
    }
  });

  it('passes the store’s own one-line refusal on, and leaves no half-started registration behind', async () => {
    const { live } = service();
    const error = await refusal(live, 'register.start', { targetId: 'pbx-abc123' });
    expect(error).toBeInstanceOf(TraceStoreError);
    expect(error.message).toBe('the trace database is open read-only');
    expect((await live.handlers['live.state']({})).registrations).toEqual([]);
    // Nothing is running, so it can be tried again (and refused the same way, not as "already registering").
    expect((await refusal(live, 'register.start', { targetId: 'pbx-abc123' })).message).toMatch(/read-only/);
  });

  it('treats stopping what is not running as done, and hanging up an unknown call as a mistake', async () => {
    const { live } = service();
    expect(await live.handlers['register.stop']({ targetId: 'pbx-abc123' })).toEqual({});
    expect(await live.handlers['answer.stop']({ targetId: 'pbx-abc123' })).toEqual({});
    expect((await refusal(live, 'register.stop', { targetId: 'gone-abc123' })).message).toMatch(/no target/);
    expect((await refusal(live, 'call.hangup', { key: 'out-99' })).message).toBe('there is no call "out-99"');
  });

  it('closes once, publishing nothing when nothing changed, and refuses new work afterwards', async () => {
    const { live, events } = service();
    const first = live.close();
    expect(live.close()).toBe(first);
    await first;
    expect(events).toEqual([]);
    expect((await refusal(live, 'call.start', { targetId: 'pbx-abc123', to: '1000' })).message).toBe(
      'SIP Field Kit is closing',
    );
  });
});
