// Orders SRV records the way RFC 2782 says a client must try them. npm `sip` 0.0.6 skips this
// and tries them in whatever order the DNS returned, so a provider's backup region could be
// registered to before its primary.

export interface SrvPriorityWeight {
  readonly priority: number;
  readonly weight: number;
}

/**
 * RFC 2782, "Usage rules": "A client MUST attempt to contact the target host with the
 * lowest-numbered priority it can reach; target hosts with the same priority SHOULD be tried
 * in an order defined by the weight field."
 *
 * Deterministic for a given `random` (a function returning a number in [0, 1), like
 * Math.random), so tests can pin the picks.
 */
export function orderSrv<T extends SrvPriorityWeight>(
  records: readonly T[],
  random: () => number = Math.random,
): T[] {
  const priorities = [...new Set(records.map((r) => r.priority))].sort((a, b) => a - b);
  return priorities.flatMap((priority) =>
    weightedOrder(
      records.filter((r) => r.priority === priority),
      random,
    ),
  );
}

/**
 * RFC 2782: "To select a target to be contacted next, arrange all SRV RRs (that have not been
 * ordered yet) in any order, except that all those with weight 0 are placed at the beginning
 * of the list. Compute the sum of the weights of those RRs, and with each RR associate the
 * running sum in the selected order. Then choose a uniform random number between 0 and the
 * sum computed (inclusive), and select the RR whose running sum value is the first in the
 * selected order which is greater than or equal to the random number selected. [...] Remove
 * this SRV RR from the set of the unordered SRV RRs and apply the described algorithm to the
 * unordered SRV RRs to select the next target host. Continue the ordering process until there
 * are no unordered SRV RRs."
 */
function weightedOrder<T extends SrvPriorityWeight>(sameP: readonly T[], random: () => number): T[] {
  // "any order, except weight 0 first": keep the DNS order otherwise, so the result depends
  // only on the input and `random`.
  const unordered = [...sameP.filter((r) => r.weight === 0), ...sameP.filter((r) => r.weight !== 0)];
  const ordered: T[] = [];
  while (unordered.length > 0) {
    const sum = unordered.reduce((acc, r) => acc + r.weight, 0);
    // An integer in [0, sum], inclusive at both ends as the RFC says; the clamp guards
    // against a random() that returns exactly 1.
    const pick = Math.min(sum, Math.floor(random() * (sum + 1)));
    let running = 0;
    let index = unordered.length - 1;
    for (let i = 0; i < unordered.length; i++) {
      running += unordered[i]?.weight ?? 0;
      if (running >= pick) {
        index = i;
        break;
      }
    }
    const [chosen] = unordered.splice(index, 1);
    if (chosen !== undefined) ordered.push(chosen);
  }
  return ordered;
}
