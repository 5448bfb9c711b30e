// The PDF and PNG exports' Chromium, for real: a page that tries to run a script and to fetch from
// an HTTP server on loopback (started here) renders with the script not run and not one request
// reaching the server. (Started by hand without the flags and the page policy, the same Chromium
// runs the script and makes every request.)
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToPdf, svgToPng } from '../../electron/export/chromium';
import { requireBinary } from '../support/binaries';

const run = promisify(execFile);

describe('headless Chromium of the exports', () => {
  let server: http.Server;
  let port: number;
  const requests: string[] = [];

  beforeAll(async () => {
    requireBinary('chromium', 'chromium');
    requireBinary('pdftotext', 'poppler-utils');
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('prints a page without running its script or letting it reach the network', async () => {
    requests.length = 0;
    const page = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
      <p id="state">SCRIPT-NOT-RUN</p>
      <img src="http://127.0.0.1:${port}/by-address.png">
      <img src="http://localhost:${port}/by-name.png">
      <link rel="stylesheet" href="http://127.0.0.1:${port}/style.css">
      <script>document.getElementById('state').textContent = 'SCRIPT-RAN';
        fetch('http://127.0.0.1:${port}/fetch');</script>
    </body></html>`;
    const pdf = await htmlToPdf(page);
    const text = await pdfText(pdf);
    expect(text).toContain('SCRIPT-NOT-RUN');
    expect(text).not.toContain('SCRIPT-RAN');
    expect(requests).toEqual([]);
  });

  it('takes a PNG of an SVG that points at the network without fetching it', async () => {
    requests.length = 0;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><image href="http://127.0.0.1:${port}/svg.png" width="10" height="10"/><text x="10" y="50">ladder</text></svg>`;
    const png = await svgToPng(svg, 200, 100);
    expect(Buffer.from(png).subarray(1, 4).toString()).toBe('PNG');
    expect(requests).toEqual([]);
  });
});

async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sipkit-pdf-'));
  try {
    const file = path.join(dir, 'page.pdf');
    await writeFile(file, pdf);
    return (await run('pdftotext', [file, '-'], { encoding: 'utf8' })).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
