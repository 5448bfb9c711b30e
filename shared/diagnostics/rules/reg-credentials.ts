// reg.credentials (seed 002): "In most PBXs, SIP Credentials are stored in plain text … you will
// still be financially liable". What a trace can leak: Basic credentials (base64 of user:password),
// a password parameter, or a password in a SIP URI's userinfo (RFC 3261 §19.1.1: "The use of
// passwords in the userinfo is NOT RECOMMENDED"). Digest responses do not reveal the password but
// a weak one can be guessed offline from them, which is why exports redact Authorization data.
// Evidence quotes lines with the secret replaced: findings end up in tickets.
import type { HeaderLine } from '../../sip/sip-document';
import {
  CREDENTIAL_HEADER_LINE,
  maskCredentialLine,
  maskCredentialValue,
  type MaskSecret,
} from '../credential-secrets';
import { capEvidence, headerLines, lineText, startLineNumber } from '../message-text';
import type { Rule } from '../rule-types';
import { parseCredentials } from '../sip-values';
import type { Evidence, Finding, TraceMessage } from '../trace-model';
import { countNote } from './rule-support';

const AUTH_HEADERS = ['authorization', 'proxy-authorization'] as const;
const URI_PASSWORD = /(sips?:[^@:;>\s]+):([^@;>\s]+)@/gi;

/** The line with every credential masked as export redaction would (credential-secrets.ts). */
export function redactAuthorization(line: string): string {
  const mask: MaskSecret = (s) => (s.kind === 'credentials' && !s.quoted ? '<redacted>' : '"<redacted>"');
  // A folded continuation line has no header name: all of it is credentials.
  return CREDENTIAL_HEADER_LINE.test(line) ? maskCredentialLine(line, mask) : maskCredentialValue(line, mask);
}

function redactUri(line: string): string {
  return line.replace(URI_PASSWORD, '$1:<redacted>@');
}

function evidenceOf(msg: TraceMessage, h: HeaderLine): Evidence {
  return {
    messageIndex: msg.index,
    line: h.line,
    text: redactAuthorization(lineText(msg, h.line) ?? `${h.rawName}: ${h.value}`),
  };
}

export const regCredentialsRule: Rule = {
  id: 'reg.credentials',
  title: 'No credentials readable in the trace',
  run(ctx) {
    const basic: Evidence[] = [];
    const password: Evidence[] = [];
    const inUri: Evidence[] = [];
    const digest: Evidence[] = [];
    const users = new Set<string>();
    const algorithms = new Set<string>();
    for (const msg of ctx.messages) {
      if (msg.doc.kind !== 'request') continue;
      for (const name of AUTH_HEADERS) {
        for (const h of headerLines(msg, name)) {
          const cred = parseCredentials(h.value);
          const scheme = cred.scheme.toLowerCase();
          if (scheme === 'basic') basic.push(evidenceOf(msg, h));
          else if (cred.params.has('password')) password.push(evidenceOf(msg, h));
          else if (scheme === 'digest') {
            digest.push(evidenceOf(msg, h));
            const user = cred.params.get('username');
            if (user) users.add(user);
            algorithms.add((cred.params.get('algorithm') ?? 'MD5').toUpperCase());
          }
        }
      }
      const uriLines = [
        startLineNumber(msg),
        ...['from', 'to', 'contact'].flatMap((n) => headerLines(msg, n).map((h) => h.line)),
      ];
      for (const line of uriLines) {
        const text = lineText(msg, line) ?? '';
        URI_PASSWORD.lastIndex = 0;
        if (URI_PASSWORD.test(text)) inUri.push({ messageIndex: msg.index, line, text: redactUri(text) });
      }
    }
    const findings: Finding[] = [];
    if (basic.length > 0) {
      findings.push({
        rule: 'reg.credentials',
        severity: 'error',
        title: `Basic authentication sends the SIP password readable in the trace${countNote(basic.length, 'request')}`,
        evidence: capEvidence(basic),
        observed: 'Authorization: Basic … (base64 of username:password)',
        expected: 'Digest authentication (RFC 3261 §22.4: Basic MUST NOT be used)',
        explanation:
          'Basic authentication is the username and password merely encoded, not encrypted: anyone who sees this ' +
          'trace, or the network traffic, can read the password and place calls billed to the customer.',
        fix: 'Switch the device to Digest authentication, change the SIP password now, and do not share the original capture.',
      });
    }
    if (password.length > 0) {
      findings.push({
        rule: 'reg.credentials',
        severity: 'error',
        title: `A password parameter is sent in an Authorization header${countNote(password.length, 'request')}`,
        evidence: capEvidence(password),
        observed: 'password=… in the credentials',
        expected: 'Digest credentials with a response hash only',
        explanation:
          'The device puts the password itself into the request. Anyone with this trace or on the network path can ' +
          'reuse it to register or call as the customer.',
        fix: 'Fix the device configuration (or firmware) so it uses standard Digest authentication, and change the SIP password now.',
      });
    }
    if (inUri.length > 0) {
      findings.push({
        rule: 'reg.credentials',
        severity: 'error',
        title: `A SIP URI carries a password (user:password@host)${countNote(inUri.length, 'line')}`,
        evidence: capEvidence(inUri),
        observed: 'sip:user:password@host',
        expected: 'sip:user@host (RFC 3261 §19.1.1: passwords in the userinfo are NOT RECOMMENDED)',
        explanation:
          'The password is written in clear inside a SIP address, so every device and log on the path sees it.',
        fix: 'Remove the password from the configured SIP URI (server, proxy or Contact field), use the separate password setting, and change the password.',
      });
    }
    if (digest.length > 0) {
      const weak = [...algorithms].filter((a) => a.startsWith('MD5'));
      findings.push({
        rule: 'reg.credentials',
        severity: 'info',
        title: `The trace holds ${digest.length} digest response${digest.length === 1 ? '' : 's'} for ${[...users].join(', ') || 'a SIP account'} (${[...algorithms].join(', ')})`,
        evidence: capEvidence(digest),
        observed: `digest credentials for ${[...users].join(', ') || '?'}, algorithm ${[...algorithms].join(', ')}`,
        explanation:
          'Digest authentication never sends the password itself, but each response is a hash of it' +
          (weak.length > 0 ? ' (MD5 here, which is fast to compute)' : '') +
          ': with a trace in hand, a short or dictionary password can be guessed offline. SIP Field Kit redacts ' +
          'Authorization data in exports; share raw captures only with people you trust.',
        fix: 'Use long random SIP passwords (the provider generates them), keep raw captures private, and generate new credentials if a capture leaked.',
      });
    }
    return findings;
  },
};
