// What `sipkit emulate` and the app's Emulator screen both run: the provider emulator listening
// on each region's address (and nowhere else), every message it sees or sends stored as one run,
// and the provider rules run on that run while it grows, so each rule the PBX breaks is told as
// a finding in the same run. Passwords stay in memory: only digest challenges and responses
// reach the wire and the store.
import type { FindingView } from '../../shared/ipc/schemas/traces';
import type { ProviderProfile } from '../../shared/profiles/profile-schema';
import type { Endpoint } from '../../shared/trace-types';
import { rtpMediaFactory } from '../engine/call/rtp-call-media';
import { systemClock } from '../engine/clock';
import { SipEndpoint } from '../engine/core/sip-endpoint';
import type { LockoutOptions } from '../engine/emulator/auth-lockout';
import {
  ProviderEmulator,
  type EmulatorEvent,
  type InboundCallOptions,
  type InboundCallResult,
} from '../engine/emulator/provider-emulator';
import type { Binding } from '../engine/emulator/registrar-state';
import { isIpAuthenticated } from '../engine/emulator/trunk-policy';
import { CaptureQueue, type NotStoredCounts } from '../engine/transport/capture-queue';
import type { TraceStore } from '../store/trace-store';
import { analyseRun } from '../analysis/run-analysis';

/** Rules about what has not happened yet, told only when the run ends. */
const UNTIL_THE_END: ReadonlySet<string> = new Set(['sip.no-bye', 'sip.no-final-response']);

export interface EmulatorRunOptions {
  readonly store: TraceStore;
  readonly profile: ProviderProfile;
  /** Region 1's address first; one listening socket each. */
  readonly listen: readonly Endpoint[];
  /** The credentials the PBX must use (registration trunks); user → password, memory only. */
  readonly passwords: ReadonlyMap<string, string>;
  readonly realm?: string;
  readonly lockout?: Omit<LockoutOptions, 'clock'>;
  /** Repeat offenders of the interval rule: 429s in a row before a source is blocked, and for how long. */
  readonly intervalBlock?: Omit<LockoutOptions, 'clock'>;
  readonly onEvent?: (e: EmulatorEvent) => void;
  readonly onFinding?: (f: FindingView) => void;
  readonly onError?: (message: string) => void;
  /** How often the rules look at the run (default 1 s). */
  readonly analyseEveryMs?: number;
}

export interface EmulatorStatus {
  readonly runId: number;
  readonly profile: string;
  readonly kind: 'registration' | 'ip-authenticated';
  readonly regions: readonly Endpoint[];
  readonly realm: string;
  readonly users: readonly string[];
  readonly bindings: readonly {
    readonly user: string;
    readonly region: number;
    readonly contact: string;
    readonly source: Endpoint;
    readonly expiresInS: number;
  }[];
  readonly callsUp: number;
  readonly counts: ProviderEmulator['counts'];
  readonly lockedOut: readonly { readonly address: string; readonly failures: number }[];
  readonly findings: readonly FindingView[];
  readonly messages: number;
}

export interface EmulatorRun {
  readonly runId: number;
  readonly emulator: ProviderEmulator;
  status(): EmulatorStatus;
  callPbx(opts: InboundCallOptions): Promise<InboundCallResult>;
  /** Hangs up, stores what is queued, runs the rules a last time, records the result. */
  stop(): Promise<{
    readonly messages: number;
    readonly notStored: NotStoredCounts;
    readonly findings: readonly FindingView[];
  }>;
}

