// The stages an export goes through, as the Export menu and `sipkit export` show them while a PDF
// or PNG takes headless Chromium several seconds: the real Chromium draws the PNG here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumRenderer, exportRun } from '../../../electron/export/export-run';
import { NO_OPTIONAL_REDACTION } from '../../../electron/export/redact';
import type { ExportStage } from '../../../shared/ipc/schemas/export';
import { challengedCall } from '../shared/diagnostics/trace-builder';
import { openBench, storeRun, type TraceBench } from '../services/traces/trace-fixtures';

describe('export stages', () => {
  let bench: TraceBench;
  let runId: number;
  beforeAll(() => {
    bench = openBench();
    runId = storeRun(bench.store, challengedCall(0, 'stages-call@pbx'));
  });
  afterAll(() => bench.close());

  const stagesOf = async (format: 'png' | 'pdf' | 'svg', run = runId): Promise<ExportStage[]> => {
    const seen: ExportStage[] = [];
    await exportRun(bench.store, run, format, {
      redact: NO_OPTIONAL_REDACTION,
      renderer: chromiumRenderer,
      onStage: (s) => seen.push(s),
    });
    return seen;
  };

  it('a PNG goes through collecting, rendering the ladder, starting Chromium, drawing and writing, in order', async () => {
    expect(await stagesOf('png')).toEqual([
      'collecting',
      'rendering',
      'starting-chromium',
      'printing',
      'writing',
    ]);
  }, 60_000);

  it('an SVG needs no Chromium, and a run that is not there tells no stage before its one error', async () => {
    expect(await stagesOf('svg')).toEqual(['collecting', 'rendering', 'writing']);
    const seen: ExportStage[] = [];
    await expect(
      exportRun(bench.store, 9_999, 'pdf', { redact: NO_OPTIONAL_REDACTION, onStage: (s) => seen.push(s) }),
    ).rejects.toThrow('there is no run 9999');
    expect(seen).toEqual([]);
  });
});
