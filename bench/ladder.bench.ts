// `npx tsx bench/ladder.bench.ts`: the ladder model and its writers at the Traces screen's limit
// (20,000 messages, MAX_LADDER_MESSAGES) and at twice that, to show the cost grows linearly; then
// the real Traces screen in Debian's Chromium (the web mode, playwright-core) drawing a stored
// 10,000-message call and scrolling it, with the same page on a 100-message call as the yardstick.
// Targets (issue 18): first drawn under 200 ms, scrolled at 60 fps. Numbers, not assertions.
// `--no-browser` skips the Chromium part.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { percentile } from '../electron/engine/load/percentiles';
import { openTraceStore } from '../electron/store/sqlite-trace-store';
import { openApp } from '../test/e2e/support/web-app';
import { request, response, type Spec } from '../test/unit/shared/diagnostics/trace-builder';
import { captured } from '../test/unit/services/traces/trace-fixtures';
import type { LadderMessage } from '../shared/ipc/schemas/traces';
import { ladderToAscii } from '../shared/ladder/ladder-ascii';
import { buildLadder } from '../shared/ladder/ladder-model';
import { ladderToSvg } from '../shared/ladder/ladder-svg';

function messages(count: number): LadderMessage[] {
  const out: LadderMessage[] = [];
  for (let i = 0; i < count; i++) {
    const t = Math.floor(i / 2);
    out.push({
      id: i + 1,
      tsMicros: 1_700_000_000_000_000 + i * 1000,
      direction: i % 2 ? 'in' : 'out',
      transport: 'udp',
      local: { address: '127.0.0.1', port: 5070 + (t % 4) },
      remote: { address: `127.0.0.${2 + (t % 3)}`, port: 5060 },
      parsed: true,
      callId: `call-${t % 2000}`,
      cseqSeq: t,
      cseqMethod: 'INVITE',
      ...(i % 2 ? { status: 200, reason: 'OK' } : { method: 'INVITE' }),
      branch: `z9hG4bK-${t}`,
      hasSdp: true,
    });
  }
  return out;
}

