/// <reference lib="webworker" />
/**
 * The inference worker: one instance per task. Receives `run` requests (see src/protocol/messages.ts),
 * makes sure the model's files are stored and verified (model store), loads the model once on the
 * chosen backend, and streams per-item results back. Task code is imported lazily per task.
 * Runs go one at a time, in the order they came (a queue): a run never loads or swaps a model while
 * another computes, only one model is loaded at a time, and Cancel removes a run still waiting.
 */
import { findModel } from '../src/model-store/catalog';
import { RUNTIME_LABEL } from '../src/model-store/runtime';
import { browserModelStore, type ModelStore } from '../src/model-store/store';
import { AppError, toPayload } from '../src/protocol/errors';
import type { Backend, Dtype, FromWorker, ItemResult, RunRequest, TaskId, TaskOutput, ToWorker, WorkerConfig } from '../src/protocol/messages';
import { inputName, type LoadedModel, type TaskHandler, type Transformers } from './task-handler';

declare const self: DedicatedWorkerGlobalScope;
/** Test builds only (`TEST_HOOKS=1`, vite.config.ts): the `crash` and `stall` messages work; users' builds leave them out. */
declare const __TEST_HOOKS__: boolean;

/** Each task's handler, imported when its worker first loads a model (kept complete by the type checker, like src/features/tasks.ts). */
const HANDLERS: { [T in TaskId]: () => Promise<TaskHandler<T>> } = {
  summarization: () => import('../src/features/summarize/handler').then((m) => m.handler),
  'text-classification': () => import('../src/features/classify-text/handler').then((m) => m.handler),
  'image-classification': () => import('../src/features/classify-image/handler').then((m) => m.handler),
  'object-detection': () => import('../src/features/detect/handler').then((m) => m.handler),
  ocr: () => import('../src/features/ocr/handler').then((m) => m.handler),
};

let config: WorkerConfig | undefined;
let store: ModelStore | undefined;
let transformers: Promise<Transformers> | undefined;
/** The loaded model (any task's: a worker serves one task, and a run checks its model's task first). */
let loaded: { key: string; model: LoadedModel<TaskId> } | undefined;
let runtimeStored: Promise<void> | undefined;
const controllers = new Map<number, AbortController>();
/** The queue: each run starts when the one before it has finished. */
let queue: Promise<void> = Promise.resolve();
/** Models loaded and not yet disposed (diagnostics: never more than one). */
let liveModels = 0;
/** Test hook ('stall'): the next run waits forever without a word. */
let stallNext = false;

const post = (msg: FromWorker) => self.postMessage(msg);

/** The longest a request computes without letting the worker's event loop turn (see run). */
const TURN_MS = 10;

/** One turn of the event loop (a message-channel task: no timer clamping), so queued messages get handled. */
const nextTask = () =>
  new Promise<void>((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });

function getTransformers(cfg: WorkerConfig): Promise<Transformers> {
  transformers ??= import('@huggingface/transformers').then((t) => {
    const { env } = t;
    env.allowLocalModels = true;
    env.localModelPath = cfg.localModelUrl;
    // transformers.js 4.3.1 skips its existence check for local paths that are http URLs, so with
    // remote models disabled it would treat preprocessor_config.json as missing. Keep "remote"
    // enabled and, when the Hub is off, point it at our own folder: the store answers either way.
    env.allowRemoteModels = true;
    if (cfg.hubHost) env.remoteHost = cfg.hubHost;
    else {
      env.remoteHost = cfg.localModelUrl;
      env.remotePathTemplate = '{model}/';
    }
    // The model store does all downloading, verifying and caching.
    env.useBrowserCache = false;
    env.useCustomCache = false;
    env.fetch = store!.fetch;
    const wasm = env.backends.onnx.wasm!;
    wasm.wasmPaths = cfg.ortBaseUrl; // never a CDN
    wasm.numThreads = cfg.numThreads;
    wasm.proxy = false;
    return t;
  });
  return transformers;
}

