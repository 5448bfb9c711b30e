import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app-services';
import { createMemoryVault } from '../../electron/services/secret-vault';
import { defaultDatabaseFile } from '../../electron/store/data-dir';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../electron/store/trace-store';
import { startWebServer, type WebServer } from '../../electron/web/web-server';
import { contentSecurityPolicy } from '../../shared/content-security-policy';
import type { CapturedMessage } from '../../shared/trace-types';
import { httpGet } from '../support/http-get';
import { connectIpc, type IpcSocketClient } from '../support/ipc-socket-client';

// The web mode as a technician's browser meets it: a real server on an ephemeral 127.0.0.1 port,
// over a real trace store in a temporary SIPKIT_DATA_DIR, written by a second connection the way
// a `sipkit` run in another terminal writes it. The UI build is replaced by a stub page.

const STUB_PAGE = '<!doctype html><title>SIP Field Kit stub</title>';
// The build's <meta> policy is the desktop app's (no WebSocket); the web mode must not pass it on.
const BUILT_PAGE = STUB_PAGE.replace(
  '<title>',
  `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ kind: 'desktop' }, 'meta')}"><title>`,
);
const SECRET = 'not-for-the-browser';
// "é" as one latin1 byte (0xE9), as a legacy PBX might put in a display name.
const REGISTER = Buffer.from(
  'REGISTER sip:127.0.0.1 SIP/2.0\r\nFrom: "Ren\xe9" <sip:alice@127.0.0.1>;tag=1\r\nCall-ID: call-1@test\r\nCSeq: 1 REGISTER\r\n\r\n',
  'latin1',
);
const UNAUTHORIZED = Buffer.from(
  'SIP/2.0 401 Unauthorized\r\nCall-ID: call-1@test\r\nCSeq: 1 REGISTER\r\n\r\n',
  'latin1',
);

function captured(raw: Buffer, over: Partial<CapturedMessage>): CapturedMessage {
  return {
    tsMicros: 1_700_000_000_000_000,
    direction: 'out',
    transport: 'udp',
    local: { address: '127.0.0.1', port: 5070 },
    remote: { address: '127.0.0.1', port: 5060 },
    parsed: true,
    callId: 'call-1@test',
    cseqSeq: 1,
    cseqMethod: 'REGISTER',
    raw,
    ...over,
  };
}

let tmp: string;
let writer: TraceStore;
let serverStore: TraceStore;
let services: AppServices;
let server: WebServer;
let runId: number;
let origin: string;
let ipcUrl: string;
const logged: string[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-web-'));
  const staticDir = path.join(tmp, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), BUILT_PAGE);
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("ui");');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET);

  const dataFile = defaultDatabaseFile({ SIPKIT_DATA_DIR: path.join(tmp, 'data') });
  writer = openTraceStore({ file: dataFile });
  runId = writer.createRun(
    { kind: 'register', target: '127.0.0.1:5060', profile: 'generic' },
    1_700_000_000_000_000,
  );
  writer.append(runId, captured(REGISTER, { method: 'REGISTER' }));
  writer.append(
    runId,
    captured(UNAUTHORIZED, {
      direction: 'in',
      tsMicros: 1_700_000_000_002_000,
      status: 401,
      reason: 'Unauthorized',
    }),
  );
  writer.append(
    runId,
    captured(Buffer.from('\x00\x01garbage', 'latin1'), {
      tsMicros: 1_700_000_000_003_000,
      parsed: false,
      parseError: 'not SIP',
    }),
  );
  writer.finishRun(runId, { ok: false, summary: '401 Unauthorized', endedAtMicros: 1_700_000_000_004_000 });

  serverStore = openTraceStore({ file: dataFile, readonly: true });
  services = createAppServices({
    store: serverStore,
    mode: 'web',
    version: '9.9.9-test',
    dataFile,
    watchIntervalMs: 50,
    vault: createMemoryVault(),
    log: (line) => logged.push(line),
  });
  server = await startWebServer({
    host: '127.0.0.1',
    port: 0,
    // The real limit fits a 64 MB capture; a small one keeps the oversized-frame test cheap.
    maxFrameBytes: 64 * 1024,
    staticDir,
    services,
    log: (line) => logged.push(line),
  });
  origin = `http://127.0.0.1:${server.port}`;
  ipcUrl = `ws://127.0.0.1:${server.port}/ipc?token=${new URL(server.url).searchParams.get('token')}`;
});

