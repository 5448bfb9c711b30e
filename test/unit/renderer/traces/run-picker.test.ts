import { describe, expect, it } from 'vitest';
import { runSchema, type RunView } from '../../../../shared/ipc/contract';
import { runResult } from '../../../../renderer/src/format';
import { runOptionLabel } from '../../../../renderer/src/traces/run-picker';

const base: RunView = {
  id: 12,
  kind: 'load',
  target: 'trunk.example',
  profile: 'generic',
  startedAtMicros: 1_750_000_000_000_000,
  messageCount: 840,
};

describe('a run whose process was killed, in the app', () => {
  it('reaches the UI through the contract and reads "interrupted", not "failed" or "running"', () => {
    const interrupted = runSchema.parse({
      ...base,
      ok: false,
      endedAtMicros: base.startedAtMicros + 1,
      interrupted: true,
    });
    expect(runResult(interrupted)).toBe('interrupted');
    expect(runOptionLabel(interrupted)).toMatch(/^#12 load · trunk\.example · .* · 840 msg · interrupted$/);
  });

  it('leaves the other runs as they were', () => {
    const failed = runSchema.parse({ ...base, ok: false, endedAtMicros: base.startedAtMicros + 1 });
    expect(runResult(failed)).toBe('failed');
    expect(runOptionLabel(failed)).not.toMatch(/interrupted/);
    expect(runResult(runSchema.parse(base))).toBe('running');
  });
});
