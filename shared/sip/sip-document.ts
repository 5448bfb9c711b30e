// A SIP message as the diagnostics see it: read tolerantly from text, keeping every line and
// what was wrong with it. Pure data; shared by the import, the rules engine, the CLI and the UI.
// The parser that produces it lives in ./tolerant-parse.ts.

export interface SipUriParts {
  readonly scheme: string;
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
  readonly params: Readonly<Record<string, string>>;
}

export interface NameAddr {
  readonly display?: string;
  /** The URI text as written (without < >). */
  readonly uriText: string;
  /** Undefined when the URI does not parse (e.g. "2032625093@" with no host). */
  readonly uri?: SipUriParts;
  readonly tag?: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface ViaValue {
  readonly protocol: string;
  readonly transport: string;
  readonly host?: string;
  readonly port?: number;
  readonly branch?: string;
  readonly received?: string;
  /** `rport` present without a value is '' ; absent is undefined. */
  readonly rport?: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface HeaderLine {
  /** Lower-case, compact forms expanded. */
  readonly name: string;
  /** As written on the wire (case kept). */
  readonly rawName: string;
  readonly value: string;
  /** 1-based line number within the message. */
  readonly line: number;
}

export interface SyntaxProblem {
  readonly line: number;
  /** The header (lower-case) or 'start-line' / 'body' / 'message'. */
  readonly where: string;
  readonly text: string;
  readonly message: string;
}

export interface SipDocument {
  readonly kind: 'request' | 'response' | 'unknown';
  readonly method?: string;
  readonly requestUri?: string;
  readonly status?: number;
  readonly reason?: string;
  readonly headers: readonly HeaderLine[];
  readonly body: string;
  readonly problems: readonly SyntaxProblem[];
  // Lifted out for the rules; undefined when absent or unreadable (then a problem says why).
  readonly callId?: string;
  readonly cseq?: { readonly seq: number; readonly method: string };
  readonly from?: NameAddr;
  readonly to?: NameAddr;
  readonly vias: readonly ViaValue[];
  readonly contacts: readonly NameAddr[];
  /** Every value of a header, one entry per comma-separated element where the header is a list. */
  values(name: string): readonly string[];
  first(name: string): string | undefined;
}
