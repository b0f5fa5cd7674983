/** A small SVG chart of each setting's warm latencies: every run as a dot, P50, P95 and P99 as marks, on one shared scale. */
import type { BenchResult } from './runner';
import { fmtMs } from './stats';

const W = 640;
const ROW = 26;
const LEFT = 190;
const RIGHT = 16;

export function LatencyChart({ results }: { results: BenchResult[] }) {
  const rows = results.filter((r) => r.stats);
  if (!rows.length) return null;
  const max = Math.max(...rows.map((r) => r.stats!.max)) * 1.05 || 1;
  const x = (ms: number) => LEFT + ((W - LEFT - RIGHT) * ms) / max;
  const h = rows.length * ROW + 28;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <svg className="bench-chart" viewBox={`0 0 ${W} ${h}`} width="100%" role="img" aria-label="Latency distribution per setting (ms)" data-testid="bench-chart">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={4} y2={h - 20} stroke="currentColor" strokeOpacity={0.12} />
          <text x={x(t)} y={h - 6} fontSize={10} textAnchor="middle" fill="currentColor">
            {fmtMs(t)} ms
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y = 8 + i * ROW + ROW / 2;
        const s = r.stats!;
        return (
          <g key={`${r.task}-${r.setting.label}-${i}`} data-testid="chart-row">
            <text x={LEFT - 8} y={y + 4} fontSize={11} textAnchor="end" fill="currentColor">
              {r.setting.label.length > 30 ? `${r.setting.label.slice(0, 29)}…` : r.setting.label}
            </text>
            <line x1={x(s.min)} x2={x(s.max)} y1={y} y2={y} stroke="currentColor" strokeOpacity={0.4} />
            {r.warm.map((v, j) => (
              <circle key={j} cx={x(v)} cy={y + ((j % 5) - 2) * 2} r={1.8} fill="#3b6fd1" fillOpacity={0.45} />
            ))}
            <rect x={x(s.p50)} y={y - 7} width={Math.max(1, x(s.p95) - x(s.p50))} height={14} fill="#3b6fd1" fillOpacity={0.18} stroke="#3b6fd1" />
            <line x1={x(s.p50)} x2={x(s.p50)} y1={y - 9} y2={y + 9} stroke="#1d3f8a" strokeWidth={2.5}>
              <title>P50 {fmtMs(s.p50)} ms</title>
            </line>
            <line x1={x(s.p99)} x2={x(s.p99)} y1={y - 6} y2={y + 6} stroke="#b3261e" strokeWidth={2}>
              <title>P99 {fmtMs(s.p99)} ms</title>
            </line>
          </g>
        );
      })}
    </svg>
  );
}
