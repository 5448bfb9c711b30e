// `sipkit analyze FILE | --run N`: provider rules and RFC 3261 hygiene over an imported or stored
// trace, grouped by severity, each finding with its evidence and the fix. Exit 0 when there is no
// error-level finding, 1 when there are, 2 when the trace could not be read.
import type { Finding, TraceMessage } from '../../../shared/diagnostics/trace-model';
import { analyzeTrace } from '../../../shared/diagnostics/analyze';
import { mediaView } from '../../../shared/diagnostics/media-view';
import type { RtpStreamRecord } from '../../../shared/media/rtp-stream';
import { keepAliveFlows, keepAliveFlowText } from '../../../shared/diagnostics/keep-alive-flows';
import { keepAliveOfText } from '../../../shared/sip/keep-alive';
import type { ProviderProfile } from '../../../shared/profiles/profile-schema';
import { loadTraceFile, TraceFileError } from '../../analysis/load-trace-file';
import { rtpStreamsOfRun } from '../../analysis/run-rtp';
import { printMedia, rtpSummary } from './media-output';
import { factsOptions, runFacts, type ImportFacts } from '../../analysis/import-facts';
import { storeImport } from '../../analysis/store-import';
import { traceFromImported, traceFromStored } from '../../analysis/to-trace';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-error';
import { loadProfile, type ProfileFlags } from '../profile-options';
import type { Reporter } from '../reporter';
import { openStore } from '../session';
import { positiveNumber } from '../targets';

export interface AnalyzeFlags extends ProfileFlags {
  readonly run?: string;
  readonly trunkName?: string;
  readonly minRegisterInterval?: string;
  readonly maxExpires?: string;
  readonly pbxIp?: string;
  readonly store?: boolean;
}

export function runAnalyze(file: string | undefined, flags: AnalyzeFlags, reporter: Reporter): number {
  if ((file === undefined) === (flags.run === undefined))
    throw new UsageError('give a trace FILE or --run N (one of them)');
  const profile = profileWithShortcuts(flags);
  let trace: TraceMessage[];
  let source: string;
  let runId: number | undefined;
  let rtpStreams: readonly RtpStreamRecord[] | undefined;
  // A PBX's own log names the PBX's address and may have no times (import-facts.ts).
  let facts: ImportFacts | undefined;
  if (file !== undefined) {
    let loaded;
    try {
      loaded = loadTraceFile(file);
    } catch (err) {
      if (err instanceof TraceFileError) throw new UsageError(err.message);
      throw err;
    }
    for (const w of loaded.warnings) reporter.warn('import', w);
    if (loaded.stopped) reporter.warn('import', `${file}: ${loaded.stopped}; analysing what was read`);
    // Keep-alives ride along (counted, drawn as marks) but are not SIP messages.
    const keepAlives = loaded.messages.filter((m) => keepAliveOfText(m.text) !== undefined).length;
    const sipMessages = loaded.messages.length - keepAlives;
    if (sipMessages === 0) {
      const only = keepAlives > 0 ? `, only ${keepAlives} keep-alive(s)` : '';
      throw new UsageError(
        `no SIP messages found in ${file} (${loaded.format}${only})${loaded.stopped ? `: ${loaded.stopped}` : ''}`,
      );
    }
    const andKeepAlives = keepAlives > 0 ? ` and ${keepAlives} keep-alive(s)` : '';
    reporter.info(
      'import',
      `read ${sipMessages} SIP message(s)${andKeepAlives} from ${file} (${loaded.format})`,
      {
        messages: sipMessages,
        keepAlives,
        format: loaded.format,
      },
    );
    trace = traceFromImported(loaded.messages);
    source = file;
    rtpStreams = loaded.rtpStreams;
    facts = loaded.facts;
    if (flags.store !== false) {
      const store = openStore();
      try {
        // The trace's parse gives the store its summaries: each message is parsed once.
        const docs = trace.map((m) => m.doc);
        runId = storeImport(store, file, loaded.format, loaded.messages, profile, {
          rtpStreams,
          facts,
          docs,
        });
        store.finishRun(runId, {
          ok: true,
          summary: `imported ${sipMessages} message(s)${andKeepAlives} from ${loaded.format}`,
        });
      } finally {
        store.close();
      }
      reporter.info('import', `stored as run ${runId} (sipkit traces show ${runId})`, { run: runId });
    }
  } else {
    const id = positiveNumber('--run', flags.run, { integer: true, min: 1 })!;
    const store = openStore();
    try {
      const run = store.getRun(id);
      if (!run) throw new UsageError(`there is no run ${id}: see sipkit traces list`);
      const messages = [];
      for (let offset = 0; ; offset += 5000) {
        const page = store.messagesByRun(id, { offset, limit: 5000 });
        messages.push(...page);
        if (page.length < 5000) break;
      }
      trace = traceFromStored(messages);
      rtpStreams = rtpStreamsOfRun(store, run);
      facts = runFacts(run);
      source = `run ${id} (${run.kind} ${run.target})`;
      runId = id;
    } finally {
      store.close();
    }
  }

  const result = analyzeTrace(trace, profile, {
    ...factsOptions(facts, flags.pbxIp ? [flags.pbxIp] : []),
    ...(rtpStreams ? { rtpStreams } : {}),
  });
  if (result.skippedForTime !== undefined) {
    reporter.warn(
      'analyze',
      `the trace's times are unknown: not judged ${result.skippedForTime.join(', ')}, nor any interval`,
    );
  }
  const media = result.media ? mediaView(result.media) : undefined;
  if (media) printMedia(media, reporter);
  const bySeverity = (s: Finding['severity']) => result.findings.filter((f) => f.severity === s);
  for (const [severity, heading] of [
    ['error', 'ERRORS'],
    ['warning', 'WARNINGS'],
    ['info', 'INFO'],
  ] as const) {
    const list = bySeverity(severity);
    if (list.length === 0) continue;
    if (!reporter.json) reporter.block(`\n${heading} (${list.length})\n`, {});
    for (const f of list) printFinding(f, trace, reporter);
  }
  printKeepAlives(trace, reporter);
  const errors = bySeverity('error').length;
  const warnings = bySeverity('warning').length;
  reporter.result(
    errors === 0,
    `${source}: ${errors} error(s), ${warnings} warning(s), ${bySeverity('info').length} note(s) under profile ${profile.name}`,
    {
      run: runId,
      errors,
      warnings,
      findings: result.findings.length,
      stats: result.stats,
      ...(media ? { rtp: rtpSummary(media) } : {}),
    },
  );
  return errors === 0 ? EXIT_OK : EXIT_FAILED;
}

