// The registration client (RFC 3261 §10.2): REGISTER with Contact and Expires, digest
// authentication, refresh before expiry but never sooner than the provider allows, 423 and 429
// handling, and un-registration on stop. One Registration talks to one registrar target; an
// `--all-targets` run creates one per region on the same endpoint.
import type { Endpoint } from '../../../shared/trace-types';
import { DigestAuthenticator, type AuthHeader } from '../auth/digest-authenticator';
import type { RequestOutcome, SendTarget, SipEndpoint } from '../core/sip-endpoint';
import type { RequestSpec } from '../sip/build-message';
import { makeBranch, makeCallId, makeTag } from '../sip/ids';
import type { ParsedSip } from '../sip/parse-message';
import { StateMachine } from '../state-machine';
import type { Timer } from '../timer-wheel';
import { fmt } from '../transport/sip-transport';
import { grantedExpires, readBindings, type Binding, type OwnContact } from './bindings';
import { backoffAfter429, planRefresh } from './refresh-policy';
import { endpointText } from '../../../shared/sip/address-text';
import { parseDeltaSeconds } from '../../../shared/sip/delta-seconds';

export enum RegistrationState {
  Idle = 'Idle',
  Registering = 'Registering',
  Registered = 'Registered',
  BackingOff = 'BackingOff',
  Unregistering = 'Unregistering',
  Unregistered = 'Unregistered',
  Failed = 'Failed',
}

const S = RegistrationState;
const TRANSITIONS: Readonly<Record<RegistrationState, readonly RegistrationState[]>> = {
  [S.Idle]: [S.Registering, S.Failed, S.Unregistered],
  [S.Registering]: [S.Registered, S.BackingOff, S.Failed, S.Unregistering, S.Unregistered],
  [S.Registered]: [S.Registering, S.Unregistering, S.Failed],
  [S.BackingOff]: [S.Registering, S.Unregistering, S.Unregistered, S.Failed],
  [S.Failed]: [S.Registering, S.Unregistering, S.Unregistered],
  [S.Unregistering]: [S.Unregistered, S.Failed],
  [S.Unregistered]: [],
};

export interface RegistrationConfig {
  /** Where to send: one resolved target. */
  readonly target: SendTarget;
  /** How the user named the server (for messages), e.g. "reg.example.com". */
  readonly serverName: string;
  /** AoR user (From/To). */
  readonly user: string;
  /** Digest user name when it differs from the AoR user. */
  readonly authUser?: string;
  readonly password: string;
  /** AoR domain and Request-URI host; the server name by default. */
  readonly domain: string;
  /** Port to show in the Request-URI when the domain is the server itself and not on 5060. */
  readonly domainPort?: number;
  /** Expires to ask for, seconds. */
  readonly expires: number;
  /** Provider rule reg.interval: never refresh sooner than this, seconds. */
  readonly minRefreshIntervalS?: number;
  /** Keep retrying after a 429 or a transient failure (long runs); false for --once. */
  readonly persistent?: boolean;
}

export interface NatReport {
  /** The address:port we put in Via. */
  readonly sent: Endpoint;
  /** The address:port the registrar saw (Via received/rport), when it said. */
  readonly seen?: Endpoint;
  readonly behindNat: boolean;
}

export type RegistrationEvent =
  | { readonly type: 'state'; readonly state: RegistrationState }
  | {
      readonly type: 'sending';
      readonly cseq: number;
      readonly expires: number;
      readonly authorized: boolean;
    }
  | {
      readonly type: 'challenged';
      readonly status: number;
      readonly realm: string;
      readonly algorithm: string;
      readonly stale: boolean;
    }
  | {
      readonly type: 'registered';
      readonly grantedExpires: number;
      readonly askedExpires: number;
      readonly bindings: readonly Binding[];
      readonly otherDevices: readonly Binding[];
      readonly nat: NatReport;
      readonly refreshInS: number;
      readonly rttMs: number;
      readonly refresh: boolean;
    }
  | { readonly type: 'interval-too-brief'; readonly asked: number; readonly minExpires: number }
  | {
      readonly type: 'rate-limited';
      readonly retryAfterS?: number;
      readonly backoffS: number;
      readonly consecutive: number;
    }
  | { readonly type: 'failed'; readonly status?: number; readonly message: string; readonly fatal: boolean }
  | { readonly type: 'warning'; readonly message: string }
  | {
      readonly type: 'unregistered';
      /** The 2xx that removed our binding (after any challenge was answered). */
      readonly status: number;
      readonly remaining: readonly Binding[];
    };

