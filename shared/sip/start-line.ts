// The first line of a SIP message (RFC 3261 §7.1, §7.2, §25):
//   Request-Line = Method SP Request-URI SP SIP-Version CRLF
//   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
import { isToken } from './sip-token';

export type StartLine =
  | {
      readonly kind: 'request';
      readonly method: string;
      readonly requestUri: string;
      readonly version: string;
      readonly faults: readonly string[];
    }
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly reason: string;
      readonly version: string;
      readonly faults: readonly string[];
    }
  | { readonly kind: 'unknown'; readonly faults: readonly string[] };

// SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT  (the "SIP" is case-insensitive, §7.1)
function isSipVersion(s: string): boolean {
  return s.length >= 7 && /^SIP\/\d+\.\d+$/i.test(s);
}

function versionFaults(version: string): string[] {
  return version.toUpperCase() === 'SIP/2.0' ? [] : [`version '${version}' is not SIP/2.0 (RFC 3261 §7.1)`];
}

export function readStartLine(line: string): StartLine {
  const words = line.trim().split(/[ \t]+/);
  const first = words[0] ?? '';
  if (isSipVersion(first)) {
    const code = words[1] ?? '';
    const faults = versionFaults(first);
    if (!/^\d{3}$/.test(code)) {
      return { kind: 'unknown', faults: [`'${code}' is not a three-digit status code (RFC 3261 §7.2)`] };
    }
    const status = Number(code);
    if (status < 100) faults.push(`status code ${code} is below 100 (RFC 3261 §21)`);
    return { kind: 'response', status, reason: words.slice(2).join(' '), version: first, faults };
  }
  const last = words[words.length - 1] ?? '';
  if (words.length >= 3 && isSipVersion(last)) {
    const faults = versionFaults(last);
    if (!isToken(first)) faults.push(`method '${first}' is not a token (RFC 3261 §25)`);
    if (words.length > 3) faults.push('the Request-URI contains whitespace (RFC 3261 §7.1)');
    // §7.1 / §25: Request-Line = Method SP Request-URI SP SIP-Version CRLF, exactly.
    else if (/[ \t]{2,}|\t/.test(line.trim()) || /^[ \t]/.test(line)) {
      faults.push('the Request-Line elements must be separated by a single SP (RFC 3261 §7.1, §25)');
    }
    if (/[ \t]$/.test(line)) {
      faults.push(
        "the Request-Line ends in whitespace after the SIP version: it must end 'SIP/2.0' CRLF (RFC 3261 §7.1)",
      );
    }
    return {
      kind: 'request',
      method: first,
      requestUri: words.slice(1, -1).join(' '),
      version: last,
      faults,
    };
  }
  return {
    kind: 'unknown',
    faults: [
      "the first line is neither a request line ('METHOD uri SIP/2.0') nor a status line ('SIP/2.0 code reason') (RFC 3261 §7.1, §7.2)",
    ],
  };
}

/**
 * A strict test for "this line starts a SIP message", for importers that find messages in
 * free text: exactly three words ending in SIP/2.0, or SIP/2.0 and a status code.
 */
export function isStartLine(line: string): boolean {
  if (line.length < 12) return false;
  // Any version and a code of 3 digits or more: SIP/9.0 and SIP/2.0 8589934593 are SIP for the
  // linter to flag (RFC 4475 §3.1.2.16, §3.1.2.19).
  if (line.charCodeAt(0) === 83 /* S */ && /^SIP\/\d+\.\d+ [1-9]\d{2,}(?: |$)/.test(line)) return true;
  const trimmed = line.trimEnd();
  if (!/ SIP\/\d+\.\d+$/.test(trimmed)) return false;
  // Method SP Request-URI SP SIP-Version, tolerating the extra SP and LWS of RFC 4475 §3.1.2.8-10.
  const words = trimmed.split(/[ \t]+/);
  if (words.length < 3 || words.length > 4 || /^[ \t]/.test(line)) return false;
  const uri = words[1]!;
  return isToken(words[0]!) && (uri.includes(':') || uri.includes('@'));
}
