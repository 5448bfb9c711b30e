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
  return (
    <div className="load-charts" data-testid="load-charts">
      <Chart title="Calls per second: attempted vs answered" testId="chart-cps">
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="second" unit=" s" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Line type="monotone" dataKey="attempts" stroke="#1f5fcc" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="answered" stroke="#1a7f37" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="failed" stroke="#c62828" dot={false} isAnimationActive={false} />
        </LineChart>
      </Chart>
      <Chart title="Concurrent calls" testId="chart-concurrent">
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="second" unit=" s" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Line
            type="stepAfter"
            dataKey="concurrent"
            stroke="#6a1b9a"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="step"
            name="ramp step"
            stroke="#888"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </Chart>
      <Chart title="Failures by status code" testId="chart-failures">
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="second" unit=" s" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
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
      <Chart title="Answer latency (ms)" testId="chart-latency">
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="second" unit=" s" />
          <YAxis />
          <Tooltip />
          <Legend />
          <Line
            type="monotone"
            dataKey="p50"
            stroke="#1a7f37"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          <Line
            type="monotone"
            dataKey="p95"
            stroke="#9a6700"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          <Line
            type="monotone"
            dataKey="p99"
            stroke="#c62828"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </Chart>
    </div>
  );
}

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
