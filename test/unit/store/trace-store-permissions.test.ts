// The trace store holds digest responses that crack offline to SIP passwords: another local user
// must not be able to read it. New stores are created private; old ones are tightened on open.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import { makeMessage, makeTempDir } from './store-fixtures';

const modeOf = (p: string): number => fs.statSync(p).mode & 0o7777;

describe('trace store permissions', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let previousUmask: number;

  beforeEach(() => {
    tmp = makeTempDir();
    // The usual desktop umask: without care, SQLite's files come out 0644 and folders 0755.
    previousUmask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(previousUmask);
    tmp.cleanup();
  });

  it('creates a new data folder 0700 and the database, -wal and -shm 0600', () => {
    const dir = path.join(tmp.dir, 'share', 'sip-field-kit');
    const file = path.join(dir, 'sipkit.db');
    const notices: string[] = [];
    const store = openTraceStore({ file, onNotice: (n) => notices.push(n) });
    try {
      const run = store.createRun({ kind: 'call', target: 'pbx', profile: 'lab' });
      store.append(run, makeMessage());
      store.flush();
      expect(modeOf(dir)).toBe(0o700);
      expect(modeOf(path.join(tmp.dir, 'share'))).toBe(0o700);
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(`${file}-wal`)).toBe(0o600);
      expect(modeOf(`${file}-shm`)).toBe(0o600);
    } finally {
      store.close();
    }
    // Nothing was loosened, so there was nothing to say.
    expect(notices).toEqual([]);
  });

  it('tightens a store made readable by an older version when it is opened, and says so once', () => {
    const dir = path.join(tmp.dir, 'old');
    const file = path.join(dir, 'sipkit.db');
    openTraceStore({ file }).close();
    const holder = openTraceStore({ file });
    holder.append(holder.createRun({ kind: 'call', target: 'pbx', profile: 'lab' }), makeMessage());
    holder.flush();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(f, 0o644);
    fs.chmodSync(dir, 0o755);

    const notices: string[] = [];
    const store = openTraceStore({ file, onNotice: (n) => notices.push(n) });
    store.close();
    holder.close();
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/readable by other local users.*folder 0755 → 0700.*sipkit\.db 0644 → 0600/);

    const again: string[] = [];
    openTraceStore({ file, readonly: true, onNotice: (n) => again.push(n) }).close();
    expect(again).toEqual([]);
  });

  it('tightens the files of a read-only open too', () => {
    const file = path.join(tmp.dir, 'ro', 'sipkit.db');
    openTraceStore({ file }).close();
    fs.chmodSync(file, 0o644);
    const notices: string[] = [];
    openTraceStore({ file, readonly: true, onNotice: (n) => notices.push(n) }).close();
    expect(modeOf(file)).toBe(0o600);
    expect(notices).toHaveLength(1);
  });

  it('leaves a shared sticky folder (like /tmp) as it is, but still makes the database private', () => {
    const shared = path.join(tmp.dir, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o1777);
    const file = path.join(shared, 'sipkit.db');
    fs.writeFileSync(file, '', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    openTraceStore({ file }).close();
    expect(modeOf(shared)).toBe(0o1777);
    expect(modeOf(file)).toBe(0o600);
  });
});
