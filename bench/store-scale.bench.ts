// The trace store at a load run's scale (issue 19), `npm run bench` or
// `npx tsx bench/store-scale.bench.ts`:
//  - messages/s stored the way a load run stores them: captured on the load thread, packed into
//    one transferred buffer per batch (capture-batch.ts), unpacked and appended on the store's
//    thread, committed in batches (target ≥ 100,000 messages/s), wall and per CPU-second of the
//    thread (the machine is shared: CPU is the figure to trust);
//  - a Call-ID lookup (what `sipkit show --call-id` and the ladder view ask) among 10 million
//    stored messages, through the store's own query and index (target < 10 ms), p50/p99/max.
// The yardstick, in the same run and on the same schema, file and settings: SQLite's own shell
// (`sqlite3`, C, no JavaScript) inserting as many rows of the same sizes, 512 per transaction, and
// asking the same Call-IDs with `.timer on`. The machine is shared: the ratios say more than the
// figures, and a tail both show is the machine's.
// STORE_SCALE_MESSAGES=n changes the 10 million; STORE_SCALE_PARTS=append or =lookup runs one part
// alone (default both). Numbers, not assertions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { packBatch, unpackBatch } from '../electron/engine/load/capture-batch';
import { threadCpu } from '../electron/engine/load/thread-cpu';
import { openTraceStore } from '../electron/store/sqlite-trace-store';
import type { CapturedMessage } from '../shared/trace-types';

const LOOKUP_AMONG = Number(process.env.STORE_SCALE_MESSAGES ?? 10_000_000);
const PARTS = new Set((process.env.STORE_SCALE_PARTS ?? 'append,lookup').split(','));
const APPENDED = 300_000;
const BATCH = 512;
const LOOKUPS = 1000;
/** The message columns as the store's migrations create them (one INSERT list for the yardstick). */
const COLUMNS = `run_id, ts_us, direction, transport, local_addr, local_port, remote_addr, remote_port,
  parsed, call_id, cseq_seq, cseq_method, method, status, reason, raw`;

function line(s: string): void {
  console.log(s);
}

function cpuNow(): number {
  const c = threadCpu();
  return c ? c.userS + c.sysS : NaN;
}

/** A load call's six messages, as the engine captures them. */
function loadCallMessages(call: number, ts: number): CapturedMessage[] {
  const callId = `${call.toString(16).padStart(8, '0')}-3f9a2c@sipkit`;
  const local = { address: '127.0.0.1', port: 40_000 };
  const remote = { address: '127.0.0.1', port: 5060 };
  const invite = Buffer.from(
    `INVITE sip:100@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK-${callId}\r\nMax-Forwards: 70\r\nFrom: <sip:sipkit@127.0.0.1>;tag=${call}\r\nTo: <sip:100@127.0.0.1:5060>\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:sipkit@127.0.0.1:40000>\r\nContent-Type: application/sdp\r\nContent-Length: 129\r\n\r\n${'v=0 '.padEnd(129, 'x')}`,
  );
  const reply = (status: number, reason: string, method: string) =>
    Buffer.from(
      `SIP/2.0 ${status} ${reason}\r\nVia: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK-${callId}\r\nFrom: <sip:sipkit@127.0.0.1>;tag=${call}\r\nTo: <sip:100@127.0.0.1:5060>;tag=${call}x\r\nCall-ID: ${callId}\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`,
    );
  const message = (raw: Buffer, method: string, seq: number, status?: number, reason?: string) =>
    ({
      tsMicros: ts,
      direction: status === undefined ? 'out' : 'in',
      transport: 'udp',
      local,
      remote,
      parsed: true,
      callId,
      cseqSeq: seq,
      cseqMethod: method,
      ...(status === undefined ? { method } : { status, reason }),
      raw,
    }) satisfies CapturedMessage;
  const out = (raw: Buffer, method: string, seq: number) => message(raw, method, seq);
  const inn = (status: number, reason: string, method: string, seq: number) =>
    message(reply(status, reason, method), method, seq, status, reason);
  return [
    out(invite, 'INVITE', 1),
    inn(100, 'Trying', 'INVITE', 1),
    inn(200, 'OK', 'INVITE', 1),
    out(invite.subarray(0, 300), 'ACK', 1),
    out(invite.subarray(0, 300), 'BYE', 2),
    inn(200, 'OK', 'BYE', 2),
  ];
}