afterAll(async () => {
  await server?.close();
  await services?.close();
  serverStore?.close();
  writer?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function openClient(): Promise<IpcSocketClient> {
  const result = await connectIpc(ipcUrl, origin);
  if (!result.ok) throw new Error(`the WebSocket was refused with ${result.status}`);
  return result.client;
}

describe('web server: the page', () => {
  it('listens on 127.0.0.1 only, and refuses to listen anywhere else', async () => {
    expect(server.address).toBe('127.0.0.1');
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    await expect(
      startWebServer({ host: '0.0.0.0' as '127.0.0.1', port: 0, staticDir: tmp, services }),
    ).rejects.toThrow(/only listens on 127\.0\.0\.1/);
  });

  it('serves the page with the strict CSP: its WebSocket only to its own host:port, no framing', async () => {
    const page = await httpGet(server.port, new URL(server.url).pathname + new URL(server.url).search);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // The desktop <meta> policy is gone: it would block the page's own WebSocket.
    expect(page.body).toBe(STUB_PAGE);
    const csp = page.headers['content-security-policy'];
    expect(csp).toBe(contentSecurityPolicy({ kind: 'web', host: `127.0.0.1:${server.port}` }));
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port};`);
    expect(csp).not.toMatch(/ws:\/\/127\.0\.0\.1:\*/);
    for (const directive of [
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const viaLocalhost = await httpGet(server.port, '/', { Host: `localhost:${server.port}` });
    expect(viaLocalhost.headers['content-security-policy']).toContain(`ws://localhost:${server.port};`);
  });

  it('serves the page without the token too (a reload after the page hid it): it holds no data', async () => {
    // The token guards the /ipc socket, where every trace is; the page is the public bundle.
    for (const pathname of ['/', '/index.html', '/?token=wrong']) {
      const page = await httpGet(server.port, pathname);
      expect(page.status, pathname).toBe(200);
      expect(page.body, pathname).toBe(STUB_PAGE);
    }
  });

  it('serves the bundled assets with their content type', async () => {
    const script = await httpGet(server.port, '/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await httpGet(server.port, '/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside its folder, however the path is spelled', async () => {
    for (const hostile of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/../package.json',
    ]) {
      const answer = await httpGet(server.port, hostile);
      expect(answer.status, hostile).toBeGreaterThanOrEqual(400);
      expect(answer.body, hostile).not.toContain(SECRET);
      expect(answer.body, hostile).not.toContain('"name"');
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const answer = await httpGet(server.port, `/${new URL(server.url).search}`, {
      Host: `evil.example:${server.port}`,
    });
    expect(answer.status).toBe(403);
  });
});

describe('web server: the /ipc WebSocket', () => {
  it('refuses the upgrade without the token, with a wrong token, or from a foreign or missing Origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/ipc`;
    expect(await connectIpc(base, origin)).toEqual({ ok: false, status: 403 });
    expect(await connectIpc(`${base}?token=wrong`, origin)).toEqual({ ok: false, status: 403 });
    expect(await connectIpc(ipcUrl, 'http://evil.example')).toEqual({ ok: false, status: 403 });
    expect(await connectIpc(ipcUrl, `http://127.0.0.1:${server.port + 1}`)).toEqual({
      ok: false,
      status: 403,
    });
    expect(await connectIpc(ipcUrl, undefined)).toEqual({ ok: false, status: 403 });
  });

  it('answers app.info and lists the run with its result and message count', async () => {
    const client = await openClient();
    try {
      const info = await client.call('app.info', {});
      expect(info).toEqual({
        ok: true,
        result: expect.objectContaining({ version: '9.9.9-test', mode: 'web' }),
      });

      const list = await client.call('runs.list', {});
      expect(list.ok).toBe(true);
      expect(list.result).toEqual({
        runs: [
          expect.objectContaining({
            id: runId,
            kind: 'register',
            target: '127.0.0.1:5060',
            ok: false,
            summary: '401 Unauthorized',
            messageCount: 3,
          }),
        ],
      });
    } finally {
      await client.close();
    }
  });

  it('pages the messages of a run, with the exact bytes as latin1 text', async () => {
    const client = await openClient();
    try {
      const first = await client.call('runs.messages', { runId, limit: 2 });
      const page = first.result as {
        total: number;
        messages: { raw: string; method?: string; status?: number; direction: string }[];
      };
      expect(page.total).toBe(3);
      expect(page.messages.map((m) => [m.direction, m.method ?? m.status])).toEqual([
        ['out', 'REGISTER'],
        ['in', 401],
      ]);
      expect(Buffer.from(page.messages[0]!.raw, 'latin1').equals(REGISTER)).toBe(true);

      const rest = (await client.call('runs.messages', { runId, offset: 2 })).result as typeof page;
      expect(rest.messages).toHaveLength(1);
      expect(rest.messages[0]).toMatchObject({
        parsed: false,
        parseError: 'not SIP',
        raw: '\x00\x01garbage',
      });
    } finally {
      await client.close();
    }
  });

  it('answers broken or invalid requests with an error reply and keeps serving', async () => {
    const client = await openClient();
    try {
      expect(await client.sendRaw('{not json')).toMatchObject({
        id: null,
        reply: { ok: false, error: { code: 'invalid-request' } },
      });
      expect(await client.sendRaw(JSON.stringify({ id: 41, chanel: 'runs.list' }))).toMatchObject({
        id: 41,
        reply: { ok: false, error: { code: 'invalid-request' } },
      });
      const badLimit = await client.call('runs.list', { limit: -1 });
      expect(badLimit).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      expect(badLimit.error?.message).toMatch(/^runs\.list: limit:/);
      expect(await client.call('runs.list', { limit: 1, drop: 'table' })).toMatchObject({
        ok: false,
        error: { code: 'invalid-payload' },
      });
      expect(await client.call('runs.delete', {})).toMatchObject({
        ok: false,
        error: { code: 'unknown-channel' },
      });
      expect(await client.call('runs.messages', { runId: 999 })).toMatchObject({
        ok: false,
        error: { code: 'store-error', message: 'there is no run 999 in the trace database' },
      });

      const after = await client.call('runs.list', {});
      expect(after.ok).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('drops a connection that sends an oversized frame, and still serves everyone else', async () => {
    const client = await openClient();
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.socket.send(
      JSON.stringify({ id: 1, channel: 'runs.list', payload: { pad: 'x'.repeat(100_000) } }),
    );
    expect(await closed).toBe(1009);

    const other = await openClient();
    try {
      expect((await other.call('runs.list', {})).ok).toBe(true);
      expect((await httpGet(server.port, '/assets/app.js')).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('tells the UI when a run changes in the store, so it can page the new messages in', async () => {
    const client = await openClient();
    try {
      writer.append(
        runId,
        captured(REGISTER, { tsMicros: 1_700_000_000_005_000, method: 'REGISTER', cseqSeq: 2 }),
      );
      writer.flush();
      const changed = await client.nextEvent((f) => f.channel === 'store.changed');
      expect(changed.payload).toEqual({ runId });
      const page = (await client.call('runs.messages', { runId, offset: 3 })).result as {
        total: number;
        messages: unknown[];
      };
      expect(page.total).toBe(4);
      expect(page.messages).toHaveLength(1);

      const newRun = writer.createRun({ kind: 'options', target: '127.0.0.1:5060', profile: 'generic' });
      const announced = await client.nextEvent((f) => (f.payload as { runId?: number }).runId === newRun);
      expect(announced.channel).toBe('store.changed');
    } finally {
      await client.close();
    }
  });
});
