/** Small numeric helpers for the benchmark (no dependencies). */

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Summary of warm samples: n, p50, p95, mean, min, max (ms, rounded to 0.01). */
export function summarize(samples) {
  const r = (x) => (x == null ? null : Math.round(x * 100) / 100);
  if (!samples.length) return { n: 0, p50: null, p95: null, mean: null, min: null, max: null };
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    n: samples.length,
    p50: r(percentile(samples, 50)),
    p95: r(percentile(samples, 95)),
    mean: r(mean),
    min: r(Math.min(...samples)),
    max: r(Math.max(...samples)),
  };
}

export const round = (x, digits = 1) => (x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Runs a promise with a time limit; rejects with a clear message when it is exceeded. */
export function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Median (the mean of the two middle values for an even count); NaN for no values. */
export function median(values) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A number for a table cell with `digits` decimals, '—' for none. */
export const fmt = (x, digits = 1) => (x == null ? '—' : round(x, digits).toFixed(digits));

/**
 * Times `session.run(feeds)` on an onnxruntime session (web or node): the first run, `warmup` discarded runs,
 * then `runs` timed runs (ms); also the first output's data of the first run and its argmax. Self-contained:
 * the browser model-only worker (lib/browser.mjs) embeds its source, so both sides measure the same way.
 */
export async function timeSessionRuns(session, feeds, runs, warmup = 0) {
  let t0 = performance.now();
  const out = await session.run(feeds);
  const firstMs = performance.now() - t0;
  const output = out[session.outputNames[0]].data;
  let argmax = 0;
  for (let i = 1; i < output.length; i++) if (output[i] > output[argmax]) argmax = i;
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const warm = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    await session.run(feeds);
    warm.push(performance.now() - t0);
  }
  return { firstMs, warm, argmax, output };
}
