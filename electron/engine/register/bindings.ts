// Reads the bindings a registrar returns in a 2xx to REGISTER (RFC 3261 §10.3 step 8: "The
// registrar returns a 200 (OK) response. The response MUST contain Contact header field values
// enumerating all current bindings."). A Contact that is not ours means another device uses the
// same credentials (rule reg.one-pbx).
import sip from 'sip';
import type { ParsedSip } from '../sip/parse-message';

export interface Binding {
  readonly contact: string;
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
  /** Seconds the registrar will keep this binding. */
  readonly expires?: number;
  readonly ours: boolean;
}

export interface OwnContact {
  readonly user: string;
  readonly host: string;
  readonly port: number;
}

export function readBindings(response: ParsedSip, own: OwnContact): Binding[] {
  const contacts = response.message.headers.contact;
  if (!Array.isArray(contacts)) return [];
  const headerExpires = Number(response.first('expires'));
  const out: Binding[] = [];
  for (const c of contacts) {
    const uri = sip.parseUri(c.uri);
    if (!uri) continue;
    const param = c.params.expires;
    const expires =
      param != null && param !== ''
        ? Number(param)
        : Number.isFinite(headerExpires)
          ? headerExpires
          : undefined;
    const port = Number.isFinite(uri.port) && uri.port ? uri.port : undefined;
    out.push({
      contact: c.uri,
      user: uri.user,
      host: uri.host,
      port,
      expires,
      ours: uri.host === own.host && (port ?? 5060) === own.port && (uri.user ?? '') === own.user,
    });
  }
  return out;
}

/** RFC 3261 §10.2.4: the expiry the registrar granted us, from our Contact or the Expires header. */
export function grantedExpires(response: ParsedSip, bindings: readonly Binding[], asked: number): number {
  const mine = bindings.find((b) => b.ours);
  if (mine?.expires !== undefined && Number.isFinite(mine.expires)) return mine.expires;
  const header = Number(response.first('expires'));
  return Number.isFinite(header) && response.first('expires') !== undefined ? header : asked;
}
