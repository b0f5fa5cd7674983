/**
 * The choice "Tune for this device" made per task (backend, WASM threads, dtype), kept in localStorage with the
 * description of the device it was measured on. Settings' Automatic uses it (src/runtime/tasks.ts); it is
 * dropped as soon as the device description changes (another browser version, another adapter, other cores).
 * The measuring itself lives with the benchmark page (src/app/benchmark/tune.ts); the choosing is here, pure.
 */
import type { Backend, Dtype, TaskId } from '../protocol/messages';

export interface Candidate {
  backend: Backend;
  threads: number;
  dtype: Dtype;
}

export interface Measured extends Candidate {
  /** Warm p50 (ms, measured in the worker), or undefined when the candidate failed. */
  p50?: number;
  /** What the output came to (see outputSignature): candidates must agree with the reference. */
  signature?: string;
  error?: string;
}

export interface TunedChoice extends Candidate {
  task: TaskId;
  modelId: string;
  p50: number;
  /** ISO date of the tuning. */
  date: string;
  /** The other candidates that ran, for the "why" line. */
  others: { backend: Backend; threads: number; dtype: Dtype; p50?: number; note?: string }[];
}

export interface TuningRecord {
  deviceKey: string;
  choices: Partial<Record<TaskId, TunedChoice>>;
}

const KEY = 'tuning-v1';

export const settingLabel = (c: Candidate) => (c.backend === 'webgpu' ? 'WebGPU' : `WASM ${c.threads} thread${c.threads > 1 ? 's' : ''}`);

/**
 * A short fingerprint of a task's output, to compare settings: the top label (classifiers), the number of
 * detections (detection), the text (OCR, summaries). Scores and boxes differ in the last digits between
 * backends and dtypes and are not compared.
 */
export function outputSignature(output: unknown): string {
  if (Array.isArray(output)) {
    const first = output[0] as { label?: string } | undefined;
    return first?.label !== undefined ? `label:${first.label}` : `count:${output.length}`;
  }
  const o = output as { detections?: unknown[]; text?: string; summary_text?: string } | undefined;
  if (o && Array.isArray(o.detections)) return `detections:${o.detections.length}`;
  if (o && typeof o.text === 'string') return `text:${o.text}`;
  if (o && typeof o.summary_text === 'string') return `text:${o.summary_text}`;
  return JSON.stringify(output ?? null).slice(0, 200);
}

/**
 * The fastest candidate (lowest warm p50) whose output equals the reference's (the first candidate, today's
 * default setting). Ties go to the earlier candidate (fewer threads, the default dtype).
 */
export function pickFastest(measured: Measured[]): { best?: Measured; rejected: { m: Measured; why: string }[] } {
  const reference = measured.find((m) => m.p50 !== undefined && m.signature !== undefined);
  const rejected: { m: Measured; why: string }[] = [];
  let best: Measured | undefined;
  for (const m of measured) {
    if (m.p50 === undefined) {
      rejected.push({ m, why: m.error ?? 'did not run' });
      continue;
    }
    if (reference && m.signature !== reference.signature) {
      rejected.push({ m, why: 'output differs from the default setting' });
      continue;
    }
    if (!best || m.p50 < best.p50!) best = m;
  }
  return { best, rejected };
}

const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
const dtypeDiffers = (a: Candidate, b: Candidate) => a.dtype !== b.dtype;

/** "WASM 2 threads — tuned on 2026-12-01: p50 31 ms vs 48 ms at 1 thread" */
export function tunedWhy(c: TunedChoice): string {
  const label = `${settingLabel(c)}${c.others.some((o) => dtypeDiffers(o, c)) ? `, ${c.dtype}` : ''}`;
  const ran = c.others.filter((o) => o.p50 !== undefined && !o.note);
  const next = ran.sort((a, b) => a.p50! - b.p50!)[0];
  const vs = next
    ? ` vs ${ms(next.p50!)} ${next.backend === 'webgpu' ? 'on WebGPU' : `at ${next.threads} thread${next.threads > 1 ? 's' : ''}`}${dtypeDiffers(next, c) ? ` (${next.dtype})` : ''}`
    : '';
  return `${label} — tuned on ${c.date.slice(0, 10)}: p50 ${ms(c.p50)}${vs}`;
}

function read(storage: Pick<Storage, 'getItem'>): TuningRecord | undefined {
  try {
    const r = JSON.parse(storage.getItem(KEY) ?? 'null') as TuningRecord | null;
    return r && typeof r.deviceKey === 'string' && r.choices ? r : undefined;
  } catch {
    return undefined;
  }
}

const local = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

/** The stored tuning if it was made on this device (`deviceKey`); a tuning made on another device is removed. */
export function loadTuning(deviceKey: string, storage: Pick<Storage, 'getItem' | 'removeItem'> | undefined = local()): TuningRecord | undefined {
  if (!storage) return undefined;
  const r = read(storage);
  if (r && r.deviceKey !== deviceKey) {
    storage.removeItem(KEY);
    notify();
    return undefined;
  }
  return r;
}

export function saveTuning(record: TuningRecord, storage: Pick<Storage, 'setItem'> | undefined = local()) {
  storage?.setItem(KEY, JSON.stringify(record));
  notify();
}

export function clearTuning(storage: Pick<Storage, 'removeItem'> | undefined = local()) {
  storage?.removeItem(KEY);
  notify();
}

/** The tuned choice for this task and model on this device, or undefined. */
export function tunedChoice(task: TaskId, modelId: string, deviceKey: string, storage?: Pick<Storage, 'getItem' | 'removeItem'>): TunedChoice | undefined {
  const c = loadTuning(deviceKey, storage)?.choices[task];
  return c && c.modelId === modelId ? c : undefined;
}

const listeners = new Set<() => void>();
function notify() {
  listeners.forEach((l) => l());
}
export const onTuningChanged = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
