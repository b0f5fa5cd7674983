/**
 * `window.__app`: a small diagnostics surface used by the end-to-end tests and the benchmark. It calls
 * the same code the UI calls (no shortcuts, no canned results).
 */
import { toPayload, type AppErrorPayload } from '../protocol/errors';
import type { Dtype, Progress, TaskId, TaskInput, TaskOptions } from '../protocol/messages';
import type { RunOutcome } from '../runtime/task-client';
import { getCapabilities } from '../runtime/capabilities';
import { pageStore } from '../runtime/page-store';
import { setWatchdogLimits, type WatchdogLimits } from '../runtime/task-client';
import { runTask, taskWorker, type TaskRun } from '../runtime/tasks';

let lastProgress: Progress[] = [];

type DiagInput = { name: string; bytes: ArrayBuffer | string; type?: string } | { name?: string; text: string };

/** Inputs as the UI makes them: files fetched from this origin or given as bytes, or texts. */
const toInputs = (inputs: DiagInput[]): Promise<TaskInput[]> =>
  Promise.all(
    inputs.map(async (i) =>
      'text' in i
        ? { kind: 'text' as const, text: i.text, ...(i.name ? { name: i.name } : {}) }
        : typeof i.bytes === 'string'
          ? { kind: 'file' as const, file: new File([await (await fetch(i.bytes)).blob()], i.name, { type: i.type }) }
          : { kind: 'file' as const, file: new File([i.bytes], i.name, { type: i.type }) },
    ),
  );

/** Runs started with `start`, observable and cancellable by index (overlap tests). */
const started: { run: TaskRun; progress: Progress[]; outcome?: RunOutcome; error?: AppErrorPayload }[] = [];

export function installDiagnostics() {
  Object.assign(window, {
    __app: {
      capabilities: getCapabilities,
      crashWorker: (task: TaskId) => taskWorker(task).crashForTest(),
      workerAlive: (task: TaskId) => taskWorker(task).alive,
      /** The next `times` workers of the task started stall on their first run (the watchdog's test). */
      stallWorker: (task: TaskId, times = 1) => taskWorker(task).stallForTest(times),
      /** Shorter watchdog limits per stage, in ms (undefined: the defaults). */
      setWatchdog: (limits?: Partial<WatchdogLimits>) => setWatchdogLimits(limits),
      /** The models the task's worker has loaded and the runs it holds. */
      workerStatus: (task: TaskId) => taskWorker(task).status(),
      storedModels: () => pageStore().list(),
      /** Download one model file through the page's model store (the download-memory benchmark); resolves to an error message or null. */
      storeDownload: (modelId: string, path: string) =>
        pageStore()
          .download(modelId, path)
          .then(
            () => null,
            (e: unknown) => toPayload(e).message,
          ),
      /** The progress events of the latest `run` (what a stalled run last reported). */
      lastProgress: () => lastProgress,
      /** Run a task on files fetched from this origin or given as bytes, or on texts (`{ name, text }`), with task options. */
      /** `dtype`: another of the model's dtypes than its backend's default (the benchmark's int8 vs fp32 rows). */
      async run<T extends TaskId>(task: T, modelId: string, inputs: DiagInput[], options?: TaskOptions<T>, dtype?: Dtype) {
        const ins = await toInputs(inputs);
        lastProgress = [];
        return runTask(task, modelId, ins, { onProgress: (p) => lastProgress.push(p) }, options, undefined, dtype ? { dtype } : undefined).promise;
      },
      /** Start a run without waiting for it; returns its index for `started` and `cancel`. */
      async start<T extends TaskId>(task: T, modelId: string, inputs: DiagInput[], options?: TaskOptions<T>) {
        const progress: Progress[] = [];
        const h: (typeof started)[number] = { run: runTask(task, modelId, await toInputs(inputs), { onProgress: (p) => progress.push(p) }, options), progress };
        h.run.promise.then(
          (o) => (h.outcome = o),
          (e) => (h.error = toPayload(e)),
        );
        return started.push(h) - 1;
      },
      started: (i: number) => ({ progress: started[i].progress, outcome: started[i].outcome, error: started[i].error }),
      cancel: (i: number) => started[i].run.cancel(),
    },
  });
}