export async function startEmulatorRun(o: EmulatorRunOptions): Promise<EmulatorRun> {
  const { store, profile } = o;
  const ipAuth = isIpAuthenticated(profile);
  if (!ipAuth && o.passwords.size === 0)
    throw new Error(
      `${profile.name} is a registration trunk: give the credentials the PBX will use (--user)`,
    );
  const realm = o.realm ?? profile.srv_name ?? 'emulator.sipkit.invalid';
  const listenText = o.listen.map((l) => `${l.address}:${l.port}`).join(', ');
  const runId = store.createRun({
    kind: 'answer',
    target: `emulate ${profile.name} on ${listenText}`,
    profile: profile.name,
    params: {
      emulate: true,
      listen: o.listen,
      realm,
      // Names only: a password never goes into the store.
      users: [...o.passwords.keys()],
    },
  });
  let storeFailed = false;
  const capture = new CaptureQueue({
    write: (m) => store.append(runId, m),
    onError: (err) => {
      if (!storeFailed) o.onError?.(`could not store a message: ${err.message}`);
      storeFailed = true;
    },
  });
  const regions: SipEndpoint[] = [];
  try {
    for (const l of o.listen) {
      regions.push(
        await SipEndpoint.open({
          bindAddress: l.address,
          port: l.port,
          // UDP only where the provider is (Skyetel: "UDP on port 5060 only").
          tcp: profile.transport !== 'udp',
          capture,
          onError: (err) => o.onError?.(err.message),
        }),
      );
    }
  } catch (err) {
    await Promise.all(regions.map((r) => r.close()));
    capture.close();
    store.finishRun(runId, { ok: false, summary: (err as Error).message });
    throw err;
  }
  const bindAddress = o.listen[0]?.address ?? '127.0.0.1';
  const emulator = new ProviderEmulator({
    profile,
    regions,
    passwords: o.passwords,
    realm,
    clock: systemClock,
    echoMedia: rtpMediaFactory({ bindAddress, echo: true }),
    toneMedia: rtpMediaFactory({ bindAddress }),
    lockout: o.lockout,
    intervalBlock: o.intervalBlock,
  });
  if (o.onEvent) emulator.onEvent(o.onEvent);

  const findings: FindingView[] = [];
  const told = new Set<string>();
  let seen = -1;
  let analysisFailed = false;
  /** Runs the rules on the run if it grew; `final` once nothing more can arrive. */
  const analyse = (final: boolean): void => {
    try {
      store.flush();
      const record = store.getRun(runId);
      if (!record || (record.messageCount === seen && !final)) return;
      seen = record.messageCount;
      for (const f of analyseRun(store, record, profile).findings) {
        // A call still up has no BYE yet, a request just sent no answer yet: not news until the end.
        if (!final && UNTIL_THE_END.has(f.rule)) continue;
        // Counts and times in a title change as the run grows ("1 digest response" becomes
        // "2 digest responses"): the same finding, not a new one.
        const key = `${f.rule}\u0000${f.title.replace(/[\d.]+/g, '#').replace(/(# \w+?)s\b/g, '$1')}`;
        if (told.has(key)) continue;
        told.add(key);
        findings.push(f);
        o.onFinding?.(f);
      }
    } catch (err) {
      if (!analysisFailed) o.onError?.(`could not analyse the run: ${(err as Error).message}`);
      analysisFailed = true;
    }
  };
  const look = (): void => analyse(false);
  const timer = setInterval(look, o.analyseEveryMs ?? 1000);
  timer.unref();

  let stopped: ReturnType<EmulatorRun['stop']> | undefined;
  const status = (): EmulatorStatus => {
    const now = systemClock.nowMs();
    return {
      runId,
      profile: profile.name,
      kind: ipAuth ? 'ip-authenticated' : 'registration',
      regions: regions.map((r) => r.local),
      realm,
      users: [...o.passwords.keys()],
      bindings: emulator.bindings().map((b: Binding) => ({
        user: b.user,
        region: b.region,
        contact: b.contact,
        source: b.source,
        expiresInS: Math.max(0, Math.round((b.expiresAtMs - now) / 1000)),
      })),
      callsUp: emulator.callsUp,
      counts: { ...emulator.counts },
      lockedOut: emulator.lockedOut.map((l) => ({ address: l.address, failures: l.failures })),
      findings: [...findings],
      messages: capture.written,
    };
  };
  return {
    runId,
    emulator,
    status,
    callPbx: (opts) => emulator.callPbx(opts),
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(timer);
        await emulator.stop();
        await Promise.all(regions.map((r) => r.close()));
        capture.close();
        analyse(true);
        const s = status();
        const summary = `emulated ${profile.name}: ${s.counts.registrations} registration(s), ${s.counts.refusedRegistrations} refused; ${s.counts.callsFromPbx} call(s) from the PBX, ${s.counts.refusedCalls} refused; ${s.counts.callsToPbx} to it; ${findings.length} finding(s)`;
        try {
          store.finishRun(runId, {
            ok: findings.every((f) => f.severity !== 'error'),
            summary,
            params: {
              notStored: capture.notStored,
              counts: s.counts,
              lockedOut: s.lockedOut,
              findings: findings.map((f) => f.rule),
            },
          });
        } catch (err) {
          o.onError?.(`could not save the run's result: ${(err as Error).message}`);
        }
        return { messages: capture.written, notStored: capture.notStored, findings: [...findings] };
      })()),
  };
}
