// Issue 14: one big import must not stall the web mode. A browser pastes several MB of SIP (20,000
// messages and a header folded over 200,000 lines) through the real server's WebSocket; while it
// is read, stored and analysed, the same browser lists the runs and the profiles. Those replies
// must come back before the import's, and the import must still land whole.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app-services';
import { createMemoryVault } from '../../electron/services/secret-vault';
import { defaultDatabaseFile } from '../../electron/store/data-dir';
import { openTraceStore } from '../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../electron/store/trace-store';
import { startWebServer, type WebServer } from '../../electron/web/web-server';
import * as adv from '../support/adversarial-sip';
import { connectIpc, type ServerFrame } from '../support/ipc-socket-client';

const MESSAGES = 20_000;

let tmp: string;
let store: TraceStore;
let services: AppServices;
let server: WebServer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-web-stall-'));
  const staticDir = path.join(tmp, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>stub</title>');
  const dataFile = defaultDatabaseFile({ SIPKIT_DATA_DIR: path.join(tmp, 'data') });
  store = openTraceStore({ file: dataFile });
  services = createAppServices({
    store,
    mode: 'web',
    version: '9.9.9-test',
    dataFile,
    vault: createMemoryVault(),
    log: () => undefined,
  });
  server = await startWebServer({ host: '127.0.0.1', port: 0, staticDir, services, log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  await services?.close();
  store?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('web mode during a large import', () => {
  it('answers other requests while a several-MB paste is imported, then lands the import whole', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const token = new URL(server.url).searchParams.get('token') ?? '';
    const connected = await connectIpc(`ws://127.0.0.1:${server.port}/ipc?token=${token}`, origin);
    if (!connected.ok) throw new Error(`the WebSocket was refused with ${connected.status}`);
    const socket = connected.client.socket;
    const replies = new Map<number, { at: number; frame: ServerFrame }>();
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      if (frame.type === 'reply' && typeof frame.id === 'number')
        replies.set(frame.id, { at: performance.now(), frame });
    });
    const waitFor = async (id: number, timeoutMs: number): Promise<{ at: number; frame: ServerFrame }> => {
      const until = performance.now() + timeoutMs;
      while (!replies.has(id)) {
        if (performance.now() > until) throw new Error(`no reply ${id} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return replies.get(id)!;
    };

    const text = `${adv.manyMessages(MESSAGES)}${adv.foldedLines(200_000)}`;
    expect(text.length).toBeGreaterThan(6_000_000);
    const sent = performance.now();
    socket.send(JSON.stringify({ id: 1, channel: 'traces.import', payload: { name: 'pasted text', text } }));
    // Let the server take the import in, then ask for something small.
    await new Promise((r) => setTimeout(r, 300));
    socket.send(JSON.stringify({ id: 2, channel: 'runs.list', payload: {} }));
    socket.send(JSON.stringify({ id: 3, channel: 'profiles.list', payload: {} }));

    const runs = await waitFor(2, 120_000);
    const profiles = await waitFor(3, 120_000);
    const imported = await waitFor(1, 300_000);
    console.info(
      `import of ${(text.length / 1e6).toFixed(1)} MB sent at 0 ms, runs.list and profiles.list asked at 300 ms: ` +
        `answered at ${(runs.at - sent).toFixed(0)} and ${(profiles.at - sent).toFixed(0)} ms, the import at ${(imported.at - sent).toFixed(0)} ms`,
    );

    expect(runs.frame.reply?.ok).toBe(true);
    expect(profiles.frame.reply?.ok).toBe(true);
    // The point: the small requests did not wait for the import.
    expect(runs.at).toBeLessThan(imported.at);
    expect(profiles.at).toBeLessThan(imported.at);
    expect(imported.frame.reply?.ok).toBe(true);
    expect(imported.frame.reply?.result).toMatchObject({ messageCount: MESSAGES + 1 });
    await connected.client.close();
  }, 400_000);
});
