// Type declarations for the parts of npm `sip` 0.0.6 that SIP Field Kit uses: its parser and
// serialiser. Its transport and transaction layer are not used (see electron/engine/README.md).
declare module 'sip' {
  export interface SipUri {
    schema: string;
    user?: string;
    password?: string;
    host: string;
    port?: number;
    params: Record<string, string | null>;
    headers: Record<string, string>;
  }
  export interface SipAddress {
    name?: string;
    uri: string;
    params: Record<string, string | null>;
  }
  export interface SipVia {
    version: string;
    protocol: string;
    host: string;
    port?: number;
    params: Record<string, string | null>;
  }
  export interface SipMessage {
    method?: string;
    uri?: string;
    status?: number;
    reason?: string;
    version?: string;
    headers: {
      via?: SipVia[];
      to?: SipAddress;
      from?: SipAddress;
      contact?: SipAddress[] | '*';
      cseq?: { seq: number; method: string };
      'call-id'?: string;
      'content-length'?: number;
      [name: string]: unknown;
    };
    content?: string;
  }
  export function parse(data: string | Buffer): SipMessage | undefined;
  export function stringify(m: SipMessage): string;
  export function parseUri(s: string): SipUri | undefined;
  export function stringifyUri(u: SipUri | string): string;
  export function parseAOR(data: { s: string; i: number }): SipAddress;
  export function makeResponse(rq: SipMessage, status: number, reason?: string): SipMessage;
  const sip: {
    parse: typeof parse;
    stringify: typeof stringify;
    parseUri: typeof parseUri;
    stringifyUri: typeof stringifyUri;
    parseAOR: typeof parseAOR;
    makeResponse: typeof makeResponse;
  };
  export default sip;
}