/** "keep-alives: N" and one line per source → destination: counted, never judged. */
function printKeepAlives(trace: readonly TraceMessage[], reporter: Reporter): void {
  const flows = keepAliveFlows(trace);
  if (flows.length === 0) return;
  const total = flows.reduce((n, f) => n + f.count, 0);
  reporter.info('analyze', `keep-alives: ${total}`, { keepAlives: total, flows });
  if (!reporter.json) for (const f of flows) reporter.block(`          ${keepAliveFlowText(f)}\n`, {});
}

function profileWithShortcuts(flags: AnalyzeFlags): ProviderProfile {
  const set = [...(flags.set ?? [])];
  if (flags.trunkName) set.push(`trunk_name=${flags.trunkName}`);
  if (flags.pbxIp) set.push(`pbx_ip=${flags.pbxIp}`);
  if (flags.minRegisterInterval) set.push(`min_register_interval=${flags.minRegisterInterval}`);
  if (flags.maxExpires) set.push(`max_expires=${flags.maxExpires}`);
  return loadProfile({ ...flags, set });
}

function printFinding(f: Finding, trace: readonly TraceMessage[], reporter: Reporter): void {
  if (reporter.json) {
    reporter.block('', { type: 'finding', ...f });
    return;
  }
  const lines = [`  ${f.rule.padEnd(22)} ${f.title}`];
  for (const e of f.evidence.slice(0, 5)) {
    const m = trace[e.messageIndex];
    const what = m ? describe(m) : `message ${e.messageIndex + 1}`;
    lines.push(
      `    #${e.messageIndex + 1} ${what}${e.line !== undefined ? `, line ${e.line}` : ''}${e.text ? `: ${e.text}` : ''}`,
    );
  }
  if (f.evidence.length > 5) lines.push(`    … and ${f.evidence.length - 5} more`);
  if (f.observed !== undefined || f.expected !== undefined) {
    lines.push(`    observed: ${f.observed ?? '—'}   expected: ${f.expected ?? '—'}`);
  }
  lines.push(`    why: ${f.explanation}`, `    fix: ${f.fix}`, '');
  reporter.block(`${lines.join('\n')}\n`, {});
}

function describe(m: TraceMessage): string {
  const d = m.doc;
  const what =
    d.kind === 'request'
      ? (d.method ?? '?')
      : d.kind === 'response'
        ? `${d.status} ${d.reason ?? ''}`.trim()
        : 'unreadable';
  const addr = m.src && m.dst ? ` ${m.src.address}:${m.src.port} → ${m.dst.address}:${m.dst.port}` : '';
  return `${what}${addr}`;
}
