// The provider emulator: a PBX under test registers to it and calls through it as it would to the
// real provider, and it answers as that provider does (profile rules, docs/provider-rules.md):
// digest challenges, 423/429 and capped expiries for registrations, 405/403 on an
// IP-authenticated trunk, the channel and CPS caps, echo-media answers to the PBX's calls, and
// inbound DID calls placed to the registered PBX, round robin over the regions. One SIP endpoint
// per region (a registrar and proxy of its own). Brute force is refused: a source failing
// digest authentication N times is locked out with 403 (svcrack learns nothing). OPTIONS are
// always answered.
import { CallRouter } from '../call/call-router';
import type { MediaFactory } from '../call/call-media';
import { InboundAnswerer, type InboundCallReport } from '../call/inbound-answerer';
import { OutboundCall } from '../call/outbound-call';
import type { CallReport } from '../call/call-types';
import { defaultRequestHandler, type IncomingRequest } from '../core/incoming-request';
import type { SipEndpoint } from '../core/sip-endpoint';
import type { Clock } from '../clock';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { readNameAddr } from '../../../shared/sip/name-addr';
import { hostPort } from '../../../shared/sip/address-text';
import type { Endpoint } from '../../../shared/trace-types';
import { AuthLockout, type LockoutOptions } from './auth-lockout';
import { CallCaps } from './call-caps';
import { DigestServer } from './digest-server';
import { RegistrarState, type Binding } from './registrar-state';
import { EMULATOR_ALLOW, isIpAuthenticated, refuseCallFromPbx, refuseRegister } from './trunk-policy';

export interface EmulatorOptions {
  readonly profile: ProviderProfile;
  /** One listening endpoint per region, in the order given (region 1 first). */
  readonly regions: readonly SipEndpoint[];
  /** The credentials the PBX registers with: user → password (memory only). */
  readonly passwords: ReadonlyMap<string, string>;
  readonly realm: string;
  readonly clock: Clock;
  /** Media of the calls the emulator answers (echo) … */
  readonly echoMedia: MediaFactory;
  /** … and of the DID calls it places (tone). */
  readonly toneMedia: MediaFactory;
  readonly lockout?: Omit<LockoutOptions, 'clock'>;
  /**
   * Repeat offenders of the interval rule: a source whose REGISTERs draw this many 429s in a row
   * (default 5) is blocked, its packets dropped unanswered for `lockMs` (default 10 minutes).
   */
  readonly intervalBlock?: Omit<LockoutOptions, 'clock'>;
  /** Calls answered at once at most, whatever the profile allows (default 50). */
  readonly maxCalls?: number;
  /** Seconds an answered call of the PBX rings first (default 0.2). */
  readonly answerAfterS?: number;
  /** Hang up an answered call after this long (default 3600 s). */
  readonly maxHoldS?: number;
}

export type EmulatorEvent =
  | {
      readonly type: 'register';
      readonly region: number;
      readonly user: string;
      readonly source: Endpoint;
      readonly status: number;
      readonly detail: string;
    }
  | {
      readonly type: 'call';
      readonly direction: 'from-pbx' | 'to-pbx';
      readonly region: number;
      readonly callId: string;
      readonly source: Endpoint;
      readonly status: number;
      readonly detail: string;
    }
  | {
      readonly type: 'auth-failed';
      readonly source: Endpoint;
      readonly user: string;
      readonly detail: string;
    }
  | {
      readonly type: 'locked-out';
      /** auth: failed digest authentications (403 from then on); interval: 429s in a row (silence). */
      readonly reason: 'auth' | 'interval';
      readonly source: Endpoint;
      readonly failures: number;
      readonly forS: number;
    };

/** Numbers a DID call carries when the technician gives none: the caller, and the provider's own. */
export const DEFAULT_DID_CALLER = '+15550100001';
export const DEFAULT_PROVIDER_CALLER_ID = '+15550100000';

export interface InboundCallOptions {
  /** The DID dialled (Request-URI user). */
  readonly did: string;
  /** The original caller's number; replaced by `providerCallerId` unless the profile passes it through. */
  readonly caller: string;
  readonly providerCallerId: string;
  readonly holdS: number;
  readonly ringTimeoutS?: number;
}

