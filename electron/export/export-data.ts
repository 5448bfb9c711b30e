// What every export format is drawn from: one run, its messages (the selected calls, or all),
// the findings about them, all passed through one Redactor so every format shows the same
// replacements. Reading the store and analysing reuse the Traces screen's code (run-analysis.ts).
import type { CallMediaData, FindingView } from '../../shared/ipc/schemas/traces';
import type { RunRecord, StoredMessage } from '../../shared/trace-types';
import type { TraceStore } from '../store/trace-store';
import { analyseRun } from '../analysis/run-analysis';
import { readRunMessages } from '../analysis/run-trace';
import { profileOfRun } from '../analysis/run-profile';
import { createRedactor, type RedactChoice, type Redactor } from './redact';

export interface ExportData {
  readonly run: RunRecord;
  /** In capture order; raw bytes, addresses and Call-IDs redacted. */
  readonly messages: readonly StoredMessage[];
  readonly findings: readonly FindingView[];
  /** The provider profile the findings were checked against. */
  readonly profile: string;
  /** What was redacted, in words. */
  readonly redacted: readonly string[];
  /** Only these calls were exported, when set. */
  readonly callIds?: readonly string[];
  readonly exportedAtMicros: number;
  /** The calls' RTP streams and audio verdicts, for a capture that held RTP; addresses redacted like the messages'. */
  readonly media?: readonly CallMediaData[];
}

export interface RawExportInput {
  readonly run: RunRecord;
  readonly messages: readonly StoredMessage[];
  readonly findings: readonly FindingView[];
  readonly profile: string;
  readonly media?: readonly CallMediaData[];
}

export class ExportInputError extends Error {
  override readonly name = 'ExportInputError';
}

/** The run, its messages and its analysis as the Traces screen has them; throws ExportInputError for an unknown run. */
/** `onFound` is told once the run exists, before the slow part (reading and analysing it). */
export function readExportInput(store: TraceStore, runId: number, onFound?: () => void): RawExportInput {
  const run = store.getRun(runId);
  if (run === undefined) throw new ExportInputError(`there is no run ${runId}`);
  onFound?.();
  const profile = profileOfRun(run);
  const analysis = analyseRun(store, run, profile);
  return {
    run,
    messages: readRunMessages(store, runId),
    findings: analysis.findings,
    profile: profile.name,
    ...(analysis.media ? { media: analysis.media } : {}),
  };
}

export interface PrepareOptions {
  readonly redact: RedactChoice;
  readonly callIds?: readonly string[];
  /** Values never to appear in an export (e.g. the password the CLI was given), masked wherever found. */
  readonly secrets?: readonly string[];
  readonly nowMicros?: number;
}

export function prepareExport(input: RawExportInput, opts: PrepareOptions): ExportData {
  const wanted = opts.callIds && opts.callIds.length > 0 ? new Set(opts.callIds) : undefined;
  // "" is the call list's group of messages without a Call-ID (ladder-query.ts).
  const selected = wanted ? input.messages.filter((m) => wanted.has(m.callId ?? '')) : input.messages;
  const ids = new Set(selected.map((m) => m.id));
  const findings = wanted
    ? input.findings.filter((f) => f.evidence.some((e) => ids.has(e.messageId)))
    : input.findings;
  const r = createRedactor(opts.redact, opts.secrets ?? []);
  // A first pass learns every value (nonces, user names) so the second replaces them even where they
  // turn up before the header that revealed them.
  for (const m of selected) r.message(latin1(m.raw));
  const messages = selected.map((m) => redactMessage(m, r));
  // A capture without RTP judges no call's audio (its rtp.audio note, among the findings, says why).
  const heldRtp = input.media?.some((c) => c.streams.length > 0) ?? false;
  const media = heldRtp
    ? input.media
        ?.filter((c) => (!wanted || wanted.has(c.callId)) && (c.answered || c.streams.length > 0))
        .map((c) => redactMedia(c, r))
    : undefined;
  return {
    run: redactRun(input.run, r),
    messages,
    findings: findings.map((f) => redactFinding(f, r)),
    profile: input.profile,
    redacted: r.summary(),
    ...(wanted ? { callIds: [...wanted].map((c) => r.text(c)) } : {}),
    exportedAtMicros: opts.nowMicros ?? Date.now() * 1000,
    ...(media ? { media } : {}),
  };
}

function redactMedia(c: CallMediaData, r: Redactor): CallMediaData {
  return {
    ...c,
    callId: r.text(c.callId),
    streams: c.streams.map((s) => ({
      ...s,
      src: { address: r.address(s.src.address), port: s.src.port },
      dst: { address: r.address(s.dst.address), port: s.dst.port },
    })),
  };
}

function redactMessage(m: StoredMessage, r: Redactor): StoredMessage {
  const raw = Buffer.from(r.message(latin1(m.raw)), 'latin1');
  return {
    ...m,
    raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
    local: { address: r.address(m.local.address), port: m.local.port },
    remote: { address: r.address(m.remote.address), port: m.remote.port },
    ...(m.callId !== undefined ? { callId: r.text(m.callId) } : {}),
    ...(m.parseError !== undefined ? { parseError: r.text(m.parseError) } : {}),
    ...(m.reason !== undefined ? { reason: r.text(m.reason) } : {}),
  };
}

function redactRun(run: RunRecord, r: Redactor): RunRecord {
  return {
    ...run,
    target: r.text(run.target),
    ...(run.summary !== undefined ? { summary: r.text(run.summary) } : {}),
    ...(run.params !== undefined ? { params: redactValue(run.params, r) as Record<string, unknown> } : {}),
  };
}

function redactValue(v: unknown, r: Redactor, key = ''): unknown {
  if (typeof v === 'string') {
    return /pass|secret|pwd|token|nonce/i.test(key) ? '[redacted]' : r.text(v);
  }
  if (Array.isArray(v)) return v.map((x) => redactValue(x, r));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactValue(x, r, k)]));
  }
  return v;
}

function redactFinding(f: FindingView, r: Redactor): FindingView {
  return {
    ...f,
    title: r.text(f.title),
    explanation: r.text(f.explanation),
    fix: r.text(f.fix),
    ...(f.observed !== undefined ? { observed: r.text(f.observed) } : {}),
    ...(f.expected !== undefined ? { expected: r.text(f.expected) } : {}),
    evidence: f.evidence.map((e) => ({
      ...e,
      ...(e.callId !== undefined ? { callId: r.text(e.callId) } : {}),
      ...(e.text !== undefined ? { text: r.text(e.text) } : {}),
    })),
  };
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
