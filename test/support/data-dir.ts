// A data directory of the CLI's own (SIPKIT_DATA_DIR) for one test file or describe block: made
// before its tests, removed after them. Register it before the block's other afterAll hooks, so the
// peers and CLIs those hooks stop (vitest runs after-hooks in reverse order) are gone before the
// store under it is removed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** Returns the directory's path; call it inside the tests (it is made in beforeAll). */
export function useDataDir(prefix: string): () => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('useDataDir: the data directory is made in beforeAll; read it inside a test');
    return dir;
  };
}
