#!/usr/bin/env node
// `npm test`: every suite (unit, integration against real Kamailio/SIPp/dnsmasq, then e2e in Chromium), ending
// with one line "N passed, N failed" summed over all of them. Extra arguments go to vitest.
// First the peers the tests start (scripts/peers.mjs) are checked and, where missing, installed; when
// that cannot be done it stops here with one line saying what to run, before any suite.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionPeers } from './provision-peers.mjs';

const provisioned = provisionPeers();
if (provisioned !== 0) process.exit(provisioned);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'test-results');
mkdirSync(outDir, { recursive: true });
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');

// Integration files that load the CPU (floods, load runs, a lossy link, dumpcap against SIPp, the
// UI's responsiveness during an import) run alone; the rest mostly wait on their peers and run two
// at a time, which keeps the whole suite well under 15 minutes on 2 cores.
const SERIAL_INTEGRATION = [
  'answer-flood',
  'load-',
  'lossy-network',
  'scanner',
  'web-import-stall',
  'capture',
];
const serialGlobs = SERIAL_INTEGRATION.map((f) => `test/integration/${f}*.test.ts`);
const filtered = process.argv.slice(2).some((a) => !a.startsWith('-'));

const suites = [
  { name: 'unit', args: ['--project', 'unit'], env: { SIPKIT_TEST_WORKERS: '2' } },
  ...(filtered
    ? [{ name: 'integration', args: ['--project', 'integration'] }]
    : [
        {
          name: 'integration',
          args: ['--project', 'integration', ...serialGlobs.flatMap((g) => ['--exclude', g])],
          env: { SIPKIT_TEST_PARALLEL: '1', SIPKIT_TEST_WORKERS: '2' },
        },
        {
          name: 'integration-serial',
          args: ['--project', 'integration', ...SERIAL_INTEGRATION.map((f) => `test/integration/${f}`)],
        },
      ]),
  // Playwright in Debian's Chromium against the web mode; its global setup builds the renderer.
  { name: 'e2e', args: ['--project', 'e2e'] },
];

let passed = 0;
let failed = 0;
// CI shows only the tail of the output: each failure is named again at the end, with its first line.
const failures = [];
let skipped = 0;
let worst = 0;
for (const suite of suites) {
  const json = path.join(outDir, `${suite.name}.json`);
  rmSync(json, { force: true });
  const res = spawnSync(
    process.execPath,
    [
      vitest,
      'run',
      ...suite.args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${json}`,
      ...process.argv.slice(2),
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0', ...suite.env },
    },
  );
  let counted = false;
  try {
    const report = JSON.parse(readFileSync(json, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A file that fails to load counts as a failure even though it ran no test.
    failed += (report.testResults ?? []).filter(
      (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
    ).length;
    for (const file of report.testResults ?? []) {
      const rel = path.relative(root, file.name ?? '');
      const tests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      if (file.status === 'failed' && tests.length === 0)
        failures.push(`${suite.name} ${rel}: ${firstLine(file.message)}`);
      for (const t of tests)
        failures.push(
          `${suite.name} ${rel} › ${t.fullName ?? t.title}: ${firstLine(t.failureMessages?.[0])}`,
        );
    }
    counted = true;
  } catch {
    // No report: the runner itself failed.
  }
  if (!counted) failed += 1;
  const code = res.status ?? 1;
  if (code !== 0 || !counted) worst = worst || code || 1;
}

if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? worst || 1 : worst);

function firstLine(text) {
  // eslint-disable-next-line no-control-regex -- strip the colours a reporter may have left in
  const plain = String(text ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  return (
    plain
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 300) ?? '(no message)'
  );
}
