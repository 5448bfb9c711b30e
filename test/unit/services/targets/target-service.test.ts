import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventHub } from '../../../../electron/services/event-hub';
import { createMemoryVault, type SecretVault } from '../../../../electron/services/secret-vault';
import type { ServiceContext } from '../../../../electron/services/service-context';
import { ServiceError } from '../../../../electron/services/service-error';
import {
  createTargetService,
  type TargetService,
} from '../../../../electron/services/targets/target-service';
import type { TraceStore } from '../../../../electron/store/trace-store';
import { NO_KEYCHAIN_NOTE } from '../../../../electron/services/targets/keychain';
import { requestContract, type RequestOf } from '../../../../shared/ipc/contract';
import { targetIdSchema, type TargetFieldsInput } from '../../../../shared/ipc/schemas/targets';

// The Targets screen's back end over a real temporary data directory: what is saved, what survives
// a restart, what never reaches the file, and what a damaged file does.

const PASSWORD = 'hunter2-very-secret';

let dir: string;
let logged: string[];
let vault: SecretVault;

function context(): ServiceContext {
  return {
    // The targets never touch the trace store.
    store: {} as TraceStore,
    dataDir: dir,
    vault,
    hub: createEventHub(() => undefined),
    log: (line) => logged.push(line),
  };
}

function save(service: TargetService, payload: RequestOf<'targets.save'>) {
  return service.handlers['targets.save'](requestContract['targets.save'].request.parse(payload));
}

function fields(over: TargetFieldsInput | Partial<TargetFieldsInput> = {}): TargetFieldsInput {
  return { name: 'Acme PBX via Skyetel', server: 'reg.example.com', user: '1001', ...over };
}

async function refusalOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('refused');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const targetsFile = (): string => path.join(dir, 'targets.json');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-targets-'));
  logged = [];
  vault = createMemoryVault();
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('targets: where passwords are kept', () => {
  it('tells the screen when the desktop app has no keychain and keeps passwords in memory', async () => {
    vault = createMemoryVault(NO_KEYCHAIN_NOTE);
    const reply = await createTargetService(context()).handlers['targets.list']({});
    const checked = requestContract['targets.list'].response.parse(reply);
    expect(checked.passwordStorage).toBe('memory');
    expect(checked.passwordStorageNote).toBe(
      'This system has no keychain: passwords are kept until the app quits.',
    );
  });

  it('says nothing more in the web mode, where memory is the rule', async () => {
    const reply = await createTargetService(context()).handlers['targets.list']({});
    expect(requestContract['targets.list'].response.parse(reply).passwordStorageNote).toBeUndefined();
  });
});

describe('targets: saving and reading back', () => {
  it('round-trips every field through targets.json, with defaults filled, across a restart', async () => {
    const first = createTargetService(context());
    const { target } = await save(first, {
      fields: fields({ profile: 'Skyetel', trunkName: 'trunk.example', localPort: 5062 }),
    });
    expect(target).toMatchObject({
      name: 'Acme PBX via Skyetel',
      profile: 'skyetel',
      server: 'reg.example.com',
      transport: 'udp',
      user: '1001',
      authUser: '',
      trunkName: 'trunk.example',
      localPort: 5062,
      passwordStorage: 'none',
    });
    const again = createTargetService(context());
    const { targets, passwordStorage } = await again.handlers['targets.list']({});
    expect(targets).toEqual([target]);
    expect(passwordStorage).toBe('memory');
    expect(fs.statSync(targetsFile()).mode & 0o777).toBe(0o600);
    // No temporary file is left beside it.
    expect(fs.readdirSync(dir)).toEqual(['targets.json']);
  });

  it('updates a target in place and lists targets by name', async () => {
    const service = createTargetService(context());
    const b = (await save(service, { fields: fields({ name: 'Branch office' }) })).target;
    const a = (await save(service, { fields: fields({ name: 'Acme' }) })).target;
    await save(service, { id: b.id, fields: fields({ name: 'Branch office', server: '10.0.0.5:5070' }) });
    const { targets } = await service.handlers['targets.list']({});
    expect(targets.map((t) => [t.name, t.server])).toEqual([
      ['Acme', 'reg.example.com'],
      ['Branch office', '10.0.0.5:5070'],
    ]);
    expect(targets[0]!.id).toBe(a.id);
  });

  it('gives each target an id from its name that the contract accepts, different for equal names', async () => {
    const service = createTargetService(context());
    const one = (await save(service, { fields: fields({ name: 'Ünïcode PBX / São Paulo #1' }) })).target;
    const two = (await save(service, { fields: fields({ name: 'Ünïcode PBX / São Paulo #1' }) })).target;
    expect(one.id).toMatch(/^unicode-pbx-sao-paulo-1-[a-z0-9]{6}$/);
    expect(two.id).not.toBe(one.id);
    const long = (await save(service, { fields: fields({ name: 'x'.repeat(80) }) })).target;
    expect(targetIdSchema.safeParse(long.id).success).toBe(true);
  });
});

