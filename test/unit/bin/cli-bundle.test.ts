// bin/sipkit.mjs runs the bundle only while it is as new as every source it was built from;
// otherwise (a dev tree mid-edit, a pull, a deleted module) it runs the sources through tsx.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshBundle } from '../../../bin/cli-bundle.mjs';

describe('freshBundle', () => {
  let root: string;
  const builtMs = Date.parse('2025-06-01T12:00:00Z');
  const at = (ms: number) => new Date(ms);

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'sipkit-bundle-stamp-'));
    await mkdir(path.join(root, 'dist-cli'));
    await mkdir(path.join(root, 'src'));
    for (const f of ['src/a.ts', 'src/b.ts', 'package-lock.json']) {
      await writeFile(path.join(root, f), '');
      await utimes(path.join(root, f), at(builtMs - 60_000), at(builtMs - 60_000));
    }
    await writeFile(
      path.join(root, 'dist-cli', 'stamp.json'),
      JSON.stringify({ builtMs, inputs: ['src/a.ts', 'src/b.ts', 'package-lock.json'] }),
    );
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('is the bundle while no source changed since its build', () => {
    expect(freshBundle(root)).toBe(path.join(root, 'dist-cli', 'sipkit.js'));
  });

  it('is stale once a source or the lock file is newer than the build', async () => {
    await utimes(path.join(root, 'src/b.ts'), at(builtMs + 1000), at(builtMs + 1000));
    expect(freshBundle(root)).toBeUndefined();
    await utimes(path.join(root, 'src/b.ts'), at(builtMs - 1000), at(builtMs - 1000));
    expect(freshBundle(root)).toBeDefined();
    await utimes(path.join(root, 'package-lock.json'), at(builtMs + 1000), at(builtMs + 1000));
    expect(freshBundle(root)).toBeUndefined();
  });

  it('is stale when a source it was built from is gone, and absent without a stamp', async () => {
    await rm(path.join(root, 'src/a.ts'));
    expect(freshBundle(root)).toBeUndefined();
    await rm(path.join(root, 'dist-cli', 'stamp.json'));
    expect(freshBundle(root)).toBeUndefined();
    await writeFile(path.join(root, 'dist-cli', 'stamp.json'), '{"builtMs":"yesterday"}');
    expect(freshBundle(root)).toBeUndefined();
  });
});