function benchAppend(dir: string): void {
  // The batches as the load thread sends them (packed once, outside the timing).
  const batches = [];
  const pending: CapturedMessage[] = [];
  for (let call = 0; pending.length + batches.length * BATCH < APPENDED; call++) {
    pending.push(...loadCallMessages(call, 1_765_000_000_000_000 + call * 100));
    if (pending.length >= BATCH) {
      batches.push(packBatch(pending.splice(0, BATCH)).batch);
    }
  }
  const total = batches.length * BATCH;
  const file = path.join(dir, 'append.db');
  const store = openTraceStore({ file });
  const runId = store.createRun({ kind: 'load', target: 'bench', profile: 'generic' });
  // The same empty store with its run for the shell (closed: its schema is in the file, not a WAL).
  const shellFile = path.join(dir, 'append-shell.db');
  const shellStore = openTraceStore({ file: shellFile });
  const shellRun = shellStore.createRun({ kind: 'load', target: 'bench', profile: 'generic' });
  shellStore.close();
  const cpu0 = cpuNow();
  const t0 = performance.now();
  for (const b of batches) unpackBatch(b, (m) => store.append(runId, m));
  store.flush();
  const ms = performance.now() - t0;
  const cpu = cpuNow() - cpu0;
  store.close();
  line(
    `store: load-run messages unpacked, appended and committed: ${Math.round((total / ms) * 1000).toLocaleString('en')} msg/s wall, ${Math.round(total / cpu).toLocaleString('en')} msg/s per CPU-s of the thread (${total.toLocaleString('en')} messages; target ≥ 100,000/s)`,
  );
  const shell = shellAppend(shellFile, shellRun, total, loadCallMessages(0, 0));
  if (shell === undefined) return;
  line(
    `  yardstick, sqlite3 shell, rows of the same sizes into the same schema, ${BATCH} per transaction: ${Math.round(total / shell.wallS).toLocaleString('en')} msg/s wall, ${Math.round(total / shell.cpuS).toLocaleString('en')} msg/s per CPU-s (ours per CPU-s at ${(shell.cpuS / cpu).toFixed(2)}× the shell's)`,
  );
}

/** The SQL shell under /usr/bin/time: wall and CPU seconds, or undefined (and a line) when missing. */
function timedShell(file: string, script: string): { wallS: number; cpuS: number; out: string } | undefined {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', 'sqlite3', '-batch', file], {
    input: script,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  if (r.status !== 0 || !cpu) {
    const why = r.error?.message ?? r.stderr?.trim().split('\n')[0];
    line(`  yardstick: sqlite3 under /usr/bin/time did not run (${why})`);
    return undefined;
  }
  return { wallS, cpuS: Number(cpu[1]) + Number(cpu[2]), out: r.stdout };
}

/** `total` rows in batches, each batch one INSERT … SELECT over a counter: no parsing per row. */
function shellAppend(
  file: string,
  runId: number,
  total: number,
  call: readonly CapturedMessage[],
): { wallS: number; cpuS: number } | undefined {
  const k = call.length;
  const pick = (f: (m: CapturedMessage) => string | number | undefined) =>
    `CASE x % ${k} ${call.map((m, i) => `WHEN ${i} THEN ${sqlValue(f(m))}`).join(' ')} END`;
  const statements = ['PRAGMA journal_mode = WAL;', 'PRAGMA synchronous = NORMAL;'];
  for (let from = 0; from < total; from += BATCH) {
    statements.push(
      `BEGIN; INSERT INTO messages (${COLUMNS})
       WITH RECURSIVE n(x) AS (SELECT ${from} UNION ALL SELECT x + 1 FROM n WHERE x + 1 < ${from + BATCH})
       SELECT ${runId}, 1765000000000000 + x * 100, ${pick((m) => m.direction)}, 'udp', '127.0.0.1',
         40000, '127.0.0.1', 5060, 1, printf('%08x-3f9a2c@sipkit', x / ${k}), ${pick((m) => m.cseqSeq)},
         ${pick((m) => m.cseqMethod)}, ${pick((m) => m.method)}, ${pick((m) => m.status)},
         ${pick((m) => m.reason)}, zeroblob(${pick((m) => m.raw.byteLength)})
       FROM n;
       UPDATE runs SET message_count = message_count + ${BATCH} WHERE id = ${runId}; COMMIT;`,
    );
  }
  return timedShell(file, statements.join('\n'));
}

