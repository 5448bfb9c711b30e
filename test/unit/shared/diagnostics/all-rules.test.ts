import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../../../shared/diagnostics/analyze';

// docs/provider-rules.md is what a reader trusts: every id its rule tables list must be a rule the
// engine runs, and every rule the engine runs must be documented there.
const DOC = path.resolve(__dirname, '../../../../docs/provider-rules.md');

function documentedIds(): string[] {
  const ids = new Set<string>();
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const m = /^\| ([a-z]+\.[a-z0-9-]+) \|/.exec(line);
    if (m) ids.add(m[1]!);
  }
  return [...ids];
}

describe('the rule registry', () => {
  it('has exactly one rule per id of docs/provider-rules.md', () => {
    const documented = documentedIds();
    expect(documented.length).toBeGreaterThan(20);
    expect([...ALL_RULES.map((r) => r.id)].sort()).toEqual(documented.sort());
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    for (const r of ALL_RULES) expect(r.title.length).toBeGreaterThan(10);
  });
});
