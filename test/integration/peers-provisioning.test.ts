// `npm test` on a machine that lacks a peer, as a user who cannot install it: one line naming the
// exact command to run and a non-zero exit, before any suite starts (instead of dozens of failed
// tests). Real runs of scripts/run-tests.mjs as `nobody` (setpriv), with a PATH that hides sipsak.
// The reinstall path (root, apt-get) is exercised by .ci/run on a fresh machine.
import { chmod, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand, PEERS } from '../../scripts/peers.mjs';
import { runProcess, stopAll, type RunResult } from '../support/child-process';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HIDDEN = 'sipsak';
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Runs a script with only `env`, as nobody when we are root (as ourselves otherwise: no sudo on PATH). */
function runAsUser(script: string, env: Record<string, string>): Promise<RunResult> {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const clean = ['/usr/bin/env', '-i', ...vars, process.execPath, path.join(ROOT, 'scripts', script)];
  const argv =
    process.getuid?.() === 0
      ? ['/usr/bin/setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...clean]
      : clean;
  return runProcess({ name: script, command: argv[0]!, args: argv.slice(1), cwd: ROOT, timeoutMs: 30_000 });
}

describe('peer provisioning before the suites', () => {
  let bin: string;
  let fullBin: string;
  beforeAll(async () => {
    // Two PATHs of symlinks: every peer (and apt-get) but sipsak, and every peer. No sudo in either.
    bin = await mkdtemp(path.join(tmpdir(), 'sipkit-peers-'));
    fullBin = await mkdtemp(path.join(tmpdir(), 'sipkit-peers-all-'));
    for (const command of [...PEERS.map((p) => p.command), 'apt-get']) {
      // The system's copy first: nobody cannot reach root's own tools (a pyenv shim under /root).
      const target = findCommand(command, SYSTEM_PATH) ?? findCommand(command);
      if (!target)
        throw new Error(`${command} must be installed for this test (node scripts/provision-peers.mjs)`);
      await symlink(target, path.join(fullBin, command));
      if (command !== HIDDEN) await symlink(target, path.join(bin, command));
    }
    // mkdtemp makes 0700 directories; nobody must be able to search them.
    await Promise.all([chmod(bin, 0o755), chmod(fullBin, 0o755)]);
  });
  afterAll(async () => {
    await stopAll();
    await Promise.all([bin, fullBin].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('stops npm test with one line naming the apt-get command, and no suite runs', async () => {
    const run = await runAsUser('run-tests.mjs', { PATH: bin, HOME: '/tmp' });
    expect(run.exit.code).toBe(1);
    // One line in all: vitest never started (it prints its banner and a summary).
    expect(run.output).toHaveLength(1);
    expect(run.output[0]).toMatch(
      /^peers: missing sipsak \(Debian sipsak\); not root and no passwordless sudo: run as root: apt-get install -y --no-install-recommends sipsak, then run the tests again/,
    );
  });

  it('is silent and calls no apt-get when every peer is there (nobody could not have installed anything)', async () => {
    const run = await runAsUser('provision-peers.mjs', { PATH: fullBin, HOME: '/tmp' });
    expect(run.exit.code).toBe(0);
    expect(run.output).toEqual([]);
  });

  it('leaves the peers alone when SIPKIT_SKIP_PEERS=1', async () => {
    const hidden = await runAsUser('provision-peers.mjs', { PATH: bin, HOME: '/tmp' });
    expect(hidden.exit.code).toBe(1);
    const skipped = await runAsUser('provision-peers.mjs', {
      PATH: bin,
      HOME: '/tmp',
      SIPKIT_SKIP_PEERS: '1',
    });
    expect(skipped.exit.code).toBe(0);
    expect(skipped.output).toEqual([]);
  });
});
