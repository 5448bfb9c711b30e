// `sipkit traces list` and `sipkit traces show RUN [--call-id ID] [--ladder]`: what was captured, in
// order, with direction, addresses and the raw text, or drawn as a call flow.
import { ladderToAscii } from '../../../shared/ladder/ladder-ascii';
import { buildLadder } from '../../../shared/ladder/ladder-model';
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import type { RunRecord, StoredMessage } from '../../../shared/trace-types';
import { analyseRun } from '../../analysis/run-analysis';
import { profileOfRun } from '../../analysis/run-profile';
import type { TraceStore } from '../../store/trace-store';
import { toLadderMessage } from '../../analysis/ladder-message';
import { fmt } from '../../engine/transport/sip-transport';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import type { Reporter } from '../reporter';
import { openStore } from '../session';
import { positiveNumber } from '../targets';

export function runTracesList(flags: { limit?: string }, reporter: Reporter): number {
  const limit = positiveNumber('--limit', flags.limit, { integer: true, min: 1 }) ?? 50;
  const store = openStore();
  try {
    const runs = store.listRuns({ limit });
    if (!reporter.json) {
      reporter.block(
        `${'RUN'.padEnd(6)}${'STARTED'.padEnd(21)}${'KIND'.padEnd(10)}${'RESULT'.padEnd(13)}${'MSGS'.padEnd(7)}TARGET\n`,
        {},
      );
    }
    for (const run of runs) {
      const result = runResult(run);
      const started = localTime(run.startedAtMicros).slice(0, 19);
      reporter.block(
        `${String(run.id).padEnd(6)}${started.padEnd(21)}${run.kind.padEnd(10)}${result.padEnd(13)}${String(run.messageCount).padEnd(7)}${run.target}${run.summary ? ` — ${run.summary}` : ''}\n`,
        { type: 'run', ...run },
      );
    }
    reporter.result(true, `${runs.length} run(s)`, { runs: runs.length });
    return EXIT_OK;
  } finally {
    store.close();
  }
}

export function runTracesShow(
  runArg: string,
  flags: { callId?: string; raw?: boolean; ladder?: boolean },
  reporter: Reporter,
): number {
  const runId = positiveNumber('RUN', runArg, { integer: true, min: 1 });
  const store = openStore();
  try {
    const run = store.getRun(runId!);
    if (!run) throw new UsageError(`there is no run ${runArg}: see sipkit traces list`);
    const messages = flags.callId ? store.messagesByCallId(flags.callId, run.id) : allMessages(store, run.id);
    if (!reporter.json) {
      reporter.block(
        `run ${run.id}: ${run.kind} ${run.target} (profile ${run.profile}) — ${run.summary ?? 'still running'}\n\n`,
        {},
      );
    }
    if (flags.ladder) printLadder(messages, findingsOf(store, run), reporter);
    else for (const [i, m] of messages.entries()) printMessage(i + 1, m, flags.raw !== false, reporter);
    const unparsed = messages.filter((m) => !m.parsed).length;
    reporter.result(
      true,
      `${messages.length} message(s)${unparsed ? `, ${unparsed} that did not parse` : ''}`,
      {
        run: run.id,
        messages: messages.length,
        unparsed,
      },
    );
    return messages.length > 0 || !flags.callId ? EXIT_OK : EXIT_FAILED;
  } finally {
    store.close();
  }
}

/** What the RESULT column says: an interrupted run is not just "failed", its process was killed. */
function runResult(run: RunRecord): string {
  if (run.interrupted) return 'interrupted';
  return run.ok === undefined ? 'running' : run.ok ? 'ok' : 'failed';
}

function allMessages(store: ReturnType<typeof openStore>, runId: number): StoredMessage[] {
  const out: StoredMessage[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = store.messagesByRun(runId, { offset, limit: 1000 });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

/** The run's findings under its own profile, for the badges on the ladder (as the UI draws them). */
function findingsOf(store: TraceStore, run: RunRecord): FindingView[] {
  try {
    return [...analyseRun(store, run, profileOfRun(run)).findings];
  } catch {
    // A profile that no longer resolves must not stop the ladder from printing: no badges then.
    return [];
  }
}

function printLadder(
  messages: readonly StoredMessage[],
  findings: readonly FindingView[],
  reporter: Reporter,
): void {
  const model = buildLadder(messages.map(toLadderMessage), findings);
  const text = ladderToAscii(model, { width: terminalWidth(), maxRows: Infinity });
  reporter.block(`${text}\n`, {
    type: 'ladder',
    columns: model.columns.map((c) => ({ label: c.label, addresses: c.addresses, local: c.local })),
    rows: model.arrows.length,
    retransmissions: model.arrows.filter((a) => a.retransmission).length,
    text,
  });
}

/** The terminal's width when stdout is one (a very wide one only stretches the arrows), else 100. */
function terminalWidth(): number {
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  return Math.min(160, columns ?? 100);
}

function printMessage(n: number, m: StoredMessage, withRaw: boolean, reporter: Reporter): void {
  const arrow = m.direction === 'out' ? '→' : '←';
  const what = !m.parsed
    ? `UNPARSED (${m.parseError ?? 'unknown error'})`
    : m.method
      ? `${m.method} (CSeq ${m.cseqSeq} ${m.cseqMethod})`
      : `${m.status} ${m.reason ?? ''} (CSeq ${m.cseqSeq} ${m.cseqMethod})`;
  const text = Buffer.from(m.raw).toString('latin1');
  const head = `#${n} ${localTime(m.tsMicros)} ${m.transport.toUpperCase()} ${fmt(m.local)} ${arrow} ${fmt(m.remote)}  ${what}${m.callId ? `  Call-ID ${m.callId}` : ''}\n`;
  const body = withRaw ? `${printable(text).replace(/^/gm, '    ')}\n\n` : '';
  reporter.block(head + body, {
    type: 'message',
    n,
    id: m.id,
    tsMicros: m.tsMicros,
    direction: m.direction,
    transport: m.transport,
    local: fmt(m.local),
    remote: fmt(m.remote),
    parsed: m.parsed,
    parseError: m.parseError,
    callId: m.callId,
    cseq: m.cseqSeq,
    cseqMethod: m.cseqMethod,
    method: m.method,
    status: m.status,
    reason: m.reason,
    raw: text,
  });
}

/** CRLF shown as line breaks, other control bytes escaped so garbage cannot mess up a terminal. */
function printable(text: string): string {
  return (
    text
      .replace(/\r\n/g, '\n')
      .replace(/\n+$/, '')
      // eslint-disable-next-line no-control-regex -- matching control bytes is the point here
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  );
}

function localTime(micros: number): string {
  const d = new Date(Math.floor(micros / 1000));
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const frac = pad(Math.floor(micros % 1_000_000), 6);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${frac}`;
}
