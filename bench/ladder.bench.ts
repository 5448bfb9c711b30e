// `npx tsx bench/ladder.bench.ts`: the ladder model and its writers at the Traces screen's limit
// (20,000 messages, MAX_LADDER_MESSAGES) and at twice that, to show the cost grows linearly.
// Numbers, not assertions.
import { performance } from 'node:perf_hooks';
import type { LadderMessage } from '../shared/ipc/schemas/traces';
import { ladderToAscii } from '../shared/ladder/ladder-ascii';
import { buildLadder } from '../shared/ladder/ladder-model';
import { ladderToSvg } from '../shared/ladder/ladder-svg';

function messages(count: number): LadderMessage[] {
  const out: LadderMessage[] = [];
  for (let i = 0; i < count; i++) {
    const t = Math.floor(i / 2);
    out.push({
      id: i + 1,
      tsMicros: 1_700_000_000_000_000 + i * 1000,
      direction: i % 2 ? 'in' : 'out',
      transport: 'udp',
      local: { address: '127.0.0.1', port: 5070 + (t % 4) },
      remote: { address: `127.0.0.${2 + (t % 3)}`, port: 5060 },
      parsed: true,
      callId: `call-${t % 2000}`,
      cseqSeq: t,
      cseqMethod: 'INVITE',
      ...(i % 2 ? { status: 200, reason: 'OK' } : { method: 'INVITE' }),
      branch: `z9hG4bK-${t}`,
      hasSdp: true,
    });
  }
  return out;
}

/** The median of five runs: the machine is shared, single runs jump around. */
function time<T>(label: string, fn: () => T): T {
  const runs: number[] = [];
  let result = fn();
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    result = fn();
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} ${runs[2]!.toFixed(1).padStart(8)} ms (median of 5)`);
  return result;
}

for (const count of [20_000, 40_000]) {
  const input = messages(count);
  const findings = [
    {
      rule: 'r',
      severity: 'error' as const,
      title: 't',
      explanation: '',
      fix: '',
      evidence: input.map((m) => ({ messageId: m.id })),
    },
  ];
  const model = time(`buildLadder ${count.toLocaleString('en')} msgs`, () => buildLadder(input, findings));
  time(`ladderToSvg ${count.toLocaleString('en')} (2,000 rows)`, () => ladderToSvg(model));
  time(`ladderToAscii ${count.toLocaleString('en')} (all rows)`, () =>
    ladderToAscii(model, { maxRows: Infinity }),
  );
}
