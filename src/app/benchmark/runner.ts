/**
 * One benchmark measurement: a model on one setting (backend, WASM threads, dtype) in a worker of its own
 * (ONNX Runtime fixes its thread count when a worker starts), terminated afterwards — and at once on Cancel,
 * which stops whatever the worker was computing. The model loads and runs once (load time, first run), then
 * runs `warmRuns` times; each run's time is measured in the worker around the model call (pre- and
 * post-processing included, decoding the input excluded: `ItemResult.ms`), the same measure as `npm run bench`.
 * The page also records the time between results as it sees them (`pageMs`: message latency and decoding
 * included), kept in the exports, not shown.
 */
import { AppError } from '../../protocol/errors';
import type { TaskId, TaskInput } from '../../protocol/messages';
import { runtimeBaseUrl } from '../../runtime/page-store';
import { TaskWorker } from '../../runtime/task-client';
import { spawnInferenceWorker } from '../../runtime/tasks';
import { outputSignature } from '../../runtime/tuning';
import { settings } from '../../runtime/settings';
import type { BenchSetting } from './settings';
import { summarize, type LatencyStats } from './stats';

export interface BenchResult {
  task: TaskId;
  modelId: string;
  setting: BenchSetting;
  /** ms creating the session(s) (the worker's `loadMs`). */
  loadMs?: number;
  firstMs?: number;
  /** Warm runs, ms measured in the worker. */
  warm: number[];
  /** Warm runs as the page saw them (time between results), ms. */
  pageMs: number[];
  stats?: LatencyStats;
  /** The output, in short (top label, detection count, text): settings should agree. */
  signature?: string;
  error?: string;
  /** Stopped by Cancel: the runs measured until then. */
  cancelled?: boolean;
}

/** Where the measurement is: `done` of `total` runs (the first run counts as one). */
export type BenchProgress = { phase: 'load' | 'run'; done: number; total: number };

const appUrl = (path: string) => new URL(`${import.meta.env.BASE_URL}${path}`, location.origin).href;

export async function benchmarkSetting(opts: {
  task: TaskId;
  modelId: string;
  setting: BenchSetting;
  input: TaskInput;
  options?: Record<string, unknown>;
  warmRuns: number;
  /** Tuning: stop the warm runs after this many ms once `minWarm` of them ran. */
  budgetMs?: number;
  minWarm?: number;
  /** Tuning: the most ms this setting may take in all (model load included); the worker is then terminated. */
  hardLimitMs?: number;
  signal: AbortSignal;
  onProgress?: (p: BenchProgress) => void;
}): Promise<BenchResult> {
  const { task, modelId, setting, input, options, warmRuns, signal, onProgress, budgetMs, minWarm = 3, hardLimitMs } = opts;
  const result: BenchResult = { task, modelId, setting, warm: [], pageMs: [] };
  if (setting.unavailable) return { ...result, error: `not available: ${setting.unavailable}` };
  const s = settings.get();
  const worker = new TaskWorker(
    task,
    () => spawnInferenceWorker(`benchmark-${task}-${setting.backend}-${setting.threads}t-${setting.dtype}`),
    async () => ({ ortBaseUrl: runtimeBaseUrl(), localModelUrl: appUrl('models/'), hubHost: s.allowHub ? s.hubHost : null, numThreads: setting.threads }),
  );
  const stop = () => worker.terminate(); // rejects the pending run as cancelled, and stops the computation
  signal.addEventListener('abort', stop, { once: true });
  let overtime = false;
  const limit =
    hardLimitMs === undefined
      ? undefined
      : setTimeout(() => {
          overtime = true;
          worker.terminate();
        }, hardLimitMs);
  try {
    if (signal.aborted) return { ...result, cancelled: true, error: 'cancelled' };
    const total = warmRuns + 1;
    onProgress?.({ phase: 'load', done: 0, total });
    const req = { modelId, backend: setting.backend, dtype: setting.dtype, options };
    const first = await worker.run({ ...req, inputs: [input] }, { onProgress: (p) => p.stage === 'load' && onProgress?.({ phase: 'load', done: 0, total }) })
      .promise;
    const item = first.items[0];
    if (!item || item.error || item.ms === undefined) throw new AppError('model', item?.error?.message ?? 'The first run gave no result.');
    if (first.info.backend !== setting.backend) throw new AppError('backend', `ran on ${first.info.backend} instead of ${setting.backend}`);
    result.loadMs = first.info.loadMs;
    result.firstMs = item.ms;
    result.signature = outputSignature(item.output);
    onProgress?.({ phase: 'run', done: 1, total });
    if (warmRuns > 0) {
      const start = performance.now();
      let mark = start;
      let enough = false;
      const warmRun = worker.run(
        { ...req, inputs: Array.from({ length: warmRuns }, () => input) },
        {
          onPartial: (index, it) => {
            const now = performance.now();
            result.pageMs.push(Math.round((now - mark) * 100) / 100);
            mark = now;
            if (it.ms !== undefined && !it.error) result.warm.push(it.ms);
            onProgress?.({ phase: 'run', done: index + 2, total });
            if (budgetMs !== undefined && result.warm.length >= minWarm && now - start > budgetMs && !enough) {
              enough = true;
              warmRun.cancel();
            }
          },
        },
      );
      try {
        const warm = await warmRun.promise;
        const failed = warm.items.find((i) => i.error);
        if (failed) throw new AppError('model', failed.error!.message);
      } catch (err) {
        if (!enough || signal.aborted) throw err; // stopped on budget: the runs so far count
      }
    }
    result.stats = summarize(result.warm);
    return result;
  } catch (err) {
    // Cancelled: what was measured so far (the caller stops after this setting).
    if (signal.aborted) return { ...result, cancelled: true, stats: summarize(result.warm), ...(result.firstMs === undefined ? { error: 'cancelled' } : {}) };
    if (overtime) {
      const stats = summarize(result.warm);
      return result.warm.length >= minWarm ? { ...result, stats } : { ...result, error: `too slow: stopped after ${Math.round(hardLimitMs! / 1000)} s` };
    }
    return { ...result, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(limit);
    signal.removeEventListener('abort', stop);
    worker.terminate();
  }
}