function sqlValue(v: string | number | undefined): string {
  if (v === undefined) return 'NULL';
  return typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`;
}

function benchLookup(dir: string): void {
  const file = path.join(dir, 'lookup.db');
  // The schema and a run through the store itself, then the rows straight from SQL: 10 million
  // appends through JS would take minutes and measure nothing new here.
  const store = openTraceStore({ file });
  const runId = store.createRun({ kind: 'load', target: 'bench', profile: 'generic' });
  store.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const t0 = performance.now();
  // Six messages per call; Call-IDs scattered (a multiplicative hash), as real ones are.
  const fill = db.prepare(`
    WITH RECURSIVE n(x) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT x + 1 FROM n WHERE x + 1 < ?)
    INSERT INTO messages (run_id, ts_us, direction, transport, local_addr, local_port, remote_addr,
      remote_port, parsed, call_id, cseq_seq, cseq_method, method, status, reason, raw)
    SELECT ?, 1765000000000000 + x * 100, CASE WHEN x % 2 THEN 'in' ELSE 'out' END, 'udp',
      '127.0.0.1', 40000, '127.0.0.1', 5060, 1,
      printf('%08x-%d@sipkit', ((x / 6) * 2654435761) % 4294967296, x / 6), 1, 'INVITE',
      CASE WHEN x % 2 THEN NULL ELSE 'INVITE' END, CASE WHEN x % 2 THEN 200 ELSE NULL END,
      CASE WHEN x % 2 THEN 'OK' ELSE NULL END, zeroblob(64)
    FROM n`);
  const CHUNK = 500_000;
  for (let from = 0; from < LOOKUP_AMONG; from += CHUNK) {
    db.transaction(() => fill.run(from, Math.min(from + CHUNK, LOOKUP_AMONG), runId))();
  }
  db.prepare('UPDATE runs SET message_count = ? WHERE id = ?').run(LOOKUP_AMONG, runId);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fillS = (performance.now() - t0) / 1000;
  const mb = statSync(file).size / 1024 / 1024;

  const calls = Math.floor(LOOKUP_AMONG / 6);
  const ids: string[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    // Existing calls spread over the whole store, and a few that are not there.
    const call = Math.floor((i * 7919 * 104729) % calls);
    ids.push(
      i % 10 === 9
        ? `missing-${i}@sipkit`
        : `${((call * 2654435761) % 4294967296).toString(16).padStart(8, '0')}-${call}@sipkit`,
    );
  }
  const ours = (): { times: number[]; found: number } => {
    const reader = openTraceStore({ file, readonly: true });
    const times: number[] = [];
    let found = 0;
    for (const id of ids) {
      const t = performance.now();
      found += reader.messagesByCallId(id).length;
      times.push(performance.now() - t);
    }
    reader.close();
    return { times, found };
  };
  // Ours, the shell, ours again: a tail only the first pass shows is the fill's aftermath (the
  // kernel still writing 2 GB back), not the lookup.
  const first = ours();
  line(
    `store: Call-ID lookup among ${LOOKUP_AMONG.toLocaleString('en')} stored messages (${Math.round(mb)} MB, filled in ${fillS.toFixed(0)} s): ${spread(first.times)} over ${first.times.length} lookups, the first ${first.times[0]!.toFixed(2)} ms (${first.found} messages found; target < 10 ms)`,
  );
  // The yardstick: the same Call-IDs, same query text, through the shell's own timer (1 ms steps).
  const shell = timedShell(
    file,
    ['.timer on', '.mode quote', ...ids.map((id) => `${LOOKUP_SQL.replace('?', sqlValue(id))};`)].join('\n'),
  );
  if (shell !== undefined) {
    const shellTimes = [...shell.out.matchAll(/^Run Time: real ([\d.]+)/gm)].map((m) => Number(m[1]) * 1000);
    line(`  yardstick, sqlite3 shell, same lookups (.timer, 1 ms steps): ${spread(shellTimes)}`);
  }
  const again = ours();
  line(`  ours again, after the shell: ${spread(again.times)}, the first ${again.times[0]!.toFixed(2)} ms`);
}

/** What TraceStore.messagesByCallId runs (queries.ts), for the shell. */
const LOOKUP_SQL = 'SELECT * FROM messages WHERE call_id = ? ORDER BY ts_us, id';

function spread(ms: readonly number[]): string {
  const t = [...ms].sort((a, b) => a - b);
  const at = (p: number) => t[Math.min(t.length - 1, Math.floor((p / 100) * t.length))] ?? NaN;
  return `p50 ${at(50).toFixed(2)} ms, p99 ${at(99).toFixed(2)} ms, max ${(t.at(-1) ?? NaN).toFixed(2)} ms`;
}

export function benchStoreScale(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipkit-bench-store-'));
  try {
    if (PARTS.has('append')) benchAppend(dir);
    if (PARTS.has('lookup')) benchLookup(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchStoreScale();
