// Issue 14: `sipkit analyze FILE` on hostile text traces — the same steps the command takes (read
// the file, parse every message, run every rule) — finishes with the right answer. Inputs are
// sized so that a linear pass takes well under a second and a quadratic one minutes; the 20 s
// timeout is the only bound.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTraceFile } from '../../../electron/analysis/load-trace-file';
import { traceFromImported } from '../../../electron/analysis/to-trace';
import { analyzeTrace } from '../../../shared/diagnostics/analyze';
import type { AnalysisResult } from '../../../shared/diagnostics/analyze';
import type { TraceMessage } from '../../../shared/diagnostics/trace-model';
import { findBuiltinProfile } from '../../../shared/profiles/builtin-profiles';
import * as adv from '../../support/adversarial-sip';

const LIMIT = { timeout: 20_000 };
const MiB = 2 ** 20;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipkit-adversarial-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function analyzeFile(
  name: string,
  text: string,
): { trace: TraceMessage[]; result: AnalysisResult; stopped?: string } {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, 'latin1');
  const loaded = loadTraceFile(file);
  const trace = traceFromImported(loaded.messages);
  const result = analyzeTrace(trace, findBuiltinProfile('generic')!);
  return { trace, result, ...(loaded.stopped !== undefined ? { stopped: loaded.stopped } : {}) };
}

const rules = (r: AnalysisResult): string[] => r.findings.map((f) => f.rule);
const noRuleFailed = (r: AnalysisResult): boolean =>
  !r.findings.some((f) => f.title.includes('could not run'));

describe('analyze on hostile text traces', () => {
  it('reads a 1.2 MB file of 200,000 folded header lines (the reported case)', LIMIT, () => {
    const { trace, result } = analyzeFile('folded.txt', adv.foldedLines(200_000));
    expect(trace).toHaveLength(1);
    expect(trace[0]!.doc.first('subject')).toBe(adv.foldedValue(200_000));
    expect(rules(result)).not.toContain('sip.syntax');
    expect(noRuleFailed(result)).toBe(true);
  });

  it('reads the same file with bare LF line ends', LIMIT, () => {
    const { trace, result } = analyzeFile('folded-lf.txt', adv.foldedLines(200_000).replaceAll('\r\n', '\n'));
    expect(trace).toHaveLength(1);
    // Rebuilt with CRLF, as SIP sends it: the folds are still there and unfold the same way.
    expect(trace[0]!.doc.first('subject')).toBe(adv.foldedValue(200_000));
    expect(noRuleFailed(result)).toBe(true);
  });

  it('reads 100,000 headers and a Contact of 100,000 quoted bindings', LIMIT, () => {
    const headers = analyzeFile('headers.txt', adv.manyHeaders(100_000));
    expect(headers.trace[0]!.doc.headers).toHaveLength(100_007);
    const quoted = analyzeFile('quoted.txt', adv.manyQuotedStrings(100_000));
    expect(quoted.trace[0]!.doc.contacts).toHaveLength(100_000);
    expect(noRuleFailed(headers.result) && noRuleFailed(quoted.result)).toBe(true);
  });

  it('reads a body of 10 MiB of CRLF whole', LIMIT, () => {
    const { trace, result } = analyzeFile('body.txt', adv.crlfBody(10 * MiB));
    expect(trace).toHaveLength(1);
    expect(trace[0]!.doc.body).toHaveLength(10 * MiB);
    expect(rules(result)).not.toContain('sip.syntax');
  });

  it('finds both messages around 200,000 empty lines', LIMIT, () => {
    const { trace } = analyzeFile('empty-lines.txt', adv.emptyLinesBetween(200_000));
    expect(trace.map((m) => m.doc.callId)).toEqual(['first@example.com', 'second@example.com']);
  });

  it('reads a start line of 1 MiB', LIMIT, () => {
    const { trace } = analyzeFile('start-line.txt', adv.longStartLine(MiB));
    expect(trace).toHaveLength(1);
    expect(trace[0]!.doc.method).toBe('INVITE');
  });

  it('cuts 20,000 messages run together without blank lines at their start lines', LIMIT, () => {
    const { trace, result } = analyzeFile('no-blank.txt', adv.messagesWithoutBlankLines(20_000));
    expect(trace).toHaveLength(20_000);
    expect(trace[19_999]!.doc.callId).toBe('nb19999@example.com');
    expect(result.stats.requests).toBe(20_000);
    expect(noRuleFailed(result)).toBe(true);
  });

  it('reads 20,000 messages back to back', LIMIT, () => {
    const { trace, result } = analyzeFile('many.txt', adv.manyMessages(20_000));
    expect(trace).toHaveLength(20_000);
    expect(result.stats.transactions).toBe(20_000);
    expect(rules(result)).not.toContain('sip.syntax');
  });
});
