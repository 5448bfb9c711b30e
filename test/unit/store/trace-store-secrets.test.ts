import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTraceStore } from '../../../electron/store/sqlite-trace-store';
import type { TraceStore } from '../../../electron/store/trace-store';
import { makeTempDir } from './store-fixtures';

const SECRET = 'Sup3rS3cretSipPw';

describe('trace store keeps secrets out', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  let store: TraceStore;

  beforeEach(() => {
    tmp = makeTempDir();
    file = path.join(tmp.dir, 'sipkit.db');
    store = openTraceStore({ file });
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  function databaseBytes(): string {
    return ['', '-wal']
      .map((suffix) => file + suffix)
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('');
  }

  it.each([
    [{ password: SECRET }, 'password'],
    [{ Password: SECRET }, 'Password'],
    [{ sipPassword: SECRET }, 'sipPassword'],
    [{ auth_passwd: SECRET }, 'auth_passwd'],
    [{ clientsecret: SECRET }, 'clientsecret'],
    [{ pass: SECRET }, 'pass'],
    [{ 'auth-pass': SECRET }, 'auth-pass'],
    [{ account: { user: 'alice', PASS: SECRET } }, 'account.PASS'],
    [{ trunks: [{ host: 'a' }, { host: 'b', secret: SECRET }] }, 'trunks.1.secret'],
  ])('refuses params %j and names the key %s without its value', (params, key) => {
    let message = '';
    try {
      store.createRun({ kind: 'register', target: 'pbx.example.com', profile: 'lab', params });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
      expect(error).toMatchObject({ name: 'TraceStoreError', code: 'secret-in-params' });
    }
    expect(message).toContain(`"${key}"`);
    expect(message).not.toContain(SECRET);
    expect(store.listRuns()).toEqual([]);
    store.close();
    expect(databaseBytes()).not.toContain(SECRET);
    store = openTraceStore({ file });
  });

  it('refuses a target carrying a password in its user part', () => {
    expect(() =>
      store.createRun({ kind: 'register', target: `sip:alice:${SECRET}@pbx.example.com`, profile: 'lab' }),
    ).toThrowError(expect.objectContaining({ code: 'secret-in-params' }));
    expect(store.listRuns()).toEqual([]);
  });

  it('accepts ordinary parameters and targets that merely contain similar words', () => {
    const params = {
      passive: true,
      bypassProxy: false,
      passes: 3,
      compass: 'n',
      user: 'alice',
      expires: 3600,
    };
    for (const target of ['pbx.example.com:5060', 'sip:alice@pbx.example.com:5060', 'alice@10.0.0.1']) {
      const id = store.createRun({ kind: 'register', target, profile: 'lab', params });
      expect(store.getRun(id)).toMatchObject({ target, params });
    }
  });
});
