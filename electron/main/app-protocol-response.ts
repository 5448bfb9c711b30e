// What app://sipkit/… answers, decided without Electron so it can be tested: the built renderer's
// files and nothing else, each with its content type and the desktop Content-Security-Policy. A
// path that tries to leave the folder is refused (403), an unknown file is 404, another host of
// the scheme is 404, and only GET and HEAD are answered.
import { contentSecurityPolicy } from '../../shared/content-security-policy';
import { readSiteFile } from '../services/static-site/site-file';
import { APP_HOST, APP_SCHEME } from './app-origin';

export interface AppProtocolResponse {
  readonly status: 200 | 403 | 404 | 405;
  readonly headers: Readonly<Record<string, string>>;
  /** Empty for errors and for HEAD. */
  readonly body: Uint8Array<ArrayBuffer>;
}

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy({ kind: 'desktop' }),
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

export async function appProtocolResponse(
  method: string,
  url: string,
  rendererDir: string,
): Promise<AppProtocolResponse> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refusal(404);
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return refusal(404);
  if (method !== 'GET' && method !== 'HEAD') return refusal(405);
  // WHATWG URL parsing has already folded plain "..", but not encoded forms: site-file checks both.
  const found = await readSiteFile(rendererDir, parsed.pathname);
  if (found.status !== 200) return refusal(found.status);
  return {
    status: 200,
    headers: { ...COMMON_HEADERS, 'Content-Type': found.contentType },
    body: method === 'HEAD' ? new Uint8Array() : new Uint8Array(found.body),
  };
}

function refusal(status: 403 | 404 | 405): AppProtocolResponse {
  return {
    status,
    headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    body: new Uint8Array(),
  };
}