export type InboundCallResult =
  | {
      readonly missed: false;
      readonly region: number;
      readonly binding: Binding;
      readonly fromUser: string;
      readonly report: CallReport;
    }
  /** The region whose turn it was has no registration from the PBX: the call is lost there. */
  | { readonly missed: true; readonly region: number; readonly detail: string };

export interface EmulatorCounts {
  registrations: number;
  refusedRegistrations: number;
  callsFromPbx: number;
  refusedCalls: number;
  callsToPbx: number;
  authFailures: number;
}

export class ProviderEmulator {
  private readonly listeners: ((e: EmulatorEvent) => void)[] = [];
  private readonly registrar: RegistrarState;
  private readonly caps: CallCaps;
  private readonly digest: DigestServer;
  private readonly lockout: AuthLockout;
  private readonly offenders: AuthLockout;
  private readonly routers: CallRouter[] = [];
  private readonly answerers: InboundAnswerer[] = [];
  /** Cap slots of the PBX's calls, by Call-ID, released when the call ends. */
  private readonly slots = new Map<string, () => void>();
  private readonly placed = new Set<OutboundCall>();
  private roundRobin = 0;
  readonly counts: EmulatorCounts = {
    registrations: 0,
    refusedRegistrations: 0,
    callsFromPbx: 0,
    refusedCalls: 0,
    callsToPbx: 0,
    authFailures: 0,
  };

  constructor(private readonly o: EmulatorOptions) {
    if (o.regions.length === 0) throw new Error('the emulator needs at least one listening address');
    const p = o.profile;
    this.registrar = new RegistrarState(
      { minIntervalS: p.min_register_interval, maxExpiresS: p.max_expires },
      o.clock,
    );
    this.caps = new CallCaps(p, o.clock);
    this.digest = new DigestServer(o.realm, o.passwords, o.clock);
    this.lockout = new AuthLockout({ ...o.lockout, clock: o.clock });
    this.offenders = new AuthLockout({ ...o.intervalBlock, clock: o.clock });
    o.regions.forEach((endpoint, region) => {
      const router = new CallRouter();
      const answerer = new InboundAnswerer(endpoint, {
        answerAfterS: o.answerAfterS ?? 0.2,
        maxHoldS: o.maxHoldS ?? 3600,
        media: 'none',
        echo: true,
        contactUser: 'emulator',
        mediaFactory: o.echoMedia,
        router,
        maxCalls: o.maxCalls ?? 50,
      });
      answerer.onEvent((e) => {
        if (e.type === 'ended') this.callEnded(region, e.report);
      });
      router.setFallback((r) => this.receive(r, region));
      endpoint.onRequest(router.handle);
      this.routers.push(router);
      this.answerers.push(answerer);
    });
  }

