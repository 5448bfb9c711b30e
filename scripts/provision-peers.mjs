#!/usr/bin/env node
// Makes sure every peer in scripts/peers.mjs is installed before a test suite runs. Nothing to do
// (the usual case) costs a few stat calls and no apt-get. Missing peers are installed one Debian
// package at a time, one line each, with apt-get as root or `sudo -n apt-get` otherwise. Where
// that cannot work (not root and no passwordless sudo, no apt-get, not Debian) it prints one line
// with the exact command to run and fails: one clear line instead of dozens of failed tests.
// SIPKIT_SKIP_PEERS=1 skips all of it, for people who manage the peers themselves.
// Used by scripts/run-tests.mjs and .ci/run; run directly with `node scripts/provision-peers.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { findCommand, missingPeers, packagesOf } from './peers.mjs';

export const SKIP_ENV = 'SIPKIT_SKIP_PEERS';
const APT_FLAGS = ['-y', '-q', '--no-install-recommends'];

const describe = (peers) =>
  packagesOf(peers)
    .map((pkg) => {
      const commands = peers.filter((p) => p.debian === pkg).map((p) => p.command);
      return `${commands.join(', ')} (Debian ${pkg})`;
    })
    .join(', ');

/**
 * What to do about missing peers on this host, decided without side effects:
 * `{ kind: 'install', sudo }`, or `{ kind: 'instruct', line }` when we cannot install them.
 * host: { debian, aptGet, root, sudo } — is it Debian, is apt-get on PATH, are we root, does
 * `sudo -n` work without a password.
 */
export function planFor(missing, host) {
  const packages = packagesOf(missing).join(' ');
  const install = `apt-get install ${APT_FLAGS.filter((f) => f !== '-q').join(' ')} ${packages}`;
  const tail = `, then run the tests again (or set ${SKIP_ENV}=1 if you manage them yourself)`;
  const head = `peers: missing ${describe(missing)}`;
  if (!host.debian || !host.aptGet) {
    const why = host.debian ? 'apt-get is not on PATH' : 'this is not Debian';
    return {
      kind: 'instruct',
      line: `${head}; ${why}, so install them yourself (on Debian: ${install})${tail}`,
    };
  }
  if (host.root) return { kind: 'install', sudo: false };
  if (host.sudo) return { kind: 'install', sudo: true };
  return {
    kind: 'instruct',
    line: `${head}; not root and no passwordless sudo: run as root: ${install}${tail}`,
  };
}

function probeHost(env) {
  const sudo = findCommand('sudo', env.PATH ?? '', []);
  const root = process.getuid?.() === 0;
  return {
    debian: existsSync('/etc/debian_version'),
    aptGet: findCommand('apt-get', env.PATH ?? '', []) !== undefined,
    root,
    // Asked only when it matters: sudo may log or prompt-time out.
    sudo:
      !root && sudo !== undefined && spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore', env }).status === 0,
  };
}

function apt(args, sudo, env) {
  const command = sudo ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'] : ['apt-get'];
  // Another apt (unattended upgrades, a parallel job) may hold the lock: wait for it.
  const res = spawnSync(command[0], [...command.slice(1), '-o', 'DPkg::Lock::Timeout=300', ...args], {
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const errors = `${res.stderr ?? ''}\n${res.stdout ?? ''}`
    .split('\n')
    .filter((l) => /^(E|Err):/.test(l.trim()));
  return { ok: res.status === 0, error: errors[0]?.trim() ?? res.error?.message ?? `exit ${res.status}` };
}

/**
 * Checks the peers and installs what is missing. Returns the exit code: 0 when every peer is there
 * (or SIPKIT_SKIP_PEERS is set), 1 after one line saying what to run.
 */
export function provisionPeers({ env = process.env, write = (s) => process.stdout.write(s) } = {}) {
  if (env[SKIP_ENV] && env[SKIP_ENV] !== '0') return 0;
  const missing = missingPeers(env.PATH ?? '');
  if (missing.length === 0) return 0;
  const plan = planFor(missing, probeHost(env));
  if (plan.kind === 'instruct') {
    write(`${plan.line}\n`);
    return 1;
  }
  let updated = false;
  const failed = [];
  for (const pkg of packagesOf(missing)) {
    const peers = missing.filter((p) => p.debian === pkg);
    write(`peers: installing ${describe(peers)} … `);
    let res = apt(['install', ...APT_FLAGS, pkg], plan.sudo, env);
    if (!res.ok && !updated) {
      // Not found, or the package lists are stale (a 404 on fetch): refresh them once, try again.
      updated = true;
      const update = apt(['update', '-q'], plan.sudo, env);
      res = update.ok ? apt(['install', ...APT_FLAGS, pkg], plan.sudo, env) : update;
    }
    const still = res.ok ? missingPeers(env.PATH ?? '', peers) : peers;
    if (res.ok && still.length === 0) {
      write('ok\n');
    } else {
      write(
        `failed: ${res.ok ? `installed, but ${still.map((p) => p.command).join(', ')} not found` : res.error}\n`,
      );
      failed.push(...peers);
    }
  }
  if (failed.length === 0) return 0;
  const sudo = plan.sudo ? 'sudo ' : '';
  write(
    `peers: could not install ${packagesOf(failed).join(', ')}: run ${sudo}apt-get update && ` +
      `${sudo}apt-get install ${APT_FLAGS.filter((f) => f !== '-q').join(' ')} ${packagesOf(failed).join(' ')}\n`,
  );
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = provisionPeers();
}
