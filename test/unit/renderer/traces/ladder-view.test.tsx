import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FindingView, LadderMessage } from '../../../../shared/ipc/schemas/traces';
import { LADDER_LAYOUT, ladderSize } from '../../../../shared/ladder/ladder-layout';
import { buildLadder } from '../../../../shared/ladder/ladder-model';
import { LADDER_OVERSCAN, LadderView } from '../../../../renderer/src/traces/ladder-view';

const local = { address: '127.0.0.1', port: 5070 };
const pbx = { address: '127.0.0.2', port: 5060 };
const T0 = 1_700_000_000_000_000;

function message(id: number, over: Partial<LadderMessage>): LadderMessage {
  return {
    id,
    tsMicros: T0 + id * 20_000,
    direction: 'out',
    transport: 'udp',
    local,
    remote: pbx,
    parsed: true,
    callId: 'call-1@127.0.0.1',
    cseqSeq: 1,
    cseqMethod: 'INVITE',
    branch: 'z9hG4bK-1',
    hasSdp: false,
    ...over,
  };
}

const CALL: readonly LadderMessage[] = [
  message(1, { method: 'INVITE', hasSdp: true }),
  // The same INVITE again 500 ms later: RFC 3261 §17.1.1.2 timer A retransmission.
  message(2, { method: 'INVITE', hasSdp: true, tsMicros: T0 + 520_000 }),
  message(3, { direction: 'in', status: 100, reason: 'Trying', tsMicros: T0 + 530_000 }),
  message(4, { direction: 'in', status: 200, reason: 'OK', hasSdp: true, tsMicros: T0 + 900_000 }),
  message(5, { method: 'ACK', cseqMethod: 'ACK', branch: 'z9hG4bK-2', tsMicros: T0 + 910_000 }),
];

const FINDINGS: readonly FindingView[] = [
  {
    rule: 'trunk.from-host',
    severity: 'error',
    title: 'From host is not the trunk name',
    explanation: 'x',
    fix: 'y',
    evidence: [{ messageId: 1, callId: 'call-1@127.0.0.1', line: 3 }],
  },
];

const noop = (): void => undefined;
const noKey = (): boolean => false;

function arrowsOf(html: string): { id: string; label: string; retr: string }[] {
  return [
    ...html.matchAll(
      /data-testid="ladder-arrow" data-message-id="(\d+)" data-label="([^"]*)" data-retransmission="(\w+)"/g,
    ),
  ].map((m) => ({ id: m[1] ?? '', label: m[2] ?? '', retr: m[3] ?? '' }));
}

describe('the ladder drawing', () => {
  const model = buildLadder(CALL, FINDINGS);
  const html = renderToStaticMarkup(
    <LadderView model={model} selectedRow={3} onSelectRow={noop} onKey={noKey} />,
  );

  it('draws one arrow per message, labelled, in order', () => {
    expect(arrowsOf(html).map((a) => [a.id, a.label])).toEqual([
      ['1', 'INVITE'],
      ['2', 'INVITE'],
      ['3', '100 Trying'],
      ['4', '200 OK'],
      ['5', 'ACK'],
    ]);
    expect(html).toContain('data-testid="ladder"');
  });

  it('marks the retransmission dashed with "retr."', () => {
    expect(arrowsOf(html).map((a) => a.retr)).toEqual(['false', 'true', 'false', 'false', 'false']);
    const retr = html.slice(html.indexOf('data-message-id="2"'), html.indexOf('data-message-id="3"'));
    expect(retr).toContain('stroke-dasharray="5 4"');
    expect(retr).toContain('retr.');
    const first = html.slice(html.indexOf('data-message-id="1"'), html.indexOf('data-message-id="2"'));
    expect(first).not.toContain('stroke-dasharray');
  });

  it("puts a finding's badge on its arrow, with the title as tooltip", () => {
    const badges = [
      ...html.matchAll(/data-testid="ladder-badge" data-rule="([^"]+)" data-severity="(\w+)"/g),
    ];
    expect(badges.map((b) => [b[1], b[2]])).toEqual([['trunk.from-host', 'error']]);
    const first = html.slice(html.indexOf('data-message-id="1"'), html.indexOf('data-message-id="2"'));
    expect(first).toContain('<title>Error: From host is not the trunk name (trunk.from-host)</title>');
  });

  it('marks the selected arrow and draws a column header per host', () => {
    expect(html).toMatch(/data-message-id="4"[^>]*aria-selected="true"/);
    expect(html.match(/aria-selected="true"/g)).toHaveLength(1);
    expect(html).toContain('127.0.0.1');
    expect(html).toContain('127.0.0.2');
  });
});

describe('a 10,000-message ladder', () => {
  const many: LadderMessage[] = [];
  for (let i = 1; i <= 10_000; i++) {
    many.push(
      message(i, {
        direction: i % 2 ? 'out' : 'in',
        method: i % 2 ? 'OPTIONS' : undefined,
        status: i % 2 ? undefined : 200,
        reason: i % 2 ? undefined : 'OK',
        cseqSeq: Math.ceil(i / 2),
        cseqMethod: 'OPTIONS',
        branch: `z9hG4bK-${Math.ceil(i / 2)}`,
        tsMicros: T0 + i * 1000,
      }),
    );
  }
  const model = buildLadder(many, []);
  const viewport = 600;
  const html = renderToStaticMarkup(
    <LadderView
      model={model}
      selectedRow={undefined}
      onSelectRow={noop}
      onKey={noKey}
      initialViewportHeight={viewport}
    />,
  );

  it('renders only about a viewport of rows', () => {
    const rendered = arrowsOf(html).length;
    const inView = Math.ceil(viewport / LADDER_LAYOUT.rowHeight);
    expect(rendered).toBeGreaterThanOrEqual(
      Math.floor((viewport - LADDER_LAYOUT.headerHeight) / LADDER_LAYOUT.rowHeight),
    );
    expect(rendered).toBeLessThanOrEqual(inView + 2 * LADDER_OVERSCAN + 2);
    expect(arrowsOf(html)[0]?.id).toBe('1');
  });

  it('inside a drawing the full height of all rows, so the scrollbar is true', () => {
    const { height } = ladderSize(model);
    expect(height).toBeGreaterThanOrEqual(10_000 * LADDER_LAYOUT.rowHeight);
    expect(html).toContain(`data-rows="10000"`);
    expect(html).toMatch(
      new RegExp(
        `<svg class="ladder" data-testid="ladder" data-rows="10000" width="\\d+(\\.\\d+)?" height="${height}"`,
      ),
    );
  });
});