async function loadModel(req: RunRequest, signal: AbortSignal): Promise<{ model: LoadedModel<TaskId>; loadMs: number; dtype: Dtype }> {
  const entry = findModel(req.modelId);
  if (!entry || entry.task !== req.task) throw new AppError('model', `Unknown ${req.task} model “${req.modelId}”.`);
  const support = req.backend === 'webgpu' ? (entry.backends.webgpu ?? entry.backends.wasm) : entry.backends.wasm;
  const dtype = req.dtype ?? support.dtype;
  if (req.dtype && !entry.files.some((f) => f.dtype === req.dtype)) throw new AppError('model', `${entry.title} has no ${req.dtype} weights.`);
  // The runtime first, stored and verified like the model's files: a worker that started before the
  // service worker controlled the page would otherwise leave it uncached (and the app broken offline).
  // One download per worker, shared by the runs that need it meanwhile and not tied to any one run's
  // Cancel (every later run needs the runtime too): a cancelled run stops waiting for it, no other run does.
  runtimeStored ??= store!
    .ensureRuntime(config!.ortBaseUrl, {
      onProgress: (p) => post({ type: 'progress', id: req.id, progress: { stage: 'download', modelId: RUNTIME_LABEL, ...p } }),
      onVerify: (file) => post({ type: 'progress', id: req.id, progress: { stage: 'verify', modelId: RUNTIME_LABEL, file } }),
    })
    .catch((err) => {
      runtimeStored = undefined;
      throw err;
    });
  await untilAborted(runtimeStored, signal);
  await store!.ensure(entry, dtype, {
    signal,
    onProgress: (p) => post({ type: 'progress', id: req.id, progress: { stage: 'download', modelId: entry.id, ...p } }),
    onVerify: (file) => post({ type: 'progress', id: req.id, progress: { stage: 'verify', modelId: entry.id, file } }),
  });
  const key = `${entry.id}|${req.backend}|${dtype}`;
  if (loaded?.key === key) return { model: loaded.model, loadMs: 0, dtype };
  if (loaded) {
    const old = loaded;
    loaded = undefined;
    await old.model.dispose().catch(() => {});
    liveModels--;
  }
  post({ type: 'progress', id: req.id, progress: { stage: 'load', modelId: entry.id, backend: req.backend } });
  const handler = await HANDLERS[req.task]();
  const t = await getTransformers(config!);
  const t0 = performance.now();
  try {
    const model = await handler.load({
      entry,
      backend: req.backend,
      dtype,
      transformers: t,
      fetchModelFile: (path) => store!.fetch(`${config!.localModelUrl.replace(/\/?$/, '/')}${entry.id}/${path}`),
    });
    liveModels++;
    loaded = { key, model };
    return { model, loadMs: performance.now() - t0, dtype };
  } catch (err) {
    throw backendError(req.backend, 'load', err);
  }
}

