import { spawn, type ChildProcess } from 'node:child_process';
import { livingGroupMembers } from './process-liveness';
import { RingBuffer } from './ring-buffer';
import { sleep, waitUntil } from './wait';

export interface StartProcessOptions {
  /** Short label for error messages, e.g. "kamailio". */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How many recent output lines to keep for error messages (default 400). */
  keepLines?: number;
  /** Runs once stop() has seen every process of the group go, e.g. to delete a temp dir. */
  onStopped?: () => Promise<void> | void;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type OutputStream = 'stdout' | 'stderr';
export type LineListener = (line: string, stream: OutputStream) => void;

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the spawned process itself exits (its forked children may outlive it). */
  readonly exited: Promise<ExitInfo>;
  /** Resolves once stdout and stderr are closed (all output delivered). */
  readonly outputClosed: Promise<void>;
  exitInfo(): ExitInfo | undefined;
  /** The last output lines of stdout and stderr, interleaved in arrival order. */
  recentOutput(): string[];
  onLine(listener: LineListener): void;
  /** Resolves with the first line (already seen or future) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Polls `check` until true; fails early if the process exits, and quotes its output on timeout. */
  waitUntilReady(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void>;
  /** Message suffix with the process's recent output, for errors raised by callers. */
  describe(): string;
  /** SIGTERM by pid, SIGKILL to its process group after `graceMs`, then waits for every member to go. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

const running = new Set<ManagedProcess>();
let exitHookInstalled = false;

// Last resort when the test worker exits without stopAll() (crash, forgotten afterAll): the
// peers run in their own process groups, so nothing else would ever stop them.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const proc of running) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

function formatExit(info: ExitInfo): string {
  return info.signal ? `signal ${info.signal}` : `code ${String(info.code)}`;
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

/**
 * Spawns a peer in its own process group (detached), so stop() can also reach the workers it
 * forks (Kamailio) without touching anything this test did not start.
 */
export function startProcess(opts: StartProcessOptions): ManagedProcess {
  const child: ChildProcess = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let spawnError: Error | undefined;
  child.on('error', (err) => {
    spawnError = err;
  });
  if (child.pid === undefined) {
    throw new Error(`could not start ${opts.name} (${opts.command}): spawn failed`);
  }
  const pid = child.pid;
  const output = new RingBuffer<string>(opts.keepLines ?? 400);
  const listeners: LineListener[] = [];
  let exit: ExitInfo | undefined;

  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });

  const outputClosed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  const emit = (stream: OutputStream) => (line: string) => {
    output.push(line);
    for (const listener of listeners) listener(line, stream);
  };
  if (child.stdout) splitLines(child.stdout, emit('stdout'));
  if (child.stderr) splitLines(child.stderr, emit('stderr'));

  const describe = (): string => {
    const lines = output.toArray().slice(-40);
    const state = exit ? `exited with ${formatExit(exit)}` : 'still running';
    const spawnNote = spawnError ? `; spawn error: ${spawnError.message}` : '';
    return `${opts.name} (pid ${pid}, ${state}${spawnNote}). Last output:\n${lines.join('\n') || '(none)'}`;
  };

  const hasExited = (): boolean => exit !== undefined || spawnError !== undefined;

  let stopping: Promise<ExitInfo> | undefined;

  const handle: ManagedProcess = {
    name: opts.name,
    pid,
    exited,
    outputClosed,
    exitInfo: () => exit,
    recentOutput: () => output.toArray(),
    onLine: (listener) => {
      listeners.push(listener);
    },
    describe,
    waitForLine(pattern, timeoutMs) {
      const seen = output.toArray().find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        let settled = false;
        const timer = setTimeout(() => {
          settled = true;
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} from ${describe()}`));
        }, timeoutMs);
        listeners.push((line) => {
          if (settled || !pattern.test(line)) return;
          settled = true;
          clearTimeout(timer);
          resolve(line);
        });
        void exited.then(() => {
          // Give the pipes a moment to deliver the last lines before calling it a failure.
          setTimeout(() => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            reject(new Error(`waiting for ${pattern}: ${describe()}`));
          }, 50);
        });
      });
    },
    async waitUntilReady(what, check, timeoutMs) {
      try {
        await waitUntil(check, {
          timeoutMs,
          abortReason: () => (hasExited() ? 'exited' : undefined),
          describeFailure: () =>
            `${opts.name} did not become ready within ${timeoutMs} ms (${what}): ${describe()}`,
        });
      } catch (err) {
        if (!hasExited()) throw err;
        // The exit event can overtake the last lines still in the pipe: they usually say why.
        await Promise.race([outputClosed, sleep(300)]);
        throw new Error(`${opts.name} stopped before it was ready (${what}): ${describe()}`, { cause: err });
      }
    },
    stop(graceMs = 3000) {
      stopping ??= (async () => {
        if (!exit) {
          try {
            process.kill(pid, 'SIGTERM');
          } catch {
            // exited between the check and the signal
          }
          const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
          if (timedOut) killGroup(pid);
        }
        const info = await exited;
        // The main process is gone; its forked workers normally follow within milliseconds.
        const deadline = Date.now() + graceMs;
        while (livingGroupMembers(pid).length > 0 && Date.now() < deadline) await sleep(20);
        if (livingGroupMembers(pid).length > 0) {
          killGroup(pid);
          const killDeadline = Date.now() + 5000;
          while (livingGroupMembers(pid).length > 0) {
            if (Date.now() > killDeadline) {
              throw new Error(
                `${opts.name}: processes ${livingGroupMembers(pid).join(', ')} survived SIGKILL`,
              );
            }
            await sleep(20);
          }
        }
        running.delete(handle);
        await opts.onStopped?.();
        return info;
      })();
      return stopping;
    },
  };
  running.add(handle);
  installExitHook();
  return handle;
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // group already empty
  }
}

export interface RunResult {
  exit: ExitInfo;
  /** stdout and stderr interleaved in arrival order (the order between the two is not reliable). */
  output: string[];
  stdout: string[];
  stderr: string[];
}

/** Runs a short-lived tool (sipsak) to completion, killing it if it exceeds `timeoutMs`. */
export async function runProcess(opts: StartProcessOptions & { timeoutMs: number }): Promise<RunResult> {
  const proc = startProcess({ keepLines: 5000, ...opts });
  const streams: Record<OutputStream, string[]> = { stdout: [], stderr: [] };
  proc.onLine((line, stream) => streams[stream].push(line));
  const timedOut = await Promise.race([
    proc.exited.then(() => false),
    sleep(opts.timeoutMs).then(() => true),
  ]);
  const exit = await proc.stop(500);
  // Let the pipes drain so the caller sees the tool's final words.
  await Promise.race([proc.outputClosed, sleep(500)]);
  if (timedOut) {
    throw new Error(`${opts.name} did not finish within ${opts.timeoutMs} ms: ${proc.describe()}`);
  }
  return { exit, output: proc.recentOutput(), ...streams };
}

/** Stops every process started through this module that is still running; use in afterAll. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.stop()));
}

/** Number of processes started here that have not been stopped yet (for leak checks). */
export function runningProcessCount(): number {
  return running.size;
}