export type RegistrationResult =
  | { readonly ok: true; readonly grantedExpires: number }
  | { readonly ok: false; readonly status?: number; readonly message: string; readonly rateLimited: boolean };

type Transacted =
  | RequestOutcome
  | { readonly kind: 'auth-failed'; readonly message: string; readonly response?: ParsedSip }
  | { readonly kind: 'cancelled' };

export class Registration {
  private readonly sm: StateMachine<RegistrationState>;
  private readonly listeners: ((e: RegistrationEvent) => void)[] = [];
  private readonly callId: string;
  private readonly fromTag = makeTag();
  private cseq = 0;
  private contact: OwnContact | undefined;
  private timer: Timer | undefined;
  private inFlight: Promise<unknown> = Promise.resolve();
  private consecutive429 = 0;
  private bound = false;
  /** What we ask for; raised to the registrar's Min-Expires after a 423 (RFC 3261 §10.2.8). */
  private expires: number;
  private stopping = false;
  private firstResult: ((r: RegistrationResult) => void) | undefined;

  constructor(
    private readonly endpoint: SipEndpoint,
    private readonly config: RegistrationConfig,
  ) {
    this.sm = new StateMachine(S.Idle, TRANSITIONS, 'registration', (_from, to) =>
      this.emit({ type: 'state', state: to }),
    );
    this.callId = makeCallId('sipkit');
    this.expires = config.expires;
  }

  get state(): RegistrationState {
    return this.sm.current;
  }

  get target(): SendTarget {
    return this.config.target;
  }

