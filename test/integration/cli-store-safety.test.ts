// The trace store and what sipkit writes beside it, as another local user or a crash would find
// them: a registration with digest credentials against a real Kamailio, then the store's and an
// export's file modes; a text log too big to read whole; a run whose process was killed.
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { runSipkit } from '../support/sipkit-cli';

const PASSWORD = 'safety-Secret-4Kp9';
const modeOf = (p: string): number => fs.statSync(p).mode & 0o7777;

describe('sipkit store safety', () => {
  let k: KamailioHandle;
  let home: string;
  let dataDir: string;
  const env = (): Record<string, string> => ({ XDG_DATA_HOME: path.join(home, 'xdg') });

  beforeAll(async () => {
    k = await startKamailio({ users: [{ user: 'erin', password: PASSWORD }] });
    home = await mkdtemp(path.join(tmpdir(), 'sipkit-safety-'));
    dataDir = path.join(home, 'xdg', 'sip-field-kit');
  });
  afterAll(async () => {
    await stopAll();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('keeps the digest responses of a registration where only its user can read them', async () => {
    const reg = await runSipkit(['register', '--server', k.server, '--user', 'erin', '--once', '--json'], {
      ...env(),
      SIPKIT_PASSWORD: PASSWORD,
    });
    expect(reg.code).toBe(0);
    const db = path.join(dataDir, 'sipkit.db');
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(db)).toBe(0o600);
    for (const companion of ['-wal', '-shm']) {
      if (fs.existsSync(db + companion)) expect(modeOf(db + companion)).toBe(0o600);
    }
    // The digest response really is in there: this is what another user must not read.
    expect(fs.readFileSync(db).includes('response="')).toBe(true);

    const out = path.join(home, 'ticket.json');
    const exp = await runSipkit(
      ['export', String(reg.json.at(-1)!.run), '--format', 'json', '-o', out],
      env(),
    );
    expect(exp.code).toBe(0);
    expect(modeOf(out)).toBe(0o600);
  });

  it('makes a store left readable by an older version private, and says so once', async () => {
    const db = path.join(dataDir, 'sipkit.db');
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(db, 0o644);
    const first = await runSipkit(['traces', 'list'], env());
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /readable by other local users; made it private to you \(folder 0755 → 0700/,
    );
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(db)).toBe(0o600);
    const second = await runSipkit(['traces', 'list'], env());
    expect(second.stderr).not.toMatch(/readable by other local users/);
  });

  it('refuses a 700 MiB text log with one line and exit 2', async () => {
    const file = path.join(home, 'huge-full.log');
    fs.writeFileSync(file, 'INVITE sip:1001@pbx SIP/2.0\r\n');
    fs.truncateSync(file, 700 * 2 ** 20);
    const r = await runSipkit(['analyze', file, '--no-store'], env());
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /huge-full\.log is 700 MiB: text logs over 511 MiB are not read whole; split it/,
    );
    fs.rmSync(file);
  });
});
