// Serves the built renderer from one folder and nothing outside it (electron/services/static-site).
// No file needs the access token: they are the same public bundle for everyone and hold no data;
// every trace and every action goes through the token-checked /ipc WebSocket. So a reload of the
// page, whose address no longer shows the token (the page removes it), still loads; the page then
// finds its token in sessionStorage.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readSiteFile, SITE_INDEX } from '../services/static-site/site-file';

export interface StaticSite {
  readonly root: string;
}

export async function serveStatic(
  site: StaticSite,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendText(res, 405, 'Method not allowed.');
  }
  const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
  const found = await readSiteFile(site.root, rawPath);
  if (found.status !== 200) {
    return sendText(res, found.status, found.status === 403 ? 'Forbidden.' : 'Not found.');
  }
  const body = found.file === SITE_INDEX ? withoutCspMeta(found.body) : found.body;
  res.writeHead(200, { 'Content-Type': found.contentType, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>/gi;

/**
 * index.html without the build's CSP <meta>, which is the desktop app's policy (no WebSocket): a
 * page obeys every policy it is given, so the tag would block the web mode's own /ipc socket. The
 * web mode's policy comes in the response header instead (security-headers.ts).
 */
export function withoutCspMeta(html: Buffer): Buffer {
  const text = html.toString('utf8');
  const stripped = text.replace(CSP_META, '');
  return stripped === text ? html : Buffer.from(stripped, 'utf8');
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