  onEvent(listener: (e: RegistrationEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Registers; resolves with the first definitive result and keeps refreshing until stop(). */
  start(): Promise<RegistrationResult> {
    const result = new Promise<RegistrationResult>((resolve) => (this.firstResult = resolve));
    this.inFlight = this.attempt(false);
    return result;
  }

  /** Stops refreshing and removes our binding (Expires: 0) if we had one. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.timer?.cancel();
    await this.inFlight.catch(() => undefined);
    if (!this.bound) {
      if (!this.sm.is(S.Unregistered)) this.sm.to(S.Unregistered);
      this.settle({ ok: false, message: 'stopped before the registration completed', rateLimited: false });
      return;
    }
    this.sm.to(S.Unregistering);
    const outcome = await this.transact(0);
    if (outcome.kind === 'response' && isSuccess(outcome.response.sip)) {
      this.bound = false;
      const remaining = readBindings(outcome.response.sip, this.contact!);
      this.emit({ type: 'unregistered', status: outcome.response.sip.status ?? 200, remaining });
      this.sm.to(S.Unregistered);
      return;
    }
    this.emit({
      type: 'failed',
      message: `un-register failed: ${this.describe(outcome)}`,
      fatal: true,
      status: statusOf(outcome),
    });
    this.sm.to(S.Failed);
    this.sm.to(S.Unregistered);
  }

  /**
   * One registration attempt that cannot reject: an error before anything is sent (no route to
   * the server, so no Contact address) ends the registration with a failure the user reads,
   * rather than an unhandled rejection that would take the whole app down.
   */
  private attempt(refresh: boolean): Promise<void> {
    return this.register(refresh).catch((error: unknown) => {
      const message = `could not send REGISTER: ${error instanceof Error ? error.message : String(error)}`;
      this.emit({ type: 'failed', message, fatal: true });
      if (!this.sm.is(S.Failed) && !this.sm.is(S.Unregistered)) this.sm.to(S.Failed);
      this.settle({ ok: false, message, rateLimited: false });
    });
  }

  private async register(refresh: boolean): Promise<void> {
    if (this.stopping) return;
    this.sm.to(S.Registering);
    const outcome = await this.transact(this.expires);
    const asked = this.expires;
    if (this.stopping && outcome.kind === 'cancelled') return;

    if (outcome.kind === 'response') {
      const res = outcome.response.sip;
      const status = res.status ?? 0;
      if (status >= 200 && status < 300)
        return this.onRegistered(outcome.response.sip, outcome.rttMs, refresh, asked);
      if (status === 429) return this.onRateLimited(res);
    }
    const fatal = isFatal(outcome);
    const message = this.describe(outcome);
    this.emit({ type: 'failed', status: statusOf(outcome), message, fatal });
    this.sm.to(S.Failed);
    this.settle({ ok: false, status: statusOf(outcome), message, rateLimited: false });
    if (this.config.persistent && !fatal && !this.stopping) {
      // A transient failure in a long run: try again later, not in a loop.
      const waitS = Math.max(this.config.minRefreshIntervalS ?? 0, 30);
      this.timer = this.endpoint.wheel.schedule(waitS * 1000, () => (this.inFlight = this.attempt(refresh)));
    }
  }

  private onRegistered(res: ParsedSip, rttMs: number, refresh: boolean, asked: number): void {
    this.bound = true;
    this.consecutive429 = 0;
    const bindings = readBindings(res, this.contact!);
    const granted = grantedExpires(res, bindings, asked);
    const plan = planRefresh(granted, this.config.minRefreshIntervalS ?? 0);
    if (!bindings.some((b) => b.ours) && bindings.length > 0) {
      this.emit({
        type: 'warning',
        message: 'the registrar answered 200 OK but did not list our Contact among the bindings',
      });
    }
    if (plan.lapseWarning) this.emit({ type: 'warning', message: plan.lapseWarning });
    this.emit({
      type: 'registered',
      grantedExpires: granted,
      askedExpires: asked,
      bindings,
      otherDevices: bindings.filter((b) => !b.ours),
      nat: this.natReport(res),
      refreshInS: plan.refreshInS,
      rttMs,
      refresh,
    });
    this.sm.to(S.Registered);
    this.settle({ ok: true, grantedExpires: granted });
    if (!this.stopping) {
      this.timer = this.endpoint.wheel.schedule(
        plan.refreshInS * 1000,
        () => (this.inFlight = this.attempt(true)),
      );
    }
  }

  private onRateLimited(res: ParsedSip): void {
    this.consecutive429++;
    const retryAfterS = parseDeltaSeconds(res.first('retry-after'));
    const backoffS = backoffAfter429(this.consecutive429, retryAfterS, this.config.minRefreshIntervalS ?? 0);
    this.emit({ type: 'rate-limited', retryAfterS, backoffS, consecutive: this.consecutive429 });
    this.sm.to(S.BackingOff);
    const message =
      `the registrar answered 429 Too Many Requests${retryAfterS !== undefined ? ` with Retry-After ${retryAfterS} s` : ' without Retry-After'}:` +
      ' it is rate-limiting this account (registering too often gets a PBX blocked)';
    this.settle({ ok: false, status: 429, message, rateLimited: true });
    if (this.config.persistent && !this.stopping) {
      this.timer = this.endpoint.wheel.schedule(
        backoffS * 1000,
        () => (this.inFlight = this.attempt(this.bound)),
      );
    }
  }

  /**
   * One REGISTER exchange: the request, digest challenges answered (RFC 3261 §22.2), and a
   * 423 Interval Too Brief answered once with the registrar's Min-Expires (§10.2.8).
   */
  private async transact(expiresIn: number): Promise<Transacted> {
    const { target } = this.config;
    const contactAddr = await this.endpoint.contactAddressFor(target);
    this.contact = { user: this.config.user, host: contactAddr.address, port: contactAddr.port };
    const contactUri = `sip:${this.config.user}@${endpointText(contactAddr)}${target.transport === 'tcp' ? ';transport=tcp' : ''}`;
    const requestUri = `sip:${this.config.domain}${this.config.domainPort ? `:${this.config.domainPort}` : ''}`;
    const aor = `<sip:${this.config.user}@${this.config.domain}>`;
    // A fresh authenticator per exchange: every exchange starts from a new challenge, so a
    // registrar that does not accept a reused nonce can never look like a wrong password.
    const auth = new DigestAuthenticator({
      username: this.config.authUser ?? this.config.user,
      password: this.config.password,
    });
    let authHeaders: readonly AuthHeader[] = auth.authorizeAll('REGISTER', requestUri);
    let expires = expiresIn;
    let retried423 = false;
    for (let round = 0; round < 6; round++) {
      if (this.stopping && expiresIn > 0) return { kind: 'cancelled' };
      const cseq = ++this.cseq;
      const headers: [string, string][] = [['Expires', String(expires)]];
      for (const h of authHeaders) headers.push([h.name, h.value]);
      const spec: RequestSpec = {
        method: 'REGISTER',
        requestUri,
        branch: makeBranch(),
        from: `${aor};tag=${this.fromTag}`,
        to: aor,
        callId: this.callId,
        cseq,
        contact: `<${contactUri}>${expires === 0 ? ';expires=0' : ''}`,
        headers,
      };
      this.emit({ type: 'sending', cseq, expires, authorized: authHeaders.length > 0 });
      const outcome = await this.endpoint.request(spec, target);
      if (outcome.kind !== 'response') return outcome;
      const res = outcome.response.sip;
      const status = res.status ?? 0;
      if (status === 401 || status === 407) {
        const step = auth.respond({
          status,
          headerValues: res.header(status === 401 ? 'www-authenticate' : 'proxy-authenticate'),
          method: 'REGISTER',
          uri: requestUri,
        });
        if (step.kind === 'failed') return { kind: 'auth-failed', message: step.reason, response: res };
        this.emit({
          type: 'challenged',
          status,
          realm: step.challenge.realm,
          algorithm: step.challenge.algorithm,
          stale: step.challenge.stale,
        });
        authHeaders = step.headers;
        continue;
      }
      if (status === 423 && expires > 0 && !retried423) {
        const min = Number(/\d+/.exec(res.first('min-expires') ?? '')?.[0]);
        if (Number.isFinite(min) && min > expires) {
          this.emit({ type: 'interval-too-brief', asked: expires, minExpires: min });
          expires = min;
          this.expires = min;
          retried423 = true;
          // Same exchange, next request: pre-authorise with the nonce already granted (nc + 1).
          authHeaders = auth.authorizeAll('REGISTER', requestUri);
          continue;
        }
      }
      return outcome;
    }
    return { kind: 'auth-failed', message: 'the registrar kept challenging: giving up after 6 tries' };
  }

  private natReport(res: ParsedSip): NatReport {
    const via = res.vias[0];
    const sent = { address: via?.host ?? '', port: via?.port ?? 5060 };
    const received = via?.params.received ?? undefined;
    const rport = via?.params.rport ? Number(via.params.rport) : undefined;
    if (received === undefined && rport === undefined) return { sent, behindNat: false };
    // RFC 3261 §18.2.1 / RFC 3581: received is added only when the source differs from the Via
    // host; rport carries the source port.
    const seen = { address: received ?? sent.address, port: rport ?? sent.port };
    return { sent, seen, behindNat: seen.address !== sent.address || seen.port !== sent.port };
  }

  private describe(outcome: Transacted): string {
    const where = `${this.config.serverName} (${fmt(this.config.target)})`;
    switch (outcome.kind) {
      case 'cancelled':
        return 'stopped';
      case 'timeout':
        return `no answer from ${where} after ${Math.round(outcome.elapsedMs / 1000)} s and ${outcome.retransmissions + 1} tries: check the address, the port and any firewall`;
      case 'transport-error':
        return `could not reach ${where}: ${outcome.error.message}`;
      case 'auth-failed':
        return outcome.message;
      case 'response': {
        const res = outcome.response.sip;
        const line = `${res.status} ${res.reason ?? ''}`.trim();
        const warning = res.first('warning');
        const extra = warning ? ` (Warning: ${warning})` : '';
        switch (res.status) {
          case 403:
            return `the registrar refused the registration (${line})${extra}: the account may be disabled, or this user, domain or address is not allowed`;
          case 404:
            return `the registrar does not know user "${this.config.user}" in domain "${this.config.domain}" (${line})${extra}: check the user name and the domain`;
          case 423:
            return `the registrar keeps answering ${line} (Min-Expires ${res.first('min-expires') ?? 'not given'})`;
          case 429:
            return `the registrar answered ${line}${res.first('retry-after') ? ` (Retry-After ${res.first('retry-after')})` : ''}`;
          default:
            return `the registrar answered ${line}${extra}`;
        }
      }
    }
  }

  private settle(result: RegistrationResult): void {
    const resolve = this.firstResult;
    this.firstResult = undefined;
    resolve?.(result);
  }

  private emit(e: RegistrationEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's bug must not stop the registration.
      }
    }
  }
}

function isSuccess(res: ParsedSip): boolean {
  return (res.status ?? 0) >= 200 && (res.status ?? 0) < 300;
}

function statusOf(outcome: Transacted): number | undefined {
  if (outcome.kind === 'response') return outcome.response.sip.status;
  if (outcome.kind === 'auth-failed') return outcome.response?.status;
  return undefined;
}

/** Failures that retrying cannot fix: wrong credentials, refused or unknown account. */
function isFatal(outcome: Transacted): boolean {
  if (outcome.kind === 'auth-failed') return true;
  if (outcome.kind !== 'response') return false;
  const s = outcome.response.sip.status ?? 0;
  return (
    s === 403 ||
    s === 404 ||
    s === 401 ||
    s === 407 ||
    (s >= 400 && s < 500 && s !== 408 && s !== 429 && s !== 480)
  );
}
