// The acceptance test (issue 20): one run through the checklist a provider profile implies —
// DNS, OPTIONS and a registration per region, an outbound call, a DID loop call, an optional caps
// ramp, the findings of the run's traffic — each row pass / fail / skipped with its figures,
// evidence and fix. What `sipkit accept` and the Acceptance screen both run. Every message goes
// into ONE trace run (it exports to pcap and Homer like any other) and the finished
// AcceptanceRun is saved with that run (params.acceptance), so the report reads it back later.
import type { AcceptanceRun } from '../../../shared/ipc/schemas/acceptance';
import type { TargetFields } from '../../../shared/ipc/schemas/targets';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { resolveProfile } from '../../../shared/profiles/resolve-profile';
import type { TransportName } from '../../../shared/trace-types';
import { CallRouter } from '../../engine/call/call-router';
import { InboundAnswerer } from '../../engine/call/inbound-answerer';
import { rtpMediaFactory } from '../../engine/call/rtp-call-media';
import { defaultRequestHandler } from '../../engine/core/incoming-request';
import { createDnsClient, type DnsClient } from '../../engine/discovery/dns-client';
import type { SipTarget } from '../../engine/discovery/discovery-types';
import { parseServerSpec, uriHostOf } from '../../engine/discovery/parse-server';
import { isIpAuthenticated } from '../../engine/emulator/trunk-policy';
import type { Registration } from '../../engine/register/registration';
import { fmt } from '../../engine/transport/sip-transport';
import type { TraceStore } from '../../store/trace-store';
import { aborted, withinMs } from '../waiting';
import { AcceptanceBoard } from './acceptance-board';
import { checkCaps } from './acceptance-caps';
import { checkCallIn, checkCallOut, type CallContext } from './acceptance-calls';
import { NOT_ASKED } from '../../../shared/acceptance/acceptance-text';
import { initialSteps, regionSteps, verdictOf } from './acceptance-checklist';
import { openAcceptanceEndpoint, type AcceptanceEndpoint } from './acceptance-endpoint';
import { addRegionEvidence } from './acceptance-evidence';
import { checkFindings } from './acceptance-findings';
import { checkDns, checkOptions } from './acceptance-reach';
import { checkRegistrations } from './acceptance-register';
import { providerNumbers } from './provider-numbers';

/**
 * The connection: a saved target's fields (the screen passes its TargetView as it is; `sipkit
 * accept` builds the same from --server, --user, --from-host, --from, …). An empty user or a
 * profile with a trunk name is an IP-authenticated trunk: no registration rows.
 */
export type AcceptanceTarget = Pick<TargetFields, 'name' | 'server' | 'profile'> &
  Partial<Omit<TargetFields, 'name' | 'server' | 'profile'>>;

export interface AcceptanceOptions {
  readonly store: TraceStore;
  readonly target: AcceptanceTarget;
  /** Held in memory for the digest; never stored, logged or sent anywhere but in a digest. */
  readonly password?: string;
  /** The profile resolved with overrides (--set, --profile-file); target.profile by name otherwise. */
  readonly profile?: ProviderProfile;
  /** The Expires the registrations ask for (the PBX's setting); the profile's default otherwise. */
  readonly expires?: number;
  /** The number called for the outbound test (an echo test number hears the DTMF back). */
  readonly to: string;
  /** The DID that should ring back on our registration; without it the inbound row is skipped. */
  readonly did?: string;
  readonly caps: boolean;
  readonly site?: string;
  readonly note?: string;
  /** The whole run ends by then, the rows not done skipped with the reason. */
  readonly timeLimitS: number;
  /** Abort: the rows not done are skipped, calls hung up, registrations removed, the run saved. */
  readonly signal: AbortSignal;
  /** Called on every step change, with the whole run (a copy). */
  readonly onUpdate?: (run: AcceptanceRun) => void;
  /** Socket and store trouble the rows do not explain (one line each). */
  readonly onError?: (message: string) => void;
  /** The resolver; the system's (or SIPKIT_DNS_SERVER) by default. */
  readonly dns?: DnsClient;
}

/** How long the end of a run waits for BYEs and un-registrations before closing the socket. */
const STOP_GRACE_MS = 1500;

/**
 * Runs the checklist; resolves with the finished run (never rejects once the run is created).
 * Throws before anything is sent when the server or the profile cannot be read.
 */
