// Runs the real `sipkit` binary (bin/sipkit.mjs) as a user would, with a controlled environment.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { requireBinary } from './binaries';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SIPKIT_BIN = path.join(ROOT, 'bin', 'sipkit.mjs');

export interface SipkitRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON lines (non-JSON lines skipped). */
  readonly json: Record<string, unknown>[];
}

/** The command line that runs sipkit, inside network namespace `netns` when given. */
function sipkitCommand(args: readonly string[], netns: string | undefined): [string, string[]] {
  const direct = [process.execPath, SIPKIT_BIN, ...args];
  if (!netns) return [process.execPath, direct.slice(1)];
  return [requireBinary('ip', 'iproute2'), ['netns', 'exec', netns, ...direct]];
}

export function runSipkit(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
  /** Run inside this network namespace (`ip netns exec`, which keeps the pid). */
  netns?: string,
): Promise<SipkitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(...sipkitCommand(args, netns), {
      cwd: ROOT,
      // A clean environment: no password leaks in from the developer's shell.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sipkit ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const json = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        });
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

export interface SipkitChild {
  readonly pid: number;
  /** Resolves with the first JSON line that matches. */
  waitForJson(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  readonly done: Promise<SipkitRun>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `sipkit` in the background (e.g. `answer`), for tests that talk to it while it runs. */
export function spawnSipkit(
  args: readonly string[],
  env: Record<string, string>,
  /** Run inside this network namespace (`ip netns exec`, which keeps the pid). */
  netns?: string,
): SipkitChild {
  const child = spawn(...sipkitCommand(args, netns), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    predicate: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    partial += d;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) {
      if (!p.startsWith('{')) continue;
      try {
        const line = JSON.parse(p) as Record<string, unknown>;
        lines.push(line);
        for (const w of [...waiters]) {
          if (w.predicate(line)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      } catch {
        // not JSON
      }
    }
  });
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<SipkitRun>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, json: lines })),
  );
  return {
    pid: child.pid ?? -1,
    done,
    kill: (signal = 'SIGTERM') => child.kill(signal),
    waitForJson: (predicate, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const found = lines.find(predicate);
        if (found) return resolve(found);
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `sipkit ${args.join(' ')}: no matching output in ${timeoutMs} ms\n${stdout}\n${stderr}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          predicate,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      }),
  };
}
