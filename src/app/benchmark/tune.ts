/**
 * "Tune for this device": a short benchmark of each ready task's default model at every setting this device has
 * (WASM at each thread count, each dtype; WebGPU on a real adapter), about 20 s of warm runs in all; the fastest
 * setting whose output equals the default setting's is stored per task (src/runtime/tuning.ts) with the device's
 * description. Software WebGPU adapters are skipped (correct, but seconds per run).
 */
import { defaultModelId, findModel, reachable } from '../../model-store/catalog';
import type { ModelEntry } from '../../model-store/catalog-types';
import type { TaskId } from '../../protocol/messages';
import { deviceKey, type DeviceDescription } from '../../runtime/device';
import { pageStore } from '../../runtime/page-store';
import { restartWorkers } from '../../runtime/tasks';
import { loadTuning, pickFastest, saveTuning, type Measured, type TunedChoice } from '../../runtime/tuning';
import { FEATURES } from '../../features/registry';
import { benchmarkSetting, type BenchResult } from './runner';
import { sampleInput } from './samples';
import { benchSettings, type BenchSetting } from './settings';

/** Milliseconds of warm runs in all (model loads come on top). */
export const TUNE_BUDGET_MS = 20_000;
/**
 * The most a setting other than the default may take, model load included (or twice what the default took, if more):
 * a setting that slow is not the fastest. Bounds tuning on a slow or busy device.
 */
export const TUNE_SETTING_LIMIT_MS = 30_000;

/**
 * Whether the model can run without a download from the Hub: served by this build, or already stored on this
 * device for `dtype` (tuning and the benchmark's defaults never start a large download by themselves).
 */
export async function isReady(entry: ModelEntry, dtype = entry.backends.wasm.dtype): Promise<boolean> {
  if (!reachable(entry)) return false;
  if (entry.source === 'self-hosted') return true;
  try {
    return (await pageStore().missingFiles(entry, dtype)).length === 0;
  } catch {
    return false;
  }
}

export interface TuneTaskOutcome {
  task: TaskId;
  modelId: string;
  choice?: TunedChoice;
  results: BenchResult[];
  skipped?: string;
}

export async function runTuning(opts: {
  device: DeviceDescription;
  signal: AbortSignal;
  onProgress?: (text: string, fraction: number) => void;
  budgetMs?: number;
  now?: () => Date;
}): Promise<TuneTaskOutcome[]> {
  const { device, signal, onProgress, budgetMs = TUNE_BUDGET_MS } = opts;
  const plan: { task: TaskId; entry: ModelEntry; candidates: BenchSetting[]; skipped?: string }[] = [];
  for (const f of FEATURES) {
    const entry = findModel(defaultModelId(f.task))!;
    if (!(await isReady(entry))) {
      plan.push({ task: f.task, entry, candidates: [], skipped: 'its model is not on this device yet: run the task once, then tune' });
      continue;
    }
    const all = benchSettings(entry, device).filter((s) => !s.unavailable && !s.software);
    const candidates: BenchSetting[] = [];
    for (const s of all) if (entry.source === 'self-hosted' || (await isReady(entry, s.dtype))) candidates.push(s);
    plan.push({ task: f.task, entry, candidates });
  }
  const runnable = plan.filter((p) => !p.skipped);
  const total = runnable.reduce((n, p) => n + p.candidates.length, 0);
  const perCandidate = total ? budgetMs / total : 0;
  const out: TuneTaskOutcome[] = [];
  let done = 0;
  const date = (opts.now?.() ?? new Date()).toISOString();
  for (const p of plan) {
    if (p.skipped) {
      out.push({ task: p.task, modelId: p.entry.id, results: [], skipped: p.skipped });
      continue;
    }
    const { input, options } = await sampleInput(p.task);
    const results: BenchResult[] = [];
    // The first candidate (today's default setting) is the reference: it always runs to the end (the watchdog still
    // ends a hung worker); each other one may take twice as long as it did, and at least TUNE_SETTING_LIMIT_MS.
    let referenceMs: number | undefined;
    for (const setting of p.candidates) {
      onProgress?.(`${p.entry.title}: ${setting.label}`, done / total);
      const t0 = performance.now();
      const hardLimitMs = referenceMs === undefined ? undefined : Math.max(TUNE_SETTING_LIMIT_MS, 2 * referenceMs);
      const r = await benchmarkSetting({
        task: p.task,
        modelId: p.entry.id,
        setting,
        input,
        options,
        warmRuns: 20,
        budgetMs: perCandidate,
        minWarm: 2,
        hardLimitMs,
        signal,
      });
      if (referenceMs === undefined && !r.error) referenceMs = performance.now() - t0;
      if (signal.aborted) throw new Error('cancelled');
      results.push(r);
      done++;
    }
    const measured: Measured[] = results.map((r) => ({
      backend: r.setting.backend,
      threads: r.setting.threads,
      dtype: r.setting.dtype,
      p50: r.stats?.p50,
      signature: r.signature,
      error: r.error,
    }));
    const { best, rejected } = pickFastest(measured);
    const choice: TunedChoice | undefined = best && {
      task: p.task,
      modelId: p.entry.id,
      backend: best.backend,
      threads: best.threads,
      dtype: best.dtype,
      p50: best.p50!,
      date,
      others: measured
        .filter((m) => m !== best)
        .map((m) => ({ backend: m.backend, threads: m.threads, dtype: m.dtype, p50: m.p50, note: rejected.find((x) => x.m === m)?.why })),
    };
    out.push({ task: p.task, modelId: p.entry.id, choice, results, ...(choice ? {} : { skipped: 'no setting ran' }) });
  }
  onProgress?.('Done', 1);
  const key = deviceKey(device);
  const choices = { ...(loadTuning(key)?.choices ?? {}) };
  for (const o of out) if (o.choice) choices[o.task] = o.choice;
  saveTuning({ deviceKey: key, choices });
  restartWorkers(); // the task workers read their thread count when they start
  return out;
}
