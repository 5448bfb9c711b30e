// Resolves one name to its IPv4 and IPv6 addresses, both queries at once, and says in plain
// words what each query answered so the user can see which record is missing.
import type { DnsClient } from './dns-client';
import { toDnsLookupError, type DnsLookupError } from './dns-errors';

export interface AddressLookup {
  readonly name: string;
  readonly v4: readonly string[];
  readonly v6: readonly string[];
  /** One line per query: "A nw1.example.com → 192.0.2.1". */
  readonly steps: readonly string[];
  /** Why there is no address at all, one phrase; only when v4 and v6 are both empty. */
  readonly failure?: string;
}

type Answer = { readonly addresses: readonly string[] } | { readonly error: DnsLookupError };

export async function lookupAddresses(dns: DnsClient, name: string): Promise<AddressLookup> {
  const [a, aaaa] = await Promise.all([
    ask(() => dns.resolve4(name), 'A', name),
    ask(() => dns.resolve6(name), 'AAAA', name),
  ]);
  const v4 = 'addresses' in a ? a.addresses : [];
  const v6 = 'addresses' in aaaa ? aaaa.addresses : [];
  const steps = [`A ${name} → ${describe(a)}`, `AAAA ${name} → ${describe(aaaa)}`];
  if (v4.length > 0 || v6.length > 0) return { name, v4, v6, steps };
  return { name, v4, v6, steps, failure: describeFailure(name, a, aaaa) };
}

async function ask(
  query: () => Promise<readonly string[]>,
  rrtype: 'A' | 'AAAA',
  name: string,
): Promise<Answer> {
  try {
    return { addresses: await query() };
  } catch (err) {
    return { error: toDnsLookupError(rrtype, name, err) };
  }
}

function describe(answer: Answer): string {
  if ('error' in answer) return answer.error.reason;
  return answer.addresses.length > 0 ? answer.addresses.join(', ') : 'no such record';
}

/** "no A/AAAA record for x" when the DNS said so; the server's failure when it did not. */
function describeFailure(name: string, a: Answer, aaaa: Answer): string {
  const missing = (answer: Answer): boolean => !('error' in answer) || answer.error.notFound;
  if (missing(a) && missing(aaaa)) return `no A/AAAA record for ${name}`;
  return [a, aaaa]
    .map((answer, i) => {
      const rrtype = i === 0 ? 'A' : 'AAAA';
      return 'error' in answer && !answer.error.notFound
        ? `${rrtype} ${name}: ${answer.error.reason}`
        : `no ${rrtype} record for ${name}`;
    })
    .join(', ');
}