  onEvent(listener: (e: EmulatorEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Live bindings, oldest first. */
  bindings(): readonly Binding[] {
    return this.registrar.all();
  }

  /** Calls up now (the PBX's, answered or ringing, and ours to it). */
  get callsUp(): number {
    return this.answerers.reduce((n, a) => n + a.callsInProgress, 0) + this.placed.size;
  }

  /** Sources locked out for failing digest authentication, then those blocked for 429s in a row. */
  get lockedOut(): readonly { readonly address: string; readonly failures: number }[] {
    return [...this.lockout.locked, ...this.offenders.locked];
  }

  /** Answer reports of the PBX's calls, every region. */
  get answered(): readonly InboundCallReport[] {
    return this.answerers.flatMap((a) => a.reports);
  }

  /**
   * An inbound DID call to the registered PBX, as the provider delivers one: to the address its
   * REGISTER came from (one PBX per credential), the next region in turn (Skyetel spreads inbound
   * calls round robin, so a PBX registered to one region misses half of them).
   */
  async callPbx(opts: InboundCallOptions): Promise<InboundCallResult> {
    const bindings = this.bindings();
    if (bindings.length === 0) throw new Error('no PBX is registered: nowhere to deliver the call');
    // Every region takes its turn, registered or not: that is how a PBX registered to one region
    // only loses half of its inbound calls (reg.srv, reg.inbound-rr).
    const region = this.roundRobin++ % this.o.regions.length;
    const binding = bindings.filter((b) => b.region === region).at(-1);
    if (!binding) {
      this.counts.callsToPbx++;
      const detail = `DID ${opts.did}: region ${region + 1}'s turn, but the PBX is not registered there, so this call is lost (a PBX must register to every region)`;
      this.emit({
        type: 'call',
        direction: 'to-pbx',
        region,
        callId: '',
        source: this.o.regions[region]!.local,
        status: 0,
        detail,
      });
      return { missed: true, region, detail };
    }
    const endpoint = this.o.regions[region]!;
    const contact = readNameAddr(binding.contact).value.uri;
    const passthrough = this.o.profile.caller_id_passthrough;
    const fromUser = passthrough ? opts.caller : opts.providerCallerId;
    const call = new OutboundCall(endpoint, {
      target: { ...binding.source, transport: 'udp' },
      serverName: `PBX ${binding.user}`,
      to: opts.did,
      // RFC 3261 §16.5: the registrar's proxy retargets to the Contact; To keeps the DID.
      ...(contact ? { requestUri: binding.contact } : {}),
      toHost: contact
        ? hostPort(contact.host, contact.port ?? 5060)
        : hostPort(binding.source.address, binding.source.port),
      fromUser,
      fromHost: hostPort(endpoint.local.address, endpoint.local.port),
      // The original caller, as carriers keep it when they overwrite From (trunk.caller-id).
      extraHeaders: passthrough
        ? []
        : [['P-Asserted-Identity', `<sip:${opts.caller}@${endpoint.local.address}>`]],
      ringTimeoutS: opts.ringTimeoutS ?? 30,
      holdS: opts.holdS,
      media: 'tone',
      mediaFactory: this.o.toneMedia,
      router: this.routers[region]!,
    });
    this.placed.add(call);
    this.counts.callsToPbx++;
    try {
      const report = await call.run();
      this.emit({
        type: 'call',
        direction: 'to-pbx',
        region,
        callId: report.callId,
        source: binding.source,
        status: report.finalStatus ?? 0,
        detail: `DID ${opts.did} to ${binding.user} at ${hostPort(binding.source.address, binding.source.port)} via region ${region + 1}, caller ID ${fromUser}${passthrough ? ' (passed through)' : ` (overwritten; the caller was ${opts.caller})`}: ${report.message}`,
      });
      return { missed: false, region, binding, fromUser, report };
    } finally {
      this.placed.delete(call);
    }
  }

  /** Hangs up every call and stops answering; what is still up after `graceMs` is dropped. */
  async stop(graceMs = 600): Promise<void> {
    for (const c of this.placed) c.stop();
    await Promise.all(this.answerers.map((a) => a.stopAll(graceMs)));
  }

  private receive(r: IncomingRequest, region: number): void {
    // A blocked repeat offender gets nothing at all, as from the provider's firewall: its
    // registrations time out, which is what the PBX's owner sees when the provider blocks it.
    if (this.offenders.check(r.message.remote.address).locked) return;
    switch (r.method) {
      case 'REGISTER':
        return this.register(r, region);
      case 'INVITE':
        if (!r.message.sip.toTag) return this.invite(r, region);
        return defaultRequestHandler(r);
      case 'OPTIONS':
        // Safe by default, but always reachable: a PBX's keep-alive and a technician's ping.
        return r.reply(200, 'OK', {
          headers: [
            ['Allow', EMULATOR_ALLOW],
            ['Accept', 'application/sdp'],
          ],
        });
      default:
        return defaultRequestHandler(r);
    }
  }

  private register(r: IncomingRequest, region: number): void {
    const m = r.message;
    const to = readNameAddr(m.sip.first('to') ?? '').value;
    const user = to.uri?.user ?? '';
    const report = (status: number, detail: string): void =>
      this.emit({ type: 'register', region, user, source: m.remote, status, detail });
    const refusal = refuseRegister(this.o.profile);
    if (refusal) {
      this.counts.refusedRegistrations++;
      r.reply(refusal.status, refusal.reason, { headers: refusal.headers });
      return report(refusal.status, refusal.detail);
    }
    const who = this.authenticate(r, 'www');
    if (who === undefined) return;
    const contactText = m.sip.first('contact') ?? '';
    const contact = readNameAddr(contactText, true).value;
    const expiresHeader = Number.parseInt(m.sip.first('expires') ?? '', 10);
    const contactExpires = Number.parseInt(contact.params.expires ?? '', 10);
    const asked = Number.isFinite(contactExpires)
      ? contactExpires
      : Number.isFinite(expiresHeader)
        ? expiresHeader
        : 3600;
    if (contactText === '') {
      // RFC 3261 §10.3 step 5 ends at "no Contact": a query for the bindings.
      const mine = this.bindings().filter((b) => b.user === who && b.region === region);
      r.reply(200, 'OK', { headers: this.contactHeaders(mine) });
      return report(200, 'binding query answered');
    }
    const decision = this.registrar.register({
      user: who,
      contact: contact.uriText,
      source: m.remote,
      region,
      expiresS: Math.max(0, asked),
      wildcard: contact.uriText === '*',
    });
    switch (decision.kind) {
      case 'granted': {
        this.counts.registrations++;
        this.offenders.succeed(m.remote.address);
        r.reply(200, 'OK', {
          headers: [...this.contactHeaders(decision.bindings), ['Expires', String(decision.expiresS)]],
        });
        const others = new Set(decision.bindings.map((b) => b.source.address));
        return report(
          200,
          `registered for ${decision.expiresS} s${decision.capped ? ` (asked ${asked} s, capped at max_expires ${decision.expiresS})` : ''}${decision.sinceLastS === undefined ? '' : `, ${decision.sinceLastS.toFixed(1)} s after the previous registration`}${others.size > 1 ? `; ${others.size} PBX addresses share this credential (reg.one-pbx)` : ''}`,
        );
      }
      case 'removed':
        r.reply(200, 'OK', { headers: this.contactHeaders(decision.bindings) });
        return report(200, 'un-registered');
      case 'too-brief':
        this.counts.refusedRegistrations++;
        r.reply(423, 'Interval Too Brief', { headers: [['Min-Expires', String(decision.minExpiresS)]] });
        return report(
          423,
          `asked ${asked} s, under the minimum ${decision.minExpiresS} s: 423 with Min-Expires`,
        );
      case 'too-soon':
        this.counts.refusedRegistrations++;
        if (this.offenders.fail(m.remote.address)) {
          const block = this.offenders.locked.at(-1);
          this.emit({
            type: 'locked-out',
            reason: 'interval',
            source: m.remote,
            failures: block?.failures ?? 0,
            forS: block ? Math.ceil((block.untilMs - this.o.clock.nowMs()) / 1000) : 0,
          });
        }
        r.reply(429, 'Too Many Requests', {
          headers: [
            ['Retry-After', String(decision.retryAfterS)],
            [
              'Warning',
              `399 emulator "registered again after ${decision.sinceLastS.toFixed(1)} s; the minimum interval is ${this.o.profile.min_register_interval ?? 0} s"`,
            ],
          ],
        });
        return report(
          429,
          `registered again after ${decision.sinceLastS.toFixed(1)} s, under min_register_interval ${this.o.profile.min_register_interval ?? 0} s: 429, Retry-After ${decision.retryAfterS} (reg.interval)`,
        );
    }
  }

  private invite(r: IncomingRequest, region: number): void {
    const m = r.message;
    const from = readNameAddr(m.sip.first('from') ?? '').value;
    const report = (status: number, detail: string): void =>
      this.emit({
        type: 'call',
        direction: 'from-pbx',
        region,
        callId: m.sip.callId,
        source: m.remote,
        status,
        detail,
      });
    const refusal = refuseCallFromPbx(this.o.profile, { fromHost: from.uri?.host, source: m.remote.address });
    if (refusal) {
      this.counts.refusedCalls++;
      r.reply(refusal.status, refusal.reason, { headers: refusal.headers });
      return report(refusal.status, refusal.detail);
    }
    // A registration trunk authenticates calls too (407, RFC 3261 §22.3); an IP trunk by address.
    let credential: string | undefined;
    if (!isIpAuthenticated(this.o.profile)) {
      credential = this.authenticate(r, 'proxy');
      if (credential === undefined) return;
    }
    const cap = this.caps.admit({ region, credential, direction: 'from-pbx' });
    if (!cap.admitted) {
      this.counts.refusedCalls++;
      r.reply(cap.status, cap.reason, {
        headers: [
          ['Warning', cap.warning],
          ['Retry-After', String(cap.retryAfterS)],
        ],
      });
      return report(
        cap.status,
        `over the cap of ${cap.cap}: ${cap.status} with Retry-After ${cap.retryAfterS}`,
      );
    }
    this.counts.callsFromPbx++;
    this.slots.set(m.sip.callId, cap.release);
    const answerer = this.answerers[region]!;
    const busyBefore = answerer.busyRejected;
    const handled = answerer.handle(r);
    if (!handled || answerer.busyRejected > busyBefore) {
      // Turned away by the answerer's own cap (486): no call, no slot held.
      cap.release();
      this.slots.delete(m.sip.callId);
      if (!handled) defaultRequestHandler(r);
      return report(486, 'the emulator is answering as many calls as it can: 486');
    }
    report(
      100,
      `call to ${m.sip.requestUri ?? ''} accepted${credential ? ` for ${credential}` : ''}; answering with echo media`,
    );
  }

  /**
   * Digest authentication of a REGISTER (401) or INVITE (407), with the lockout in front. Returns
   * the authenticated user, or undefined when the request has been answered already.
   */
  private authenticate(r: IncomingRequest, kind: 'www' | 'proxy'): string | undefined {
    const m = r.message;
    const source = m.remote;
    const lock = this.lockout.check(source.address);
    if (lock.locked) {
      r.reply(403, 'Forbidden', {
        headers: [
          ['Warning', `399 emulator "too many failed authentications from ${source.address}; locked out"`],
          ['Retry-After', String(lock.retryAfterS)],
        ],
      });
      return undefined;
    }
    const check = this.digest.check(
      m.sip.method ?? '',
      m.sip.header(kind === 'www' ? 'authorization' : 'proxy-authorization'),
    );
    if (check.ok) {
      this.lockout.succeed(source.address);
      return check.username;
    }
    const [status, reason, header] =
      kind === 'www'
        ? ([401, 'Unauthorized', 'WWW-Authenticate'] as const)
        : ([407, 'Proxy Authentication Required', 'Proxy-Authenticate'] as const);
    if (check.why === 'wrong') {
      this.counts.authFailures++;
      this.emit({ type: 'auth-failed', source, user: check.username, detail: check.detail });
      if (this.lockout.fail(source.address)) {
        const lock = this.lockout.locked.at(-1);
        const forS = lock ? Math.ceil((lock.untilMs - this.o.clock.nowMs()) / 1000) : 0;
        this.emit({ type: 'locked-out', reason: 'auth', source, failures: lock?.failures ?? 0, forS });
        r.reply(403, 'Forbidden', {
          headers: [
            ['Warning', `399 emulator "too many failed authentications from ${source.address}; locked out"`],
            ['Retry-After', String(forS)],
          ],
        });
        return undefined;
      }
    }
    r.reply(status, reason, { headers: [[header, this.digest.challenge(check.why === 'stale')]] });
    return undefined;
  }

  private contactHeaders(bindings: readonly Binding[]): [string, string][] {
    const now = this.o.clock.nowMs();
    return bindings.map((b) => [
      'Contact',
      `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAtMs - now) / 1000))}`,
    ]);
  }

  private callEnded(region: number, report: InboundCallReport): void {
    const release = this.slots.get(report.info.callId);
    this.slots.delete(report.info.callId);
    release?.();
    this.emit({
      type: 'call',
      direction: 'from-pbx',
      region,
      callId: report.info.callId,
      source: report.info.source,
      status: report.status,
      detail: `call ${report.outcome}: ${report.message}`,
    });
  }

  private emit(e: EmulatorEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A listener's bug must not break the emulator.
      }
    }
  }
}
