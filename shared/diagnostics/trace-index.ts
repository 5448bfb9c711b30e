// Everything the rules derive from a trace, computed once per analysis: transactions, calls,
// registrations, which addresses are the PBX's and which the provider's, and the trace's time span.
import type { ProviderProfile } from '../profiles/profile-schema';
import { buildCalls, type Call } from './calls';
import { buildEndpointRoles, type EndpointRoles } from './endpoint-roles';
import { buildRegistrations, type RegistrationBinding } from './registrations';
import type { TraceMessage } from './trace-model';
import { buildTransactions, type TransactionSet } from './transactions';

export interface TraceIndex extends TransactionSet {
  readonly roles: EndpointRoles;
  readonly calls: readonly Call[];
  readonly registrations: readonly RegistrationBinding[];
  /** First and last timestamp in the trace (undefined when no message has a time). */
  readonly startMicros?: number;
  readonly endMicros?: number;
}

export interface IndexOptions {
  readonly pbxAddresses?: readonly string[];
}

export function buildTraceIndex(
  messages: readonly TraceMessage[],
  profile: ProviderProfile,
  opts: IndexOptions = {},
): TraceIndex {
  const set = buildTransactions(messages);
  const roles = buildEndpointRoles(messages, profile, opts.pbxAddresses);
  let startMicros: number | undefined;
  let endMicros: number | undefined;
  for (const m of messages) {
    if (m.tsMicros === undefined) continue;
    if (startMicros === undefined || m.tsMicros < startMicros) startMicros = m.tsMicros;
    if (endMicros === undefined || m.tsMicros > endMicros) endMicros = m.tsMicros;
  }
  return {
    ...set,
    roles,
    calls: buildCalls(messages, set.transactions, set.byCallId, roles),
    registrations: buildRegistrations(set.transactions, roles),
    startMicros,
    endMicros,
  };
}