export async function runAcceptance(o: AcceptanceOptions): Promise<AcceptanceRun> {
  const t = o.target;
  const spec = parseServerSpec(t.server);
  const profile = o.profile ?? resolveProfile({ name: t.profile });
  const transport: TransportName | undefined = spec.transport ?? t.transport;
  const user = t.user ?? '';
  const registers = !isIpAuthenticated(profile) && user !== '' && o.password !== undefined;
  const fromHost = t.trunkName || profile.trunk_name || spec.host;
  const fromUser = t.callerId || user || 'sipkit';
  const expires = o.expires ?? profile.default_expires ?? 3600;
  const onError = o.onError ?? (() => undefined);
  const startedAtMs = Date.now();

  const first: AcceptanceRun = {
    runId: 0,
    state: 'running',
    target: t.name,
    profile: profile.name,
    site: o.site,
    note: o.note,
    startedAtMs,
    timeLimitS: o.timeLimitS,
    steps: initialSteps({ regions: 0, registers, did: o.did, caps: o.caps }),
    providerNumbers: providerNumbers(profile, expires),
    findingCounts: { error: 0, warning: 0, info: 0 },
  };
  const runId = o.store.createRun({
    kind: 'call',
    target: t.server,
    profile: profile.name,
    // Names and numbers only: the password never goes into the store.
    params: {
      acceptance: { ...first, runId: undefined },
      targetName: t.name,
      to: o.to,
      did: o.did,
      user: user || undefined,
      fromUser,
      fromHost,
      expires,
    },
  });
  const board = new AcceptanceBoard({ ...first, runId }, o.onUpdate, Date.now, (e) =>
    onError(`the acceptance view failed: ${e.message}`),
  );

  // One signal for Abort and the time limit; the reason tells the rows left open why.
  const stop = new AbortController();
  let state: AcceptanceRun['state'] = 'running';
  const end = (why: 'aborted' | 'timed-out'): void => {
    if (state !== 'running') return;
    state = why;
    stop.abort();
  };
  const onAbort = (): void => end('aborted');
  if (o.signal.aborted) onAbort();
  o.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => end('timed-out'), o.timeLimitS * 1000);

  let ep: AcceptanceEndpoint | undefined;
  let regs: readonly Registration[] = [];
  let answerer: InboundAnswerer | undefined;
  let regions: readonly SipTarget[] = [];
  try {
    ep = await openAcceptanceEndpoint(
      o.store,
      runId,
      { address: t.localAddress || undefined, port: t.localPort || undefined },
      onError,
    );
    const endpoint = ep.endpoint;
    const router = new CallRouter();
    endpoint.onRequest(router.handle);
    const dns = o.dns ?? createDnsClient();
    const found = await Promise.race([checkDns(board, spec, transport, profile, dns), aborted(stop.signal)]);
    regions = found === 'aborted' ? [] : found;
    if (regions.length === 0 && !stop.signal.aborted) {
      board.skipOpen('the server did not resolve', ['findings']);
    } else if (!stop.signal.aborted) {
      board.insertAfter(
        'dns',
        regionSteps(
          { regions: regions.length, registers, did: o.did, caps: o.caps },
          regions.map((r) => `${r.host}, ${fmt(r)}`),
        ),
      );
      if (registers) for (const id of ['call-out', 'call-in', 'caps']) board.dependOn(id, ['register:1']);
      const server = regions[0]!;
      const bindAddress = t.localAddress || (await endpoint.contactAddressFor(server)).address;
      // DID calls arrive as new INVITEs at our Contact: answered (tone, then our BYE) all run long.
      answerer = new InboundAnswerer(endpoint, {
        answerAfterS: 0.2,
        maxHoldS: 2,
        media: 'tone',
        echo: false,
        contactUser: user || 'sipkit',
        mediaFactory: rtpMediaFactory({ bindAddress }),
        router,
        maxCalls: 2,
        registrars: regions.map((r, i) => ({
          label: `region ${i + 1} (${r.host}, ${fmt(r)})`,
          address: r.address,
          port: r.port,
        })),
      });
      const answering = answerer;
      router.setFallback((r) => {
        if (!answering.handle(r)) defaultRequestHandler(r);
      });

      const pings = Promise.all(
        regions.map((r, i) =>
          Promise.race([checkOptions(board, endpoint, r, i + 1, fromUser), aborted(stop.signal)]),
        ),
      );
      const registering = registers
        ? checkRegistrations(
            board,
            endpoint,
            {
              spec,
              profile,
              identity: { user, authUser: t.authUser || undefined, domain: t.domain || undefined },
              expires,
              password: o.password ?? '',
              targets: regions,
              alternatives: [],
            },
            stop.signal,
          )
        : Promise.resolve([]);
      const [, started] = await Promise.all([pings, registering]);
      regs = started;

      const ctx: CallContext = {
        endpoint,
        router,
        server,
        toHost: uriHostOf(spec),
        profile,
        fromUser,
        fromHost,
        credentials:
          user && o.password !== undefined ? { user: t.authUser || user, password: o.password } : undefined,
        bindAddress,
        signal: stop.signal,
      };
      if (!stop.signal.aborted && board.mayRun('call-out')) await checkCallOut(board, ctx, o.to);
      if (!stop.signal.aborted) {
        if (!o.did)
          board.end('call-in', 'skipped', { reason: 'no DID given (--did): the inbound path is not tested' });
        else if (board.mayRun('call-in')) await checkCallIn(board, ctx, answering, o.did);
      }
      if (!stop.signal.aborted) {
        if (!o.caps) board.end('caps', 'skipped', { reason: `${NOT_ASKED} (--caps)` });
        else if (board.mayRun('caps'))
          await checkCaps(board, {
            store: o.store,
            runId,
            profile,
            to: o.to,
            target: {
              server: { address: server.address, port: server.port },
              user: user || undefined,
              password: o.password,
              fromHost,
              domain: ctx.toHost,
              localAddress: t.localAddress || undefined,
            },
            signal: stop.signal,
            onError,
          });
      }
    }
  } catch (error) {
    // A local fault (no socket, no RTP port): the rows not done say so; the run is still saved.
    onError((error as Error).message);
    board.skipOpen(`the run stopped: ${(error as Error).message}`, ['findings']);
  } finally {
    clearTimeout(timer);
    o.signal.removeEventListener('abort', onAbort);
  }
  if (state !== 'running') {
    board.skipOpen(
      state === 'timed-out' ? `the time limit of ${o.timeLimitS} s was reached` : 'the run was aborted',
      ['findings'],
    );
  }
  // Hang up, un-register (Expires: 0) and close, each whatever the others did: the run is saved
  // below in any case. A silent registrar must not hold the end for its 32 s timeout.
  const cleanup = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      onError(`could not ${what}: ${(error as Error).message}`);
    }
  };
  await cleanup('hang up the test calls', async () => answerer?.stopAll(STOP_GRACE_MS));
  await cleanup('un-register', () => withinMs(Promise.all(regs.map((r) => r.stop())), STOP_GRACE_MS));
  await cleanup('close the SIP socket', async () => ep?.close());

  let findingCounts = first.findingCounts;
  try {
    addRegionEvidence(board, o.store, runId, regions);
    findingCounts = checkFindings(board, o.store, runId, profile, state !== 'running');
  } catch (error) {
    onError(`could not analyse the run: ${(error as Error).message}`);
    board.skipOpen(`could not analyse the run: ${(error as Error).message}`);
  }
  const verdict = verdictOf(board.steps, true);
  board.set({ state: state === 'running' ? 'done' : state, verdict, endedAtMs: Date.now(), findingCounts });
  const run = board.snapshot;
  try {
    o.store.finishRun(runId, {
      ok: verdict === 'ready',
      summary: summaryOf(run),
      params: { acceptance: run, notStored: ep?.notStored() },
    });
  } catch (error) {
    // The messages are written batch by batch; only the end-of-run result is lost here.
    onError(`could not save the run's result: ${(error as Error).message}`);
  }
  return run;
}

/** One line for the Traces list: the verdict and the failing rows. */
export function summaryOf(run: AcceptanceRun): string {
  const failed = run.steps.filter((s) => s.status === 'fail').map((s) => s.title);
  const verdict =
    run.verdict === 'ready' ? 'ready' : run.verdict === 'not-ready' ? 'NOT ready' : 'incomplete';
  return `acceptance: ${verdict}${failed.length ? ` (failed: ${failed.join('; ')})` : ''}`;
}
