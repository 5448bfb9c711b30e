// Headers whose value is one number or one date, checked against the range or form RFC 3261 gives
// it (RFC 4475 §3.1.2.4, §3.1.2.5, §3.1.2.12 torture them): a receiver may reject or misread a value
// out of range, so the linter names it.
import { isDigits } from './sip-token';
import { splitOutside } from './split-outside';

/** delta-seconds (RFC 3261 §25) beyond 2^32 - 1 mean nothing a receiver can hold (§20.19, §20.33). */
const MAX_DELTA_SECONDS = 2 ** 32 - 1;
/** RFC 3261 §20.22 / RFC 4475 §3.1.2.4: Max-Forwards counts hops from at most 255. */
const MAX_FORWARDS = 255;

function tooLarge(digits: string, max: number): boolean {
  return digits.length > 15 || Number(digits) > max;
}

/** What is wrong with the value of a scalar header; [] for any other header. */
export function scalarFaults(name: string, value: string): string[] {
  switch (name) {
    case 'expires':
    case 'min-expires': {
      const v = value.trim();
      if (isDigits(v) && tooLarge(v, MAX_DELTA_SECONDS))
        return [`${v} seconds is beyond the delta-seconds range (at most 2^32-1, RFC 3261 §20.19, §25)`];
      return [];
    }
    case 'retry-after': {
      // Retry-After = delta-seconds [ comment ] *( SEMI retry-param ) (§20.33)
      const seconds = /^\s*(\d+)/.exec(value)?.[1];
      if (seconds !== undefined && tooLarge(seconds, MAX_DELTA_SECONDS))
        return [`Retry-After ${seconds} is beyond the delta-seconds range (at most 2^32-1, RFC 3261 §20.33)`];
      return [];
    }
    case 'max-forwards': {
      const v = value.trim();
      if (isDigits(v) && tooLarge(v, MAX_FORWARDS))
        return [`Max-Forwards ${v} is above 255 (RFC 3261 §20.22, RFC 4475 §3.1.2.4)`];
      return [];
    }
    case 'warning':
      // warning-value = warn-code SP warn-agent SP warn-text, warn-code = 3DIGIT (§20.43)
      return splitOutside(value, ',')
        .map((w) => /^\s*(\S*)/.exec(w)?.[1] ?? '')
        .filter((code) => !/^\d{3}$/.test(code))
        .map((code) => `the Warning warn-code '${code}' is not three digits (RFC 3261 §20.43)`);
    case 'date':
      // Date = "Date" HCOLON SIP-date, SIP-date = rfc1123-date: always GMT (§20.17).
      return /\sGMT\s*$/.test(value)
        ? []
        : [`the Date '${value.trim()}' is not in GMT: SIP dates are rfc1123-date in GMT (RFC 3261 §20.17)`];
    default:
      return [];
  }
}
