// app://sipkit/ as the desktop window's page meets it, over a real folder standing in for
// dist/renderer: the built files with their types and the desktop CSP, nothing outside.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from '../../../electron/main/app-origin';
import { appProtocolResponse } from '../../../electron/main/app-protocol-response';
import { contentSecurityPolicy } from '../../../shared/content-security-policy';

const SECRET = 'outside-the-renderer';
let tmp: string;
let renderer: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-app-protocol-'));
  renderer = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>SIP Field Kit</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'export {};');
  fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(renderer, 'assets', 'logo.svg'), '<svg/>');
  fs.writeFileSync(path.join(renderer, 'assets', 'font.woff2'), 'wOF2');
  fs.writeFileSync(path.join(renderer, '.env'), SECRET);
  fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(renderer, 'assets', 'link.txt'));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const get = (url: string) => appProtocolResponse('GET', url, renderer);
const text = (body: Uint8Array) => Buffer.from(body).toString('utf8');

describe('app://sipkit/ (the desktop page)', () => {
  it('serves index.html and the bundle with their content types and the desktop CSP', async () => {
    const page = await get(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(page.headers['Content-Security-Policy']).toBe(contentSecurityPolicy({ kind: 'desktop' }));
    expect(page.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(text(page.body)).toContain('SIP Field Kit');
    expect((await get('app://sipkit/')).status).toBe(200);
    for (const [file, type] of [
      ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['assets/index-abc.css', 'text/css; charset=utf-8'],
      ['assets/logo.svg', 'image/svg+xml'],
      ['assets/font.woff2', 'font/woff2'],
    ] as const) {
      const answer = await get(`app://sipkit/${file}?v=1#x`);
      expect(answer.status, file).toBe(200);
      expect(answer.headers['Content-Type'], file).toBe(type);
    }
  });

  it('answers 404 for a file that is not there', async () => {
    const missing = await get('app://sipkit/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.body.byteLength).toBe(0);
    expect((await get('app://sipkit/assets')).status).toBe(404); // a folder is not a file
  });

  it('never reads outside the renderer folder, however the path is spelled', async () => {
    for (const hostile of [
      'app://sipkit/../secret.txt',
      'app://sipkit/assets/../../secret.txt',
      'app://sipkit/..%2fsecret.txt',
      'app://sipkit/%2e%2e/secret.txt',
      'app://sipkit/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://sipkit/assets/..%5c..%5csecret.txt',
      'app://sipkit/%252e%252e/secret.txt',
      'app://sipkit/assets/link.txt',
      'app://sipkit/.env',
      'app://sipkit/index.html%00.js',
      'app://sipkit/%E0%A4%A',
    ]) {
      const answer = await get(hostile);
      expect([403, 404], hostile).toContain(answer.status);
      expect(text(answer.body), hostile).not.toContain(SECRET);
    }
    // Encoded separators survive URL parsing and are refused as such, not looked up.
    expect((await get('app://sipkit/..%2fsecret.txt')).status).toBe(403);
  });

  it('answers only its own host, and only GET and HEAD', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('file:///etc/passwd')).status).toBe(404);
    expect((await appProtocolResponse('POST', APP_INDEX_URL, renderer)).status).toBe(405);
    const head = await appProtocolResponse('HEAD', APP_INDEX_URL, renderer);
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
  });
});
