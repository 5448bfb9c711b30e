// The web mode's access token reaches the terminal exactly once: in the line the user opens. The
// web mode runs as its own process (the way `npm run web` starts it, over a stub UI folder) and
// gets good requests and bad ones — wrong tokens, the right token on refused or failing requests,
// a WebSocket frame that breaks the protocol — then stops on SIGTERM; its whole stdout and
// stderr is then searched for the token.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startProcess, type ManagedProcess } from '../support/child-process';
import { httpGet } from '../support/http-get';
import { connectIpc } from '../support/ipc-socket-client';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('web mode: the access token in its output', () => {
  let tmp: string;
  let web: ManagedProcess;
  const output: string[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-web-token-'));
    const ui = path.join(tmp, 'ui');
    fs.mkdirSync(ui);
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>stub</title>');
    const runWebMode = path.join(ROOT, 'electron', 'web', 'run-web-mode.ts');
    web = startProcess({
      name: 'sipkit web',
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { runWebMode } = await import(${JSON.stringify(runWebMode)});
         await runWebMode({ announce: (url) => 'SIP Field Kit UI: ' + url, staticDir: ${JSON.stringify(ui)} });
         process.exit(0);`,
      ],
      cwd: ROOT,
      env: { ...process.env, SIPKIT_DATA_DIR: path.join(tmp, 'data'), SIPKIT_WEB_PORT: '0' },
      keepLines: 10_000,
    });
    web.onLine((line, stream) => output.push(`${stream}: ${line}`));
    await web.waitForLine(/SIP Field Kit UI: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/, 30_000);
  });

  afterAll(async () => {
    await web?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prints it in the one line to open, and in no other line, whatever the requests', async () => {
    const announce = /SIP Field Kit UI: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))/.exec(output.join('\n'));
    expect(announce).not.toBeNull();
    const [, , portText, token] = announce!;
    const port = Number(portText);
    const origin = `http://127.0.0.1:${port}`;
    const ipc = `ws://127.0.0.1:${port}/ipc`;

    // Good ones: the page and a working IPC session.
    expect((await httpGet(port, `/?token=${token}`)).status).toBe(200);
    const good = await connectIpc(`${ipc}?token=${token}`, origin);
    if (!good.ok) throw new Error(`the WebSocket was refused with ${good.status}`);
    expect((await good.client.call('app.info', {})).ok).toBe(true);
    expect((await good.client.call('runs.messages', { runId: 999_999, limit: 5 })).ok).toBe(false);
    expect((await good.client.sendRaw('{not json')).reply?.ok).toBe(false);
    await good.client.close();

    // Bad ones, several carrying the real token.
    expect((await httpGet(port, '/?token=wrong')).status).toBe(200);
    expect((await httpGet(port, `/missing.js?token=${token}`)).status).toBe(404);
    expect((await httpGet(port, `/..%2f..%2fetc/passwd?token=${token}`)).status).toBe(403);
    expect((await httpGet(port, `/?token=${token}`, { Host: `evil.example:${port}` })).status).toBe(403);
    expect(await connectIpc(`${ipc}?token=${token}`, 'http://evil.example')).toEqual({
      ok: false,
      status: 403,
    });
    expect(await connectIpc(`${ipc}?token=wrong`, origin)).toEqual({ ok: false, status: 403 });
    expect(await connectIpc(`ws://127.0.0.1:${port}/elsewhere?token=${token}`, origin)).toEqual({
      ok: false,
      status: 404,
    });
    // A text frame that is not UTF-8: the server logs the protocol error and closes the socket.
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${ipc}?token=${token}`, { origin });
      ws.once('error', reject);
      ws.once('open', () => ws.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false }));
      ws.once('close', () => resolve());
    });
    await web.waitForLine(/broke the protocol/, 10_000);

    await web.stop();
    await web.outputClosed;
    const all = output.join('\n');
    expect(all.split(token!).length - 1, all).toBe(1);
    const carrying = output.filter((line) => line.includes(token!));
    expect(carrying).toEqual([`stdout: SIP Field Kit UI: ${announce![1]}`]);
    // The run did log something on the way (the protocol error), so the check above had lines to search.
    expect(output.some((line) => line.startsWith('stderr: sipkit web: closed a WebSocket'))).toBe(true);
  });
});
