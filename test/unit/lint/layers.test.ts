import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { forbiddenFor, LAYERS } from '../../../eslint-layers.js';

// The staircase is only as good as the lint that holds it: for every layer, an import of each
// layer it must not reach is an error, and an import one step down is not.
const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function importErrors(fromFolder: string, toFolder: string): Promise<string[]> {
  const file = path.join(root, fromFolder, 'layer-probe.ts');
  let spec = path.relative(path.dirname(file), path.join(root, toFolder, 'layer-probe'));
  if (!spec.startsWith('.')) spec = `./${spec}`;
  const code = `import { probe } from '${spec}';\nexport const used = probe;\n`;
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the import staircase', () => {
  for (const layer of LAYERS) {
    const forbidden = forbiddenFor(layer.name);
    if (forbidden.length === 0) continue;
    it(`${layer.name} may not import ${forbidden.map((l) => l.name).join(', ')}`, async () => {
      for (const from of layer.folders)
        for (const above of forbidden)
          for (const to of above.folders) {
            const errors = await importErrors(from, to);
            const why = layer.name === 'renderer' ? 'client over the contract' : `import ${above.name}:`;
            expect(
              errors.some((e) => e.includes(why)),
              `${from} → ${to}: ${errors.join(' | ')}`,
            ).toBe(true);
          }
    });
  }

  it('lets each layer import the ones below it', async () => {
    const allowed: Array<[string, string]> = [
      ['electron/main', 'electron/services'],
      ['electron/web', 'electron/services'],
      ['electron/services', 'electron/usecases'],
      ['electron/cli', 'electron/usecases'],
      ['electron/usecases', 'electron/engine'],
      ['electron/export', 'electron/analysis'],
      ['electron/analysis', 'electron/import'],
      ['electron/import', 'electron/engine'],
      ['electron/engine', 'shared'],
      ['electron/store', 'shared'],
      ['renderer', 'shared'],
    ];
    for (const [from, to] of allowed) expect(await importErrors(from, to), `${from} → ${to}`).toEqual([]);
  });

  it('keeps the two front ends apart both ways', async () => {
    expect(await importErrors('electron/cli', 'electron/services')).toEqual([
      expect.stringContaining('cli must not import services'),
    ]);
    expect(await importErrors('electron/services', 'electron/cli')).toEqual([
      expect.stringContaining('services must not import cli'),
    ]);
  });
});