/** `p`, or an AbortError as soon as `signal` aborts (p itself goes on). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DOMException('Cancelled', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('Cancelled', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A failure on WebGPU is a backend failure: the client restarts the worker and falls back to WASM. */
function backendError(backend: Backend, what: 'load' | 'run', err: unknown): AppError {
  if (err instanceof AppError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (
    /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed/i.test(detail) &&
    /ort-wasm/.test(detail)
  ) {
    // The runtime's files could not be read (evicted by the browser, or a deployment without them).
    return new AppError(
      self.navigator.onLine ? 'model' : 'offline',
      self.navigator.onLine
        ? `The ${RUNTIME_LABEL} files could not be loaded from this site. Reload the page and try again.`
        : `The runtime for this task is not stored on this device and it is offline: connect once and run the task; it then works offline.`,
      detail,
    );
  }
  if (backend === 'webgpu') return new AppError('backend', `WebGPU could not ${what} the model: ${detail}`, detail);
  return new AppError('model', `The model could not ${what === 'load' ? 'be loaded' : 'run'}: ${detail}`, detail);
}

async function run(req: RunRequest, ctrl: AbortController) {
  // Cancelled while it waited in the queue: the page has already been told.
  if (ctrl.signal.aborted) {
    controllers.delete(req.id);
    return;
  }
  if (__TEST_HOOKS__ && stallNext) {
    stallNext = false;
    await new Promise(() => {}); // a hung runtime: no message, ever (the page's watchdog ends this)
  }
  try {
    if (!config || !store) throw new AppError('internal', 'The worker was not initialised.');
    const { model, loadMs, dtype } = await loadModel(req, ctrl.signal);
    const options = req.options ?? {};
    const items: ItemResult<TaskOutput>[] = [];
    // Model calls on WASM compute synchronously and awaiting them never yields, so a cancel message is
    // only handled when the loop lets the event loop turn: before each item and at each checkpoint, at
    // most every TURN_MS (a turn costs tens of µs; a batch of 10,000 short texts should not pay it each time).
    let lastTurn = performance.now();
    const turn = async () => {
      if (performance.now() - lastTurn < TURN_MS) return;
      await nextTask();
      lastTurn = performance.now();
    };
    for (let i = 0; i < req.inputs.length; i++) {
      await turn();
      if (ctrl.signal.aborted) return;
      post({ type: 'progress', id: req.id, progress: { stage: 'run', index: i, count: req.inputs.length } });
      const input = req.inputs[i];
      let item: ItemResult<TaskOutput> = { input: inputName(input) };
      let prepared: unknown;
      try {
        prepared = await model.prepare(input, options);
      } catch (err) {
        item.error = toPayload(err, 'bad-input');
      }
      if (!item.error) {
        const t0 = performance.now();
        try {
          const output = await model.infer(prepared, options, {
            signal: ctrl.signal,
            checkpoint: async () => {
              await turn();
              ctrl.signal.throwIfAborted();
            },
            progress: (progress) => post({ type: 'progress', id: req.id, progress }),
            index: i,
            count: req.inputs.length,
          });
          item = { ...item, ms: Math.round((performance.now() - t0) * 100) / 100, output };
        } catch (err) {
          if (ctrl.signal.aborted) return; // cancelled mid-item (the task stopped at its next check)
          const e = backendError(req.backend, 'run', err);
          if (e.code === 'backend') throw e; // the whole request falls back
          item.error = e.toPayload();
        }
      }
      items.push(item);
      post({ type: 'partial', id: req.id, index: i, item });
    }
    post({ type: 'result', id: req.id, info: { modelId: req.modelId, backend: req.backend, dtype, loadMs, threads: config.numThreads }, items });
  } catch (err) {
    if (!ctrl.signal.aborted) post({ type: 'error', id: req.id, error: toPayload(err) });
  } finally {
    controllers.delete(req.id);
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'init':
      config = msg.config;
      store = browserModelStore({ localModelUrl: msg.config.localModelUrl, hubHost: msg.config.hubHost });
      post({ type: 'ready' });
      break;
    case 'run': {
      const ctrl = new AbortController();
      controllers.set(msg.id, ctrl);
      queue = queue.then(() => run(msg, ctrl)).catch(() => {});
      break;
    }
    case 'stall':
      if (__TEST_HOOKS__) stallNext = true;
      break;
    case 'status':
      post({ type: 'status', loaded: loaded ? [loaded.key] : [], live: liveModels, queued: [...controllers.values()].filter((c) => !c.signal.aborted).length });
      break;
    case 'cancel':
      controllers.get(msg.id)?.abort();
      break;
    case 'crash':
      if (__TEST_HOOKS__) {
        setTimeout(() => {
          throw new Error('simulated crash (diagnostics)');
        });
      }
      break;
  }
};
