import { describe, expect, it } from 'vitest';
import { columnX, ladderSize, rowY } from '../../../../shared/ladder/ladder-layout';
import { buildLadder } from '../../../../shared/ladder/ladder-model';
import { ladderToSvg } from '../../../../shared/ladder/ladder-svg';
import { callFlow, finding, msg, T0 } from './ladder-fixtures';
import { all, parseSvg, textOf, type SvgNode } from './svg-check';

const FINDINGS = [
  finding('trunk.from-host', 'error', [3], 'From host <pbx.local> is not the trunk name'),
  finding('sdp.ptime', 'warning', [3]),
  finding('info.note', 'info', [6]),
];

function flowWithRetransmission() {
  const flow = callFlow();
  // ids 1…9, then the INVITE again (timer A) and a MESSAGE from our socket to itself.
  return [
    ...flow,
    { ...flow[2]!, id: 10, tsMicros: T0 + 9_000_000 },
    msg({
      id: 11,
      tsMicros: T0 + 9_500_000,
      remote: { address: '127.0.0.1', port: 5070 },
      method: 'MESSAGE',
      callId: 'm',
      branch: 'm1',
    }),
  ];
}

function arrowGroup(root: SvgNode, messageId: number): SvgNode {
  const found = all(root, 'g').find((g) => g.attrs['data-message-id'] === String(messageId));
  if (!found) throw new Error(`no arrow for message ${messageId}`);
  return found;
}

