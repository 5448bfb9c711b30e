import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../../shared/ipc/schemas/traces';
import { CallsTable } from '../../../../renderer/src/traces/calls-table';

const call = (callId: string, over: Partial<CallSummary> = {}): CallSummary => ({
  callId,
  firstTsMicros: 1_700_000_000_000_000,
  lastTsMicros: 1_700_000_012_400_000,
  method: 'INVITE',
  from: '"Field Kit" <sip:2035550100@trunk.example.com>;tag=1',
  to: '<sip:15551230000@trunk.example.com>',
  status: 200,
  messageCount: 9,
  errors: 0,
  warnings: 0,
  ...over,
});

const noop = (): void => undefined;

describe('the call list', () => {
  const html = renderToStaticMarkup(
    <CallsTable
      calls={[
        call('a@h'),
        call('b@h', { status: 486, errors: 2, warnings: 1 }),
        call('c@h', { status: undefined }),
      ]}
      selected={new Set(['b@h'])}
      cursor="b@h"
      hasMore={true}
      colours={new Map([['b@h', 1]])}
      onClick={noop}
      onStep={noop}
      onEnter={noop}
      onNearEnd={noop}
    />,
  );

  it('has one row per call with its Call-ID and method, the selected one marked', () => {
    const rows = [
      ...html.matchAll(
        /<tr data-testid="call-list-row" data-call-id="([^"]+)" data-method="(\w+)" aria-selected="(\w+)"/g,
      ),
    ];
    expect(rows.map((r) => [r[1], r[2], r[3]])).toEqual([
      ['a@h', 'INVITE', 'false'],
      ['b@h', 'INVITE', 'true'],
      ['c@h', 'INVITE', 'false'],
    ]);
  });

  it('shows status, duration, message count and finding counts', () => {
    expect(html).toContain('status failed">486');
    expect(html).toContain('12.4 s');
    expect(html).toContain('2 err');
    expect(html).toContain('1 warn');
    expect(html).toContain('2035550100@trunk.example.com');
    expect(html).toContain('status pending">…');
  });

  it('marks a selected call with its colour in the ladder', () => {
    expect(html.match(/call-dot call-c1/g)).toHaveLength(1);
    expect(html.match(/call-dot none/g)).toHaveLength(2);
  });

  it('says more calls load on scroll', () => {
    expect(html).toContain('Scroll for more calls');
  });
});
