// Serves the built renderer from one folder and nothing outside it. The page itself (index.html)
// requires the access token; the bundled scripts and styles do not, because the page loads them
// by plain relative URLs and they hold no data: every trace goes through the token-checked /ipc.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenMatches } from './access-token';
import { contentTypeOf } from './content-types';

const INDEX = 'index.html';

export interface StaticSite {
  readonly root: string;
  readonly token: string;
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
  const relative = safeRelativePath(rawPath);
  if (relative === undefined) return sendText(res, 403, 'Forbidden.');

  const file = relative === '' ? INDEX : relative;
  if (file === INDEX) {
    const token = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
    if (!tokenMatches(site.token, token)) {
      return sendText(
        res,
        403,
        'Forbidden: open the full address SIP Field Kit printed when it started (it includes the access token).',
      );
    }
  }

  const body = await readInside(site.root, file);
  if (body === undefined) return sendText(res, 404, 'Not found.');
  res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * The request path as a relative file path, or undefined when it tries to leave the folder
 * ("..", encoded or not), names a hidden file, or is malformed. "/" gives "".
 */
export function safeRelativePath(rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  return segments.join('/');
}

/** The file's bytes, or undefined when it is missing, not a file, or (through a link) outside root. */
async function readInside(root: string, relative: string): Promise<Buffer | undefined> {
  try {
    const realRoot = await fs.realpath(root);
    const real = await fs.realpath(path.join(realRoot, relative));
    if (!real.startsWith(realRoot + path.sep)) return undefined;
    if (!(await fs.stat(real)).isFile()) return undefined;
    return await fs.readFile(real);
  } catch {
    return undefined;
  }
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
