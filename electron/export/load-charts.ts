// Line charts of a load run's per-second data as inline SVG (no script, no external reference),
// for the HTML/PDF report. The data is what the load engine stores in the run's params.seconds.
import { html } from './html-escape';

interface Series {
  readonly name: string;
  readonly colour: string;
  readonly key: string;
}

interface ChartSpec {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
}

const CHARTS: readonly ChartSpec[] = [
  {
    title: 'Calls per second',
    unit: 'calls/s',
    series: [
      { name: 'attempts', colour: '#2563eb', key: 'attempts' },
      { name: 'answered', colour: '#16a34a', key: 'answered' },
      { name: 'failed', colour: '#dc2626', key: 'failed' },
    ],
  },
  {
    title: 'Concurrent calls',
    unit: 'calls',
    series: [
      { name: 'concurrent', colour: '#7c3aed', key: 'concurrent' },
      { name: 'ramp step', colour: '#9ca3af', key: 'step' },
    ],
  },
  {
    title: 'Answer latency',
    unit: 'ms',
    series: [
      { name: 'p50', colour: '#16a34a', key: 'latencyP50Ms' },
      { name: 'p95', colour: '#d97706', key: 'latencyP95Ms' },
      { name: 'p99', colour: '#dc2626', key: 'latencyP99Ms' },
    ],
  },
  {
    title: 'Retransmissions',
    unit: 'per second',
    series: [{ name: 'retransmissions', colour: '#d97706', key: 'retransmissions' }],
  },
];

const W = 640;
const H = 200;
const PAD = { left: 48, right: 12, top: 28, bottom: 28 };

/** One SVG per chart that has data; none when params.seconds is missing or empty. */
export function loadCharts(params: Readonly<Record<string, unknown>> | undefined): string[] {
  const seconds = params?.seconds;
  if (!Array.isArray(seconds) || seconds.length === 0) return [];
  const rows = seconds.filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object');
  const out: string[] = [];
  for (const spec of CHARTS) {
    const svg = chart(spec, rows);
    if (svg) out.push(svg);
  }
  return out;
}

function chart(spec: ChartSpec, rows: readonly Record<string, unknown>[]): string | undefined {
  const xs = rows.map((r, i) => (typeof r.second === 'number' ? r.second : i));
  const lines = spec.series
    .map((s) => ({
      s,
      ys: rows.map((r) => (typeof r[s.key] === 'number' ? (r[s.key] as number) : undefined)),
    }))
    .filter((l) => l.ys.some((y) => y !== undefined));
  if (lines.length === 0) return undefined;
  const xMin = Math.min(...xs);
  const xMax = Math.max(xMin + 1, ...xs);
  const yMax = niceMax(
    Math.max(1, ...lines.flatMap((l) => l.ys.filter((y): y is number => y !== undefined))),
  );
  const px = (x: number): number => PAD.left + ((x - xMin) / (xMax - xMin)) * (W - PAD.left - PAD.right);
  const py = (y: number): number => H - PAD.bottom - (y / yMax) * (H - PAD.top - PAD.bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="11" role="img" aria-label="${html(spec.title)}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="16" font-size="13" font-weight="bold" fill="#111827">${html(spec.title)} (${html(spec.unit)})</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    const y = py(v).toFixed(1);
    parts.push(
      `<line x1="${PAD.left}" y1="${y}" x2="${W - PAD.right}" y2="${y}" stroke="#e5e7eb"/>`,
      `<text x="${PAD.left - 6}" y="${(Number(y) + 4).toFixed(1)}" text-anchor="end" fill="#6b7280">${fmt(v)}</text>`,
    );
  }
  parts.push(
    `<text x="${PAD.left}" y="${H - 8}" fill="#6b7280">${fmt(xMin)} s</text>`,
    `<text x="${W - PAD.right}" y="${H - 8}" text-anchor="end" fill="#6b7280">${fmt(xMax)} s</text>`,
  );
  let legendX = W - PAD.right;
  for (const { s, ys } of [...lines].reverse()) {
    const points = ys
      .map((y, i) => (y === undefined ? undefined : `${px(xs[i]!).toFixed(1)},${py(y).toFixed(1)}`))
      .filter((p): p is string => p !== undefined)
      .join(' ');
    parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="1.8" points="${points}"/>`);
    legendX -= s.name.length * 6.5 + 22;
    parts.push(
      `<rect x="${legendX.toFixed(1)}" y="8" width="10" height="10" fill="${s.colour}"/>`,
      `<text x="${(legendX + 14).toFixed(1)}" y="17" fill="#374151">${html(s.name)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
