// Runs the real `sipkit` binary (bin/sipkit.mjs) as a user would, with a controlled environment.
import { spawn } from 'node:child_process';
import path from 'node:path';
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

export function runSipkit(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<SipkitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SIPKIT_BIN, ...args], {
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
