// The Acceptance screen's channels over a real store and the provider emulator on loopback
// (test/support/acceptance-provider.ts): the caps ramp is refused until confirmed, a server that
// cannot be read is refused before anything is stored, and Abort ends a run waiting on a DID call
// that never comes: the run is saved incomplete, its checklist readable by the report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAcceptanceService,
  type AcceptanceService,
} from '../../electron/services/acceptance/acceptance-service';
import { acceptanceOf } from '../../electron/export/acceptance-report';
import { createEventHub } from '../../electron/services/event-hub';
import { createMemoryVault } from '../../electron/services/secret-vault';
import type { ServiceContext } from '../../electron/services/service-context';
import { ServiceError, refused } from '../../electron/services/service-error';
import type { TargetService } from '../../electron/services/targets/target-service';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../electron/store/trace-store';
import { requestContract, type RequestOf, type ResponseOf } from '../../shared/ipc/contract';
import type { AcceptanceRun } from '../../shared/ipc/schemas/acceptance';
import type { TargetView } from '../../shared/ipc/schemas/targets';
import { resolveProfile } from '../../shared/profiles/resolve-profile';
import { startAcceptanceProvider, type AcceptanceProvider } from '../support/acceptance-provider';
import { waitUntil } from '../support/wait';

const PASSWORD = 'service-Secret-31';

function target(over: Partial<TargetView>): TargetView {
  return {
    id: 'acme-1',
    name: 'Acme via emulated trunk',
    profile: 'generic',
    server: '127.0.0.1:5060',
    transport: 'udp',
    user: '1001',
    authUser: '',
    domain: '',
    trunkName: '',
    callerId: '+15551112222',
    localAddress: '127.0.0.1',
    localPort: 0,
    passwordStorage: 'memory',
    ...over,
  };
}

describe('acceptance.start / status / abort', () => {
  let dir: string;
  let store: TraceStore;
  let provider: AcceptanceProvider;
  let service: AcceptanceService;
  const saved = new Map<string, TargetView>();
  const logged: string[] = [];

  // The channel as the dispatcher calls it: the request parsed with its schema, the reply checked.
  async function call<C extends 'acceptance.start' | 'acceptance.status' | 'acceptance.abort'>(
    channel: C,
    request: RequestOf<C>,
  ): Promise<ResponseOf<C>> {
    const parsed = requestContract[channel].request.parse(request);
    const handler = service.handlers[channel] as (r: unknown) => unknown;
    return requestContract[channel].response.parse(await handler(parsed)) as ResponseOf<C>;
  }
  async function refusal(fn: () => Promise<unknown>): Promise<ServiceError> {
    try {
      await fn();
    } catch (error) {
      if (error instanceof ServiceError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  }
  const status = async (): Promise<AcceptanceRun | null> => (await call('acceptance.status', {})).acceptance;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-accept-service-'));
    store = openTraceStore({ file: path.join(dir, 'sipkit.db') });
    provider = await startAcceptanceProvider({
      profile: resolveProfile({ name: 'skyetel', set: ['registrars=[]', 'min_register_interval=6'] }),
      passwords: new Map([['1001', PASSWORD]]),
      // No DID of ours rings back: the inbound step waits for a call that never comes.
      loopDids: [],
    });
    saved.set('acme-1', target({ server: `127.0.0.1:${provider.port}` }));
    saved.set('bad-1', target({ id: 'bad-1', server: 'sip:[not a host' }));
    const targets: TargetService = {
      handlers: {} as TargetService['handlers'],
      resolve(id) {
        const found = saved.get(id);
        if (!found) throw refused(`there is no target with id "${id}"`);
        return { target: found, password: PASSWORD };
      },
      knownPasswords: () => [PASSWORD],
    };
    const hub = createEventHub((error) => {
      throw error;
    });
    const ctx: ServiceContext = {
      store,
      dataDir: dir,
      vault: createMemoryVault(),
      hub,
      log: (l) => logged.push(l),
    };
    service = createAcceptanceService(ctx, targets);
  });
  afterAll(async () => {
    await service?.close();
    await provider?.stop();
    store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks before the caps ramp, and refuses a server it cannot read, storing nothing either way', async () => {
    const caps = await refusal(() =>
      call('acceptance.start', { targetId: 'acme-1', to: '+15551230000', caps: true }),
    );
    expect(caps.code).toBe('needs-confirmation');
    // How far the ramps go, from the use case's own plans (the generic profile names no caps).
    expect(caps.message).toMatch(
      /caps ramp calls \+15551230000 .* up to \d+ calls per second, then up to \d+ calls at once until/,
    );
    const bad = await refusal(() => call('acceptance.start', { targetId: 'bad-1', to: '+15551230000' }));
    expect(bad.code).toBe('refused');
    expect(store.listRuns()).toEqual([]);
    expect(await status()).toBeNull();
  });

  it('Abort ends a run waiting on a DID call: saved incomplete, the steps it never finished say so', async () => {
    const { runId } = await call('acceptance.start', {
      targetId: 'acme-1',
      to: '+15551230000',
      did: '+15557654321',
      site: 'Acme HQ',
      timeLimitS: 120,
    });
    expect((await status())?.runId).toBe(runId);
    // A second start while it runs is refused.
    const again = await refusal(() => call('acceptance.start', { targetId: 'acme-1', to: '+15551230000' }));
    expect(again.message).toContain('already running');
    await waitUntil(
      async () => (await status())?.steps.find((s) => s.id === 'call-in')?.status === 'running',
      {
        timeoutMs: 40_000,
        intervalMs: 200,
        describeFailure: () => `the DID step never started: ${JSON.stringify(logged)}`,
      },
    );
    await call('acceptance.abort', {});
    const last = await status();
    expect(last).toMatchObject({ state: 'aborted', verdict: 'incomplete', site: 'Acme HQ' });
    const byId = Object.fromEntries(last!.steps.map((s) => [s.id, s]));
    expect(byId['call-out']?.status).toBe('pass');
    expect(byId['call-in']?.status).toBe('skipped');
    expect(byId['call-in']?.reason).toContain('aborted');
    // What the report reads back: the same checklist, from the stored run; no password in it.
    const stored = store.getRun(runId)!;
    expect(acceptanceOf(stored)?.state).toBe('aborted');
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });
});
