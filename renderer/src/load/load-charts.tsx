// The live charts of a load run (recharts): calls per second attempted vs answered, concurrent
// calls, failures by status code, and answer latency percentiles. They draw the per-second rows
// the back end pushes a few times a second; nothing here is per packet.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LoadStatus } from '../../../shared/ipc/schemas/load';

type Second = LoadStatus['seconds'][number];

const COLOURS = ['#c62828', '#9a6700', '#6a1b9a', '#00695c', '#37474f', '#ad1457', '#4e342e'];

export function LoadCharts({ seconds }: { readonly seconds: readonly Second[] }) {
  const codes = [...new Set(seconds.flatMap((s) => Object.keys(s.failedByStatus)))].sort();
  const rows = seconds.map((s) => ({
    second: s.second,
    attempts: s.attempts,
    answered: s.answered,
    failed: s.failed,
    concurrent: s.concurrent,
    step: s.step,
    p50: s.latencyP50Ms,
    p95: s.latencyP95Ms,
    p99: s.latencyP99Ms,
    ...Object.fromEntries(codes.map((c) => [`code ${c}`, s.failedByStatus[c] ?? 0])),
  }));
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" />,
    <XAxis key="x" dataKey="second" unit=" s" />,
    <YAxis key="y" allowDecimals={false} />,
    <Tooltip key="tip" />,
    <Legend key="legend" />,
  ];
  const lines = (spec: readonly LineSpec[]) =>
    spec.map((l) => (
      <Line
        key={l.key}
        type={l.step ? 'stepAfter' : 'monotone'}
        dataKey={l.key}
        name={l.name ?? l.key}
        stroke={l.colour}
        dot={false}
        isAnimationActive={false}
        connectNulls
      />
    ));
  return (
    <div className="load-charts" data-testid="load-charts">
      {LINE_CHARTS.map((c) => (
        <Chart key={c.testId} title={c.title} testId={c.testId}>
          <LineChart data={rows}>
            {axes}
            {lines(c.lines)}
          </LineChart>
        </Chart>
      ))}
      <Chart title="Failures by status code" testId="chart-failures">
        <BarChart data={rows}>
          {axes}
          {codes.map((c, i) => (
            <Bar
              key={c}
              dataKey={`code ${c}`}
              stackId="f"
              fill={COLOURS[i % COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </Chart>
    </div>
  );
}

interface LineSpec {
  readonly key: string;
  readonly name?: string;
  readonly colour: string;
  /** Drawn as steps: a count that holds until it changes. */
  readonly step?: boolean;
}

const LINE_CHARTS: ReadonlyArray<{ title: string; testId: string; lines: readonly LineSpec[] }> = [
  {
    title: 'Calls per second: attempted vs answered',
    testId: 'chart-cps',
    lines: [
      { key: 'attempts', colour: '#1f5fcc' },
      { key: 'answered', colour: '#1a7f37' },
      { key: 'failed', colour: '#c62828' },
    ],
  },
  {
    title: 'Concurrent calls',
    testId: 'chart-concurrent',
    lines: [
      { key: 'concurrent', colour: '#6a1b9a', step: true },
      { key: 'step', name: 'ramp step', colour: '#888', step: true },
    ],
  },
  {
    title: 'Answer latency (ms)',
    testId: 'chart-latency',
    lines: [
      { key: 'p50', colour: '#1a7f37' },
      { key: 'p95', colour: '#9a6700' },
      { key: 'p99', colour: '#c62828' },
    ],
  },
];

function Chart({ title, testId, children }: { title: string; testId: string; children: React.ReactElement }) {
  return (
    <figure className="load-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
