// The live charts of a load run (recharts), drawn from the per-second rows the back end pushes a
// few times a second (nothing here is per packet). Counts per second are bars and levels are steps:
// a smoothed curve would invent values between seconds (a 0 → 300 → 0 hump that never happened).
// The ramp step has its own axis, and p50/p95/p99 are colours no one confuses.
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
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

const FAILURE_COLOURS = ['#c62828', '#9a6700', '#6a1b9a', '#00695c', '#37474f', '#ad1457', '#4e342e'];
/** Blue, orange, red: apart in hue and lightness, also for colour-blind eyes. */
const LATENCY_COLOURS = { p50: '#1f5fcc', p95: '#e08600', p99: '#b71c1c' } as const;

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
  const peakUp = seconds.reduce((peak, s) => Math.max(peak, s.concurrent), 0);
  const ramped = seconds.some((s) => s.step !== undefined);
  const x = <XAxis dataKey="second" unit=" s" />;
  const grid = <CartesianGrid strokeDasharray="3 3" />;
  return (
    <div className="load-charts" data-testid="load-charts">
      <Chart title="Calls per second: attempted, answered, failed" testId="chart-cps">
        <BarChart data={rows} barGap={0}>
          {grid}
          {x}
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="attempts" fill="#1f5fcc" isAnimationActive={false} />
          <Bar dataKey="answered" fill="#1a7f37" isAnimationActive={false} />
          <Bar dataKey="failed" fill="#c62828" isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart title={`Calls up at once (peak ${peakUp})`} testId="chart-concurrent" peak={peakUp}>
        <ComposedChart data={rows}>
          {grid}
          {x}
          <YAxis yAxisId="up" allowDecimals={false} />
          {ramped && <YAxis yAxisId="step" orientation="right" stroke="#888" allowDecimals={false} />}
          <Tooltip />
          <Legend />
          <Bar
            yAxisId="up"
            dataKey="concurrent"
            name="up (peak of the second)"
            fill="#6a1b9a"
            isAnimationActive={false}
          />
          {ramped && (
            <Line
              yAxisId="step"
              type="stepAfter"
              dataKey="step"
              name="ramp step (right axis)"
              stroke="#888"
              strokeDasharray="4 3"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          )}
        </ComposedChart>
      </Chart>
      <Chart title="Answer latency per second (ms)" testId="chart-latency">
        <LineChart data={rows}>
          {grid}
          {x}
          <YAxis />
          <Tooltip />
          <Legend />
          {(['p50', 'p95', 'p99'] as const).map((key) => (
            <Line
              key={key}
              type="stepAfter"
              dataKey={key}
              stroke={LATENCY_COLOURS[key]}
              strokeWidth={key === 'p50' ? 2 : 1.5}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </Chart>
      <Chart title="Failures per second by status code" testId="chart-failures">
        <BarChart data={rows}>
          {grid}
          {x}
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {codes.map((c, i) => (
            <Bar
              key={c}
              dataKey={`code ${c}`}
              stackId="f"
              fill={FAILURE_COLOURS[i % FAILURE_COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </Chart>
    </div>
  );
}

function Chart({
  title,
  testId,
  peak,
  children,
}: {
  readonly title: string;
  readonly testId: string;
  readonly peak?: number;
  readonly children: React.ReactElement;
}) {
  return (
    <figure className="load-chart" data-testid={testId} data-peak={peak}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
