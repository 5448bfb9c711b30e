// The outbound calls that count toward a registration trunk's per-region and per-credential caps
// (reg.channels, reg.cps): calls not known to be inbound, sent to a provider address when the
// trace shows which addresses are the provider's (otherwise every such call).
import { formatEndpoint, normalizeAddress, splitHostPort } from '../address-scope';
import type { Call } from '../calls';
import type { RuleContext } from '../rule-types';
import type { Finding } from '../trace-model';
import { groupBy } from './rule-support';
import { credentialUser } from '../sip-values';

export interface CountedCall {
  readonly call: Call;
  readonly start: number;
  /** Registrar name or destination address:port. */
  readonly target: string;
  /** Digest username, else the credential registered from the same address, else one bucket. */
  readonly credential: string;
}

export const UNKNOWN_CREDENTIAL = '(calls without credentials)';

export function outboundCalls(ctx: RuleContext): readonly CountedCall[] {
  const { roles, registrations } = ctx.index;
  const trunkKnown = roles.trunk.length > 0;
  const credentials = registeredCredentials(registrations);
  const out: CountedCall[] = [];
  for (const call of ctx.index.calls) {
    if (call.direction === 'inbound' || call.startMicros === undefined) continue;
    const dst = call.invite.dst;
    if (trunkKnown && roles.roleOf(dst) !== 'trunk') continue;
    const target = roles.registrarName(dst) ?? (dst ? formatEndpoint(dst) : 'unknown destination');
    const own = call.invites
      .map((tx) => tx.requests[0])
      .map((m) => (m ? credentialUser(m) : undefined))
      .find(Boolean);
    const src = call.invite.src;
    const registered = src ? credentials.get(normalizeAddress(src.address)) : undefined;
    out.push({ call, start: call.startMicros, target, credential: own ?? registered ?? UNKNOWN_CREDENTIAL });
  }
  return out;
}

/**
 * The first credential registered from each address (in binding order), read once: a trace of
 * thousands of calls and registrations would otherwise scan every attempt for every call.
 */
function registeredCredentials(registrations: RuleContext['index']['registrations']): Map<string, string> {
  const byAddress = new Map<string, string>();
  for (const b of registrations) {
    if (b.source === undefined) continue;
    const address = normalizeAddress(splitHostPort(b.source).address);
    if (byAddress.has(address)) continue;
    const credential = b.attempts.find((a) => a.credential)?.credential;
    if (credential) byAddress.set(address, credential);
  }
  return byAddress;
}

/**
 * Runs a limit check once per registrar target (the provider's per-region limit) and once per
 * credential (its per-credential limit): the two scopes seed 002 sets for both channels and CPS.
 */
export function checkPerRegionAndCredential(
  ctx: RuleContext,
  limits: {
    readonly region?: number;
    readonly regionKey: string;
    readonly credential?: number;
    readonly credentialKey: string;
  },
  check: (calls: readonly CountedCall[], limit: number, scope: string, key: string) => Finding | undefined,
): Finding[] {
  const calls = outboundCalls(ctx);
  const scopes = [
    { limit: limits.region, key: limits.regionKey, label: 'region', by: (c: CountedCall) => c.target },
    {
      limit: limits.credential,
      key: limits.credentialKey,
      label: 'credential',
      by: (c: CountedCall) => c.credential,
    },
  ];
  const findings: Finding[] = [];
  for (const scope of scopes) {
    if (scope.limit === undefined) continue;
    for (const [name, list] of groupBy(calls, scope.by)) {
      const f = check(list, scope.limit, `${scope.label} ${name}`, scope.key);
      if (f) findings.push(f);
    }
  }
  return findings;
}