describe('targets: passwords', () => {
  it('keeps the password in the vault only: never in targets.json or a reply', async () => {
    const service = createTargetService(context());
    const reply = await save(service, { fields: fields(), password: PASSWORD });
    expect(reply.target.passwordStorage).toBe('memory');
    expect(JSON.stringify(reply)).not.toContain(PASSWORD);
    expect(JSON.stringify(await service.handlers['targets.list']({}))).not.toContain(PASSWORD);
    expect(fs.readFileSync(targetsFile(), 'utf8')).not.toContain(PASSWORD);
    expect(vault.get(reply.target.id)).toBe(PASSWORD);
    expect(service.resolve(reply.target.id).password).toBe(PASSWORD);
  });

  it('keeps the stored password when the target is saved without one, and clears it when asked', async () => {
    const service = createTargetService(context());
    const { target } = await save(service, { fields: fields(), password: PASSWORD });
    const kept = await save(service, { id: target.id, fields: fields({ name: 'Renamed' }) });
    expect(kept.target.passwordStorage).toBe('memory');
    const cleared = await save(service, { id: target.id, fields: fields(), clearPassword: true });
    expect(cleared.target.passwordStorage).toBe('none');
    expect(vault.get(target.id)).toBeUndefined();
    expect(
      await refusalOf(() =>
        save(service, { id: target.id, fields: fields(), password: 'x', clearPassword: true }),
      ),
    ).toMatch(/not both/);
  });

  it('deletes the password with the target', async () => {
    const service = createTargetService(context());
    const { target } = await save(service, { fields: fields(), password: PASSWORD });
    await service.handlers['targets.delete']({ id: target.id });
    expect(vault.get(target.id)).toBeUndefined();
    expect((await service.handlers['targets.list']({})).targets).toEqual([]);
    expect(await refusalOf(() => service.resolve(target.id))).toMatch(/^there is no target with id/);
    expect(await refusalOf(() => service.handlers['targets.delete']({ id: target.id }))).toMatch(/no target/);
  });
});

describe('targets: checks on save', () => {
  it('refuses an unknown profile in one line naming the built-in ones', async () => {
    const service = createTargetService(context());
    const message = await refusalOf(() => save(service, { fields: fields({ profile: 'acme-telecom' }) }));
    expect(message).toBe('unknown profile "acme-telecom": choose one of generic, skyetel, skyswitch');
    expect(fs.existsSync(targetsFile())).toBe(false);
  });

  it('refuses a server, user or local address that cannot work, before anything is written', async () => {
    const service = createTargetService(context());
    expect(
      await refusalOf(() => save(service, { fields: fields({ server: 'sips:secure.example' }) })),
    ).toMatch(/TLS/);
    expect(await refusalOf(() => save(service, { fields: fields({ user: 'alice:pw' }) }))).toMatch(/user/);
    expect(await refusalOf(() => save(service, { fields: fields({ localAddress: 'eth0' }) }))).toMatch(
      /IP address/,
    );
    expect(await refusalOf(() => save(service, { id: 'gone-abc123', fields: fields() }))).toMatch(
      /no target/,
    );
    expect(fs.existsSync(targetsFile())).toBe(false);
  });

  it('says so in one line when the file cannot be written', async () => {
    fs.mkdirSync(targetsFile());
    const service = createTargetService(context());
    expect(await refusalOf(() => save(service, { fields: fields() }))).toMatch(
      /^could not save the targets to .*targets\.json \(E[A-Z]+\)$/,
    );
    expect(vault.get('anything')).toBeUndefined();
  });
});

describe('targets: a damaged file', () => {
  it.each([
    ['not JSON', '{"version":1,"targets":[{'],
    ['a wrong shape', JSON.stringify({ version: 1, targets: [{ id: 'BAD ID', name: 'x', server: 'y' }] })],
    [
      'duplicate ids',
      JSON.stringify({
        version: 1,
        targets: [
          { id: 'a-1', name: 'a', server: 'h' },
          { id: 'a-1', name: 'b', server: 'h' },
        ],
      }),
    ],
  ])('with %s: logs one line, keeps a .damaged copy, starts empty, and saves afresh', async (_what, text) => {
    fs.writeFileSync(targetsFile(), text);
    const service = createTargetService(context());
    expect((await service.handlers['targets.list']({})).targets).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /targets\.json is damaged \(.+\); kept as .*targets\.json\.damaged; starting with no targets$/,
    );
    expect(fs.readFileSync(`${targetsFile()}.damaged`, 'utf8')).toBe(text);
    await save(service, { fields: fields() });
    expect((await createTargetService(context()).handlers['targets.list']({})).targets).toHaveLength(1);
    expect(logged).toHaveLength(1);
  });

  it('ignores keys it does not know (a newer version), including a password someone typed into the file', async () => {
    fs.writeFileSync(
      targetsFile(),
      JSON.stringify({
        version: 1,
        targets: [{ id: 'pbx-abc123', name: 'PBX', server: 'pbx.example', password: PASSWORD, color: 'red' }],
      }),
    );
    const service = createTargetService(context());
    const { targets } = await service.handlers['targets.list']({});
    expect(targets).toHaveLength(1);
    expect(JSON.stringify(targets)).not.toContain(PASSWORD);
    expect(service.resolve('pbx-abc123').password).toBeUndefined();
    expect(logged).toEqual([]);
  });
});

describe('profiles.list', () => {
  it('lists the built-in profiles with their limits in words', async () => {
    const service = createTargetService(context());
    const { profiles } = await service.handlers['profiles.list']({});
    expect(profiles.map((p) => p.name)).toEqual(['generic', 'skyetel', 'skyswitch']);
    const skyetel = profiles.find((p) => p.name === 'skyetel')!;
    expect(skyetel.limits).toEqual(
      expect.arrayContaining([
        'min register interval 100 s',
        '1 CPS',
        '100 channels',
        'UDP only',
        '2 regions',
      ]),
    );
    expect(profiles.find((p) => p.name === 'generic')!.limits).toEqual(['expires 3600 s']);
    expect(profiles.find((p) => p.name === 'skyswitch')!.limits).toContain(
      'From host trunking-customer.15611.service',
    );
  });
});
