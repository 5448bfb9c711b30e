// Headers on every HTTP answer of the web mode.
import type { ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../../shared/content-security-policy';

const REFUSAL_POLICY = "default-src 'none'; frame-ancestors 'none'";

const HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // The token was in the page's first address: never send an address on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Local and rebuilt at every start: caching only risks serving a stale UI.
  'Cache-Control': 'no-store',
};

/**
 * `host` is the request's Host once checked to be this server's own (own-origin.ts); undefined for
 * a request refused before that, whose plain-text answer needs nothing at all.
 */
export function setSecurityHeaders(res: ServerResponse, host: string | undefined): void {
  res.setHeader(
    'Content-Security-Policy',
    host === undefined ? REFUSAL_POLICY : contentSecurityPolicy({ kind: 'web', host }),
  );
  for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
}