/** The median of five runs: the machine is shared, single runs jump around. */
function time<T>(label: string, fn: () => T): T {
  const runs: number[] = [];
  let result = fn();
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    result = fn();
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} ${runs[2]!.toFixed(1).padStart(8)} ms (median of 5)`);
  return result;
}

for (const count of [20_000, 40_000]) {
  const input = messages(count);
  const findings = [
    {
      rule: 'r',
      severity: 'error' as const,
      title: 't',
      explanation: '',
      fix: '',
      evidence: input.map((m) => ({ messageId: m.id })),
    },
  ];
  const model = time(`buildLadder ${count.toLocaleString('en')} msgs`, () => buildLadder(input, findings));
  time(`ladderToSvg ${count.toLocaleString('en')} (2,000 rows)`, () => ladderToSvg(model));
  time(`ladderToAscii ${count.toLocaleString('en')} (all rows)`, () =>
    ladderToAscii(model, { maxRows: Infinity }),
  );
}

// ——— The Traces screen in Chromium ———

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PBX = '192.0.2.10:5060';
const FAR = '198.51.100.1:5060';

/** One call of `count` messages: INVITE … 200 … ACK, then in-dialog INFO/200 pairs, then BYE/200. */
function callSpecs(count: number, callId: string): Spec[] {
  const specs: Spec[] = [];
  let at = 0;
  let cseq = 1;
  const pair = (method: string, status: number, reason: string): void => {
    const req = request({
      method,
      ruri: 'sip:15551230000@198.51.100.1',
      viaHost: PBX,
      branch: `z9hG4bK-${method}-${cseq}`,
      from: '<sip:100@192.0.2.10>;tag=a1',
      to: '<sip:15551230000@198.51.100.1>',
      callId,
      cseq,
    });
    specs.push({ at: (at += 0.01), from: PBX, to: FAR, text: req });
    specs.push({
      at: (at += 0.01),
      from: FAR,
      to: PBX,
      text: response(req, status, reason, { toTag: 'b2' }),
    });
    cseq++;
  };
  pair('INVITE', 200, 'OK');
  while (specs.length < count - 2) pair('INFO', 200, 'OK');
  pair('BYE', 200, 'OK');
  return specs.slice(0, count);
}

function seedRun(dataDir: string, count: number): void {
  const store = openTraceStore({ file: path.join(dataDir, 'sipkit.db') });
  const runId = store.createRun(
    { kind: 'call', target: 'sip.example.net', profile: 'generic' },
    1_700_000_000_000_000,
  );
  for (const spec of callSpecs(count, `bench-${count}@pbx`)) store.append(runId, captured(spec));
  store.finishRun(runId, { ok: true, summary: 'bench', endedAtMicros: 1_700_001_000_000_000 });
  store.close();
}

interface ScreenFigures {
  readonly rows: number;
  /** The ladder reply's last frame arrived → the frame that shows its rows painted. */
  readonly drawMs: number;
  /** A click on the call → its rows painted (the back end's read and analysis included). */
  readonly clickToDrawMs: number;
  /** A click on the call → its first screen of rows painted (the whole call may still be loading). */
  readonly clickToFirstMs: number;
  readonly frames: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly domRows: number;
}

async function measureScreen(count: number): Promise<ScreenFigures> {
  const app = await openApp({ seed: (dir) => seedRun(dir, count) });
  try {
    const { page } = app;
    // tsx keeps function names with a __name helper the page does not have.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    // Arrival time of every IPC frame on the page's clock: a listener on each WebSocket the app
    // opens (injected before the app's scripts, so the page is loaded again).
    await page.addInitScript(() => {
      const frames: number[] = [];
      Object.defineProperty(window, '__frames', { value: frames });
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener('message', () => frames.push(performance.now()));
        }
      };
    });
    await page.reload();
    await page.getByTestId('app-ready').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-traces').click();
    const row = page.getByTestId('call-list-row').first();
    await row.waitFor({ timeout: 60_000 });
    const clickAt = await page.evaluate(() => performance.now());
    await row.click();
    const painted = await page.evaluate(
      (expected) =>
        new Promise<{ at: number; firstAt: number; frames: number[] }>((resolve) => {
          const frames = Reflect.get(window, '__frames') as number[];
          let firstAt: number | undefined;
          const check = (): void => {
            const svg = document.querySelector('[data-testid="ladder"]');
            const rows = svg ? Number(svg.getAttribute('data-rows')) : 0;
            // The frame after the DOM change is the one that shows it.
            if (rows > 0 && firstAt === undefined) requestAnimationFrame((t) => (firstAt ??= t));
            if (rows >= expected) {
              requestAnimationFrame((t) =>
                resolve({ at: performance.now(), firstAt: firstAt ?? t, frames: [...frames] }),
              );
              return;
            }
            requestAnimationFrame(check);
          };
          check();
        }),
      count,
    );
    const lastFrame = painted.frames.filter((t) => t <= painted.at).at(-1) ?? clickAt;
    // Scroll continuously, one step per frame, for 3 s; the deltas between frames are the frame times.
    const scroll = await page.evaluate(
      () =>
        new Promise<{ deltas: number[]; domRows: number }>((resolve) => {
          const el = document.querySelector('.ladder-scroll') as HTMLElement;
          const deltas: number[] = [];
          let last = performance.now();
          const end = last + 3000;
          let domRows = 0;
          const step = (now: number): void => {
            deltas.push(now - last);
            last = now;
            el.scrollTop = el.scrollTop + 60 >= el.scrollHeight - el.clientHeight ? 0 : el.scrollTop + 60;
            domRows = Math.max(domRows, el.querySelectorAll('.ladder-row').length);
            if (now < end) requestAnimationFrame(step);
            else resolve({ deltas: deltas.slice(1), domRows });
          };
          requestAnimationFrame(step);
        }),
    );
    const sorted = [...scroll.deltas].sort((a, b) => a - b);
    return {
      rows: count,
      drawMs: painted.at - lastFrame,
      clickToDrawMs: painted.at - clickAt,
      clickToFirstMs: painted.firstAt - clickAt,
      frames: sorted.length,
      p50: percentile(sorted, 50) ?? NaN,
      p95: percentile(sorted, 95) ?? NaN,
      max: sorted.at(-1) ?? NaN,
      domRows: scroll.domRows,
    };
  } finally {
    await app.close();
  }
}

if (!process.argv.includes('--no-browser')) {
  // The page under test is the current build of the renderer, as the e2e suite serves it.
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the renderer build failed');
  console.log('\nTraces screen in headless Chromium (web mode), 1280×800:');
  for (const count of [100, 10_000]) {
    const f = await measureScreen(count);
    console.log(
      `ladder ${count.toLocaleString('en').padStart(6)} msgs: first screen drawn ${f.clickToFirstMs.toFixed(0).padStart(4)} ms from the click; ` +
        `whole ladder ${f.clickToDrawMs.toFixed(0)} ms from the click (${f.drawMs.toFixed(0)} ms after its reply); scroll ${f.frames} frames, ` +
        `p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms; ≤ ${f.domRows} rows in the DOM`,
    );
  }
}
