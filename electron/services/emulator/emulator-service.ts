// The Emulator screen's channels: one provider emulator at a time (the use case sipkit emulate
// runs), its run stored like any other; the screen polls emulator.status for the bindings,
// counters, findings and the newest events. The PBX's credentials are a saved target's: the
// password comes from the vault and goes nowhere else.
import type { ParsedRequestOf, RequestHandlers, ResponseOf } from '../../../shared/ipc/contract';
import type { EmulatorEventView, EmulatorStatusView } from '../../../shared/ipc/schemas/emulator';
import { ProfileError, resolveProfile } from '../../../shared/profiles/resolve-profile';
import { describeEmulatorEvent, pbxInstructions } from '../../usecases/emulator-lines';
import { ListenAddressError, parseEmulatorListen } from '../../usecases/emulator-listen';
import { startEmulatorRun, type EmulatorRun } from '../../usecases/emulator-run';
import { DEFAULT_DID_CALLER, DEFAULT_PROVIDER_CALLER_ID } from '../../engine/emulator/provider-emulator';
import { isIpAuthenticated } from '../../engine/emulator/trunk-policy';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import type { TargetService } from '../targets/target-service';

export type EmulatorHandlers = Pick<
  RequestHandlers,
  'emulator.start' | 'emulator.stop' | 'emulator.status' | 'emulator.call-pbx'
>;

export interface EmulatorService {
  readonly handlers: EmulatorHandlers;
  close(): Promise<void>;
}

/** Events kept for the screen. */
const EVENTS_KEPT = 50;

interface Current {
  readonly run: EmulatorRun;
  readonly instructions: string;
  readonly events: EmulatorEventView[];
  state: 'running' | 'stopped';
  last?: EmulatorStatusView;
}

export function createEmulatorService(ctx: ServiceContext, targets: TargetService): EmulatorService {
  let current: Current | undefined;

  const start = async (request: ParsedRequestOf<'emulator.start'>): Promise<ResponseOf<'emulator.start'>> => {
    if (current?.state === 'running') throw refused('the emulator is already running: stop it first');
    let profile;
    let listen;
    try {
      profile = resolveProfile({ name: request.profile, set: request.set });
      listen = [request.listen, ...request.regions].map(parseEmulatorListen);
    } catch (error) {
      if (error instanceof ProfileError || error instanceof ListenAddressError) throw refused(error.message);
      throw error;
    }
    const passwords = new Map<string, string>();
    if (request.targetId !== undefined) {
      const { target, password } = targets.resolve(request.targetId);
      if (!target.user || !password)
        throw refused(`target "${target.name}" has no user and stored password for the PBX to register with`);
      passwords.set(target.user, password);
    } else if (!isIpAuthenticated(profile)) {
      throw refused(
        `${profile.name} is a registration trunk: choose the target whose user and password the PBX will use`,
      );
    }
    const events: EmulatorEventView[] = [];
    let run: EmulatorRun;
    try {
      run = await startEmulatorRun({
        store: ctx.store,
        profile,
        listen,
        passwords,
        onEvent: (e) => {
          const line = describeEmulatorEvent(e);
          events.push({
            atMs: Date.now(),
            kind: line.kind,
            ...(line.status ? { status: line.status } : {}),
            text: line.text,
          });
          if (events.length > EVENTS_KEPT) events.shift();
        },
        onError: (message) => ctx.log(`emulator: ${message}`),
      });
    } catch (error) {
      throw refused((error as Error).message);
    }
    const s = run.status();
    current = {
      run,
      events,
      state: 'running',
      instructions: pbxInstructions(profile, s.regions, s.users, s.realm),
    };
    return { runId: run.runId, regions: [...s.regions] };
  };

  const view = (c: Current): EmulatorStatusView => {
    if (c.state === 'stopped' && c.last) return c.last;
    const s = c.run.status();
    return {
      ...s,
      state: c.state,
      regions: [...s.regions],
      users: [...s.users],
      bindings: s.bindings.map((b) => ({ ...b })),
      lockedOut: s.lockedOut.map((l) => ({ ...l })),
      findings: s.findings.map((f) => ({ rule: f.rule, severity: f.severity, title: f.title })),
      instructions: c.instructions,
      events: [...c.events],
    };
  };

  const stop = async (): Promise<void> => {
    const c = current;
    if (!c || c.state !== 'running') return;
    await c.run.stop();
    c.last = { ...view(c), state: 'stopped' };
    c.state = 'stopped';
    ctx.hub.publish({ channel: 'store.changed', payload: { runId: c.run.runId } });
  };

  // The call runs on (ringing, held with echo-checked media); the screen reads its outcome from
  // the events, as it reads the PBX's own calls, so the request returns at once.
  const callPbx = (request: ParsedRequestOf<'emulator.call-pbx'>): ResponseOf<'emulator.call-pbx'> => {
    const c = current;
    if (!c || c.state !== 'running') throw refused('the emulator is not running: start it first');
    if (c.run.status().bindings.length === 0)
      throw refused('no PBX is registered yet: nowhere to deliver the call');
    c.run
      .callPbx({
        did: request.did,
        caller: request.caller ?? DEFAULT_DID_CALLER,
        providerCallerId: DEFAULT_PROVIDER_CALLER_ID,
        holdS: request.holdS,
      })
      .catch((error: unknown) => ctx.log(`emulator: call to the PBX: ${(error as Error).message}`));
    return {};
  };

  return {
    handlers: {
      'emulator.call-pbx': callPbx,
      'emulator.start': start,
      'emulator.stop': async () => {
        await stop();
        return {};
      },
      'emulator.status': () => ({ emulator: current ? view(current) : null }),
    },
    close: stop,
  };
}