describe('ladderToSvg', () => {
  const model = buildLadder(flowWithRetransmission(), FINDINGS);
  const svg = ladderToSvg(model);
  const root = parseSvg(svg);

  it('is one well-formed standalone SVG element sized like the screen drawing', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(root.name).toBe('svg');
    const { width, height } = ladderSize(model);
    expect(root.attrs.width).toBe(String(width));
    expect(root.attrs.height).toBe(String(height));
    expect(root.attrs.viewBox).toBe(`0 0 ${width} ${height}`);
  });

  it('has a white background, nothing external and no scripts', () => {
    const background = root.children.find((c) => c.name === 'rect')!;
    expect(background.attrs).toMatchObject({
      fill: '#ffffff',
      width: root.attrs.width,
      height: root.attrs.height,
    });
    expect(svg).not.toMatch(/<script|\bon\w+=|href=|<image|<foreignObject|@import/i);
    // The only URLs are the namespace and references to the document's own markers.
    expect(svg.match(/https?:\/\/[^"]*/g)).toEqual(['http://www.w3.org/2000/svg']);
    for (const ref of svg.match(/url\([^)]*\)/g) ?? []) expect(ref).toMatch(/^url\(#[\w-]+\)$/);
  });

  it('draws a header per column with its label and addresses, and a dashed life line', () => {
    const texts = all(root, 'text').map(textOf);
    for (const label of ['127.0.0.1:5070', '127.0.0.2', '127.0.0.1:5060']) expect(texts).toContain(label);
    expect(texts).toContain('SIP Field Kit');
    expect(texts).toContain('127.0.0.2:5060');
    const lifeLines = all(root, 'line').filter((l) => l.attrs['stroke-dasharray'] === '4 4');
    expect(lifeLines.map((l) => Number(l.attrs.x1))).toEqual(model.columns.map((c) => columnX(c.index)));
  });

  it('draws every message as an arrow with an arrowhead from a defined marker, label above the line', () => {
    const markers = new Set(all(root, 'marker').map((m) => m.attrs.id));
    expect(markers.size).toBeGreaterThan(0);
    for (const arrow of model.arrows) {
      const g = arrowGroup(root, arrow.messageId);
      const line = all(g, 'line')[0] ?? all(g, 'path')[0]!;
      const ref = /^url\(#([\w-]+)\)$/.exec(line.attrs['marker-end'] ?? '')?.[1];
      expect(markers.has(ref)).toBe(true);
      const label = all(g, 'text').find((t) => textOf(t).startsWith(arrow.label))!;
      expect(Number(label.attrs.y)).toBeLessThan(rowY(arrow.row));
    }
    const invite = all(arrowGroup(root, 3), 'line')[0]!;
    expect([invite.attrs.x1, invite.attrs.x2]).toEqual([String(columnX(0)), String(columnX(2))]);
    const trying = all(arrowGroup(root, 4), 'line')[0]!;
    expect([trying.attrs.x1, trying.attrs.x2]).toEqual([String(columnX(2)), String(columnX(0))]);
    expect(all(arrowGroup(root, 3), 'text').map(textOf)).toEqual(
      expect.arrayContaining(['+0.012 s', 'INVITE', 'CSeq 1 INVITE · SDP']),
    );
  });

  it('dashes a retransmission and marks it "retr.", and only that one', () => {
    const resent = arrowGroup(root, 10);
    expect(all(resent, 'line')[0]!.attrs['stroke-dasharray']).toBe('5 4');
    expect(all(resent, 'text').map(textOf)).toContain('INVITE retr.');
    const first = arrowGroup(root, 3);
    expect(all(first, 'line')[0]!.attrs['stroke-dasharray']).toBeUndefined();
    expect(textOf(first)).not.toContain('retr.');
  });

  it('draws a message to itself as a small loop on its life line', () => {
    const loop = all(arrowGroup(root, 11), 'path')[0]!;
    expect(loop.attrs.d).toMatch(new RegExp(`^M${columnX(0)} `));
    expect(loop.attrs['marker-end']).toBeDefined();
  });

  it('draws badges as coloured circles, titled with the rule and the finding', () => {
    const badges = (id: number) =>
      all(arrowGroup(root, id), 'g').filter((g) => g.children.some((c) => c.name === 'circle'));
    const onInvite = badges(3);
    expect(onInvite.map((g) => all(g, 'circle')[0]!.attrs.fill)).toEqual(['#dc2626', '#d97706']);
    expect(textOf(all(onInvite[0]!, 'title')[0]!)).toBe(
      'Error: From host <pbx.local> is not the trunk name (trunk.from-host)',
    );
    expect(all(badges(6)[0]!, 'circle')[0]!.attrs.fill).toBe('#2563eb');
    expect(badges(4)).toEqual([]);
  });

  it('escapes every text: labels, reasons, aliases and the title', () => {
    const nasty = [
      msg({ id: 1, method: 'INVITE' }),
      msg({ id: 2, direction: 'in', status: 499, reason: `<T> & "q" 'x' \u0007` }),
    ];
    const doc = ladderToSvg(
      buildLadder(nasty, [finding('a<b', 'error', [2], 'x & y "z"')], {
        aliases: { '127.0.0.1:5060': 'PBX <main> & "co"' },
      }),
      { title: 'Run 7: <script>alert(1)</script> & more' },
    );
    const parsed = parseSvg(doc);
    const texts = all(parsed, 'text').map(textOf);
    // A control byte cannot appear in XML at all: it becomes U+FFFD.
    expect(texts).toContain(`499 <T> & "q" 'x' \ufffd`);
    expect(texts).toContain('PBX <main> & "co"');
    expect(texts).toContain('Run 7: <script>alert(1)</script> & more');
    expect(all(parsed, 'title').map(textOf)).toEqual(
      expect.arrayContaining(['Error: x & y "z" (a<b)', 'Run 7: <script>alert(1)</script> & more']),
    );
    expect(doc).not.toContain('<script');
    expect(doc).toContain('PBX &lt;main&gt; &amp; &quot;co&quot;');
  });

  it('stops at maxRows with a last "… N more messages" row', () => {
    const many = [];
    for (let i = 1; i <= 2_500; i++)
      many.push(msg({ id: i, tsMicros: T0 + i, method: 'OPTIONS', branch: `b${i}` }));
    const big = buildLadder(many, []);
    const cut = parseSvg(ladderToSvg(big));
    expect(all(cut, 'g').filter((g) => g.attrs['data-message-id'] !== undefined)).toHaveLength(2_000);
    expect(all(cut, 'text').map(textOf)).toContain('… 500 more messages');
    expect(Number(cut.attrs.height)).toBeLessThan(ladderSize(big).height);

    const three = parseSvg(ladderToSvg(big, { maxRows: 3 }));
    expect(all(three, 'g').filter((g) => g.attrs['data-message-id'] !== undefined)).toHaveLength(3);
    expect(all(three, 'text').map(textOf)).toContain('… 2,497 more messages');
    const whole = parseSvg(ladderToSvg(buildLadder(many.slice(0, 5), []), { maxRows: 5 }));
    expect(
      all(whole, 'text')
        .map(textOf)
        .some((t) => t.includes('more message')),
    ).toBe(false);
  });

  it('still makes a valid document with no messages, and with a title band', () => {
    const empty = parseSvg(ladderToSvg(buildLadder([], []), { title: 'Nothing' }));
    expect(all(empty, 'text').map(textOf)).toEqual(['Nothing', 'No messages']);
    const titled = parseSvg(ladderToSvg(model, { title: 'Call 1' }));
    expect(Number(titled.attrs.height)).toBeGreaterThan(ladderSize(model).height);
    expect(textOf(titled.children.find((c) => c.name === 'title')!)).toBe('Call 1');
  });
});
