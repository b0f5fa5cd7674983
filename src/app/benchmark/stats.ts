/** Latency statistics of warm runs, as `npm run bench` reports them (bench/lib/stats.mjs): nearest-rank percentiles. Pure. */

/** Nearest-rank percentile (p in 0..100) of a list of numbers; undefined for none. */
export function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  /** Runs per second at the mean latency (1000 / mean). */
  runsPerSec: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function summarize(samples: number[]): LatencyStats | undefined {
  if (!samples.length) return undefined;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    n: samples.length,
    p50: r2(percentile(samples, 50)!),
    p95: r2(percentile(samples, 95)!),
    p99: r2(percentile(samples, 99)!),
    mean: r2(mean),
    min: r2(Math.min(...samples)),
    max: r2(Math.max(...samples)),
    runsPerSec: mean > 0 ? r2(1000 / mean) : 0,
  };
}

/** A latency for a table cell: one decimal under 10 ms, whole milliseconds above. */
export const fmtMs = (x: number | undefined) => (x === undefined ? '—' : x < 10 ? x.toFixed(1) : String(Math.round(x)));
