/**
 * Runs tasks for the UI: picks the backend, talks to the task's worker, and falls back from WebGPU to
 * WASM transparently (restarting the worker, whose ONNX Runtime is unusable after a WebGPU failure).
 * A run whose worker stopped making progress (the client's watchdog restarted it) is tried once more in
 * the fresh worker, and says so (a 'retry' progress message, `info.retried`).
 */
import { findModel } from '../model-store/catalog';
import { AppError } from '../protocol/errors';
import type { Dtype, TaskId, TaskInput, TaskOptions, WorkerConfig } from '../protocol/messages';
import { settings } from './settings';
import { chooseBackend, chooseThreads, type ThreadProfile } from './backend';
import { getCapabilities } from './capabilities';
import { thisDeviceKey } from './device';
import { notifyStoreChanged, runtimeBaseUrl } from './page-store';
import { TaskWorker, type RunHandlers, type RunOutcome } from './task-client';
import { loadTuning, tunedChoice, tunedWhy } from './tuning';

/** Each task's worker client, made on first use. */
const workers: { [T in TaskId]?: TaskWorker<T> } = {};
/** Set when WebGPU failed at run time; `auto` then stays on WASM for this session. */
let webgpuFailure: string | undefined;

const appUrl = (path: string) => new URL(`${import.meta.env.BASE_URL}${path}`, location.origin).href;

/** OCR runs the recogniser once per text line: measured faster with every core (see chooseThreads). */
export const threadProfile = (task: TaskId): ThreadProfile => (task === 'ocr' ? 'throughput' : 'latency');

async function workerConfig(task: TaskId): Promise<WorkerConfig> {
  const s = settings.get();
  const caps = await getCapabilities();
  return {
    ortBaseUrl: runtimeBaseUrl(),
    localModelUrl: appUrl('models/'),
    hubHost: s.allowHub && !s.strictLocal ? s.hubHost : null,
    numThreads: chooseThreads(caps, s.threads === 'auto' ? await tunedThreads(task) : s.threads, threadProfile(task)),
  };
}

/** Tuning (src/runtime/tuning.ts): the thread count tuned for the task on this device, when Settings say Automatic. */
async function tunedThreads(task: TaskId): Promise<number | undefined> {
  return loadTuning(await thisDeviceKey())?.choices[task]?.threads;
}

/** A module worker running workers/inference.worker.ts (the task workers, the benchmark's workers). */
export const spawnInferenceWorker = (name: string) => new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), { type: 'module', name });

export const taskWorker = <T extends TaskId>(task: T): TaskWorker<T> => cached(task, workers);

/** `cache`'s client for `task` (typed over `T`, so that TypeScript sees the entry belongs to that task). */
function cached<T extends TaskId>(task: T, cache: { [K in T]?: TaskWorker<K> }): TaskWorker<T> {
  const w =
    cache[task] ??
    new TaskWorker(
      task,
      () => spawnInferenceWorker(task),
      () => workerConfig(task),
    );
  cache[task] = w;
  return w;
}

/** Settings that the worker reads at start-up changed: start fresh workers next time. */
export function restartWorkers() {
  for (const w of Object.values(workers)) w.terminate();
}

export interface TaskRun<T extends TaskId = TaskId> {
  promise: Promise<RunOutcome<T>>;
  cancel: () => void;
}

/**
 * `transfer`: objects moved to the worker with the request (camera frames). They cannot be sent twice, so a
 * WebGPU failure on such a request is not retried on WASM here (the next request runs on WASM).
 */
export function runTask<T extends TaskId>(
  task: T,
  modelId: string,
  inputs: TaskInput[],
  handlers: RunHandlers<T> = {},
  options?: TaskOptions<T>,
  transfer?: Transferable[],
  /** Diagnostics and `npm run bench`: run with this dtype (one the model has weights for) on whichever backend is chosen. */
  overrides?: { dtype?: Dtype },
): TaskRun<T> {
  const entry = findModel(modelId);
  let cancelCurrent: () => void = () => {};
  let cancelled = false;
  const promise = (async () => {
    if (!entry) throw new AppError('model', `Unknown model “${modelId}”.`);
    const caps = await getCapabilities();
    if (cancelled) throw new AppError('cancelled', 'Cancelled.');
    const s = settings.get();
    // Automatic with a choice tuned for this device and model (Tune for this device): its backend and dtype.
    const tuned = s.backend === 'auto' && s.threads === 'auto' ? tunedChoice(task, modelId, await thisDeviceKey()) : undefined;
    const usable = tuned && !(tuned.backend === 'webgpu' && (webgpuFailure || !caps.webgpu.available)) ? tuned : undefined;
    const choice = usable ? { backend: usable.backend, dtype: usable.dtype, why: tunedWhy(usable) } : chooseBackend(s.backend, caps, entry, webgpuFailure);
    const tunedInfo = usable ? { tuned: tunedWhy(usable) } : {};
    const w = taskWorker(task);
    /** One try; a stalled worker (restarted by the watchdog) gets one more, unless the inputs were transferred. */
    const attempt = async (backend: typeof choice.backend): Promise<RunOutcome<T>> => {
      // The tuned dtype goes with the tuned backend only (a fallback to WASM takes WASM's own dtype).
      const dtype = overrides?.dtype ? { dtype: overrides.dtype } : usable && backend === usable.backend ? { dtype: usable.dtype } : {};
      const first = w.run({ modelId, backend, inputs, options, ...dtype }, handlers, transfer);
      cancelCurrent = first.cancel;
      try {
        return await first.promise;
      } catch (err) {
        if (cancelled || !(err instanceof AppError) || err.code !== 'stalled' || transfer?.length) throw err;
        const reason = err.detail ?? err.message;
        handlers.onProgress?.({ stage: 'retry', reason });
        const again = w.run({ modelId, backend, inputs, options, ...dtype }, handlers);
        cancelCurrent = again.cancel;
        const out = await again.promise;
        return { ...out, info: { ...out.info, retried: { reason } } };
      }
    };
    try {
      const out = await attempt(choice.backend);
      return { ...out, info: { ...out.info, ...tunedInfo } };
    } catch (err) {
      if (cancelled || !(err instanceof AppError) || err.code !== 'backend' || choice.backend !== 'webgpu') throw err;
      webgpuFailure = err.message;
      w.terminate(); // the failed WebGPU session poisons ONNX Runtime in that worker
      if (transfer?.length) throw err; // the transferred inputs are gone; the caller's next request runs on WASM
      const out = await attempt('wasm');
      return { ...out, info: { ...out.info, fallback: { from: 'webgpu' as const, reason: err.message } } };
    }
  })();
  // The run may have stored the runtime and the model's files: the offline indicator re-reads the store.
  promise.then(notifyStoreChanged, notifyStoreChanged);
  return {
    promise,
    cancel: () => {
      cancelled = true;
      cancelCurrent();
    },
  };
}

export const lastWebGpuFailure = () => webgpuFailure;
