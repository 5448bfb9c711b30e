// `npm run bench` (or `npx tsx bench/startup.bench.ts`): how fast `sipkit` starts, next to a native
// tool in the same run. Median wall time of `sipkit --help` and `sipkit profiles` (the bundled CLI,
// dist-cli/, as `npm ci` builds it; built here first when missing or stale), the same from the
// TypeScript sources through tsx for reference, Node's own start (`node -e 0`, the floor) and
// `tshark --version`; then the ratios to tshark. The runs are interleaved so a busy machine slows
// every case alike. Numbers, not assertions.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freshBundle } from '../bin/cli-bundle.mjs';
import { findCommand } from '../scripts/peers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 10;

interface Case {
  readonly label: string;
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
}

/** Wall time of one run, or the way it failed (a dev tree mid-edit can break a run from sources). */
function wallMs(c: Case): number | string {
  const t0 = performance.now();
  const res = spawnSync(c.argv[0]!, c.argv.slice(1), {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, ...c.env },
  });
  const ms = performance.now() - t0;
  return res.status === 0 ? ms : `exit ${res.status ?? res.signal}`;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function benchStartup(): void {
  if (freshBundle(ROOT) === undefined) {
    const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('scripts/build-cli.mjs failed');
  }
  const sipkit = [process.execPath, path.join(ROOT, 'bin', 'sipkit.mjs')];
  const tshark = findCommand('tshark');
  const cases: Case[] = [
    { label: 'sipkit --help (bundle)', argv: [...sipkit, '--help'], env: { SIPKIT_CLI: 'bundle' } },
    { label: 'sipkit profiles (bundle)', argv: [...sipkit, 'profiles'], env: { SIPKIT_CLI: 'bundle' } },
    { label: 'sipkit --help (sources, tsx)', argv: [...sipkit, '--help'], env: { SIPKIT_CLI: 'source' } },
    { label: 'sipkit profiles (sources, tsx)', argv: [...sipkit, 'profiles'], env: { SIPKIT_CLI: 'source' } },
    // The floor: Node itself starting and exiting.
    { label: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    ...(tshark ? [{ label: 'tshark --version', argv: [tshark, '--version'] }] : []),
  ];
  for (const c of cases) wallMs(c); // warm the page cache (and tsx's transform cache)
  const times = cases.map(() => [] as number[]);
  const failures = cases.map(() => [] as string[]);
  for (let i = 0; i < RUNS; i++) {
    cases.forEach((c, j) => {
      const t = wallMs(c);
      if (typeof t === 'number') times[j]!.push(t);
      else failures[j]!.push(t);
    });
  }
  const medians = times.map((t) => (t.length ? median(t) : NaN));
  const reference = tshark ? medians.at(-1)! : NaN;
  cases.forEach((c, j) => {
    const ratio =
      j < cases.length - 1 && reference > 0
        ? `  ${(medians[j]! / reference).toFixed(2)}× tshark --version`
        : '';
    const failed = failures[j]!.length ? `  (${failures[j]!.length} failed: ${failures[j]![0]})` : '';
    console.log(
      `${`start-up: ${c.label}`.padEnd(44)} ${medians[j]!.toFixed(0).padStart(12)} ms   (median of ${times[j]!.length})${ratio}${failed}`,
    );
  });
  if (!tshark) console.log('start-up: tshark is not installed: no native reference');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) benchStartup();
