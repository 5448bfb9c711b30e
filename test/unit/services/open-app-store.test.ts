// The app and the web mode, at start, say which runs a killed process left unfinished, in the log,
// and the run reaches the UI as interrupted.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppStore } from '../../../electron/services/open-app-store';
import { runSchema } from '../../../shared/ipc/contract';
import { makeTempDir } from '../store/store-fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');

/** A real process that starts a load run in the store, killed with SIGKILL once it has. */
function runAndKill(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, '..', 'store', 'run-owner.ts'), file],
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let runId: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /run (\d+)\n/.exec(out);
      if (m && runId === undefined) {
        runId = Number(m[1]);
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () =>
      runId === undefined ? reject(new Error('run-owner never started')) : resolve(runId),
    );
  });
}

describe('openAppStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('logs one line per run a killed process left running and marks it interrupted', async () => {
    const file = path.join(tmp.dir, 'sipkit.db');
    const runId = await runAndKill(file);
    const logged: string[] = [];
    const store = openAppStore(file, (line) => logged.push(line));
    try {
      expect(logged).toEqual([
        expect.stringMatching(
          new RegExp(
            `^run ${runId} \\(load, started .+\\) was interrupted: the process ended without finishing it$`,
          ),
        ),
      ]);
      expect(runSchema.parse(store.getRun(runId))).toMatchObject({ interrupted: true, ok: false });
    } finally {
      store.close();
    }
    const again: string[] = [];
    openAppStore(file, (line) => again.push(line)).close();
    expect(again).toEqual([]);
  }, 30_000);
});
