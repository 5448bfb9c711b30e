// `sipkit register` and `sipkit traces show` as a user runs them: a child process, the password
// in SIPKIT_PASSWORD, a fresh data folder, JSON lines out.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type KamailioHandle } from '../support/kamailio';
import { useDataDir } from '../support/data-dir';
import { runSipkit } from '../support/sipkit-cli';

const PASSWORD = 'cli-secret-Zq81';

describe('sipkit register / traces (CLI)', () => {
  let k: KamailioHandle;
  const dataDir = useDataDir('sipkit-cli-');
  beforeAll(async () => {
    k = await startKamailio({
      users: [{ user: 'carol', password: PASSWORD }],
      algorithm: 'SHA-256',
      qop: true,
    });
  });
  afterAll(async () => {
    await k?.stop();
  });

  it('registers once, un-registers, and traces show lists every message on the wire', async () => {
    const env = { SIPKIT_DATA_DIR: dataDir(), SIPKIT_PASSWORD: PASSWORD };
    const reg = await runSipkit(
      ['register', '--server', k.server, '--user', 'carol', '--expires', '60', '--once', '--json'],
      env,
    );
    expect(reg.code).toBe(0);
    const result = reg.json.at(-1)!;
    expect(result).toMatchObject({ type: 'result', ok: true });
    expect(reg.json.some((l) => l.event === 'registered')).toBe(true);
    expect(reg.json.some((l) => l.event === 'unregistered')).toBe(true);

    const show = await runSipkit(['traces', 'show', String(result.run), '--json'], env);
    expect(show.code).toBe(0);
    const messages = show.json.filter((l) => l.type === 'message');
    // Kamailio logged every request it received and every reply it sent for this Call-ID.
    const callId = messages[0]!.callId as string;
    await k.waitForLogged((l) => l.direction === 'sent' && l.callId === callId && l.cseq === 4);
    const logged = [...k.received(), ...k.sent()].filter((l) => l.callId === callId);
    expect(messages).toHaveLength(logged.length);
    // A loaded machine may retransmit over UDP; the flow is the same without the repeats.
    const flow = [...new Set(messages.map((m) => `${m.direction} ${m.method ?? m.status} ${m.cseq}`))];
    expect(flow).toEqual([
      'out REGISTER 1',
      'in 401 1',
      'out REGISTER 2',
      'in 200 2',
      'out REGISTER 3',
      'in 401 3',
      'out REGISTER 4',
      'in 200 4',
    ]);
    expect(
      messages.every(
        (m) =>
          typeof m.raw === 'string' &&
          (m.raw as string).startsWith(m.direction === 'out' ? 'REGISTER ' : 'SIP/2.0 '),
      ),
    ).toBe(true);

    const readable = await runSipkit(['traces', 'show', String(result.run)], env);
    expect(readable.stdout).toContain('← 127.0.0.1');
    expect(readable.stdout).toContain('WWW-Authenticate: Digest realm=');

    // The same run as a ladder a technician can paste into a ticket: one row per message, our
    // socket's column first, replies drawn right to left.
    const ladder = await runSipkit(['traces', 'show', String(result.run), '--ladder'], env);
    expect(ladder.code).toBe(0);
    const rows = ladder.stdout.split('\n').filter((l) => /^\+\d+\.\d{3} s/.test(l));
    expect(rows).toHaveLength(messages.length);
    expect(rows[0]).toMatch(/-REGISTER.*>/);
    expect(rows[1]).toMatch(/<.*401 Unauthorized/);
    // Findings are badges on the message that proves them, as in the app: the digest response.
    expect(rows[2]).toMatch(/REGISTER.*\[reg\.credentials\]/);

    // The password is nowhere: not in the database, its WAL, or the output.
    for (const file of readdirSync(dataDir())) {
      expect(readFileSync(path.join(dataDir(), file)).includes(Buffer.from(PASSWORD))).toBe(false);
    }
    expect(reg.stdout + reg.stderr + show.stdout).not.toContain(PASSWORD);
  });

  it('exits 1 with one line for a wrong password, and 2 for bad usage', async () => {
    const env = { SIPKIT_DATA_DIR: dataDir(), SIPKIT_PASSWORD: 'wrong' };
    const bad = await runSipkit(['register', '--server', k.server, '--user', 'carol', '--once'], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAILED: the server rejected the credentials for user "carol"/);

    const usage = await runSipkit(
      ['register', '--server', '127.0.0.1:notaport', '--user', 'carol', '--once'],
      env,
    );
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
    expect(usage.stderr).toMatch(/the port must be a number/);

    const noPassword = await runSipkit(['register', '--server', k.server, '--user', 'carol', '--once'], {
      SIPKIT_DATA_DIR: dataDir(),
    });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/set SIPKIT_PASSWORD/);
  });

  it('refuses a damaged trace database with one line instead of a stack trace', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sipkit-bad-'));
    try {
      const { writeFileSync } = await import('node:fs');
      // Private already (0600 in a 0700 folder), so the only line is about the damage.
      writeFileSync(
        path.join(dir, 'sipkit.db'),
        'this is not a database, it is a shopping list\n'.repeat(200),
        { mode: 0o600 },
      );
      const out = await runSipkit(['traces', 'list'], { SIPKIT_DATA_DIR: dir });
      expect(out.code).toBe(2);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(/damaged or not a SIP Field Kit database/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
