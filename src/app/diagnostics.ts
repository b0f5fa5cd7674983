/**
 * `window.__app`: a small diagnostics surface used by the end-to-end tests and the benchmark. It calls
 * the same code the UI calls (no shortcuts, no canned results).
 */
import type { Progress, TaskId, TaskInput } from '../protocol/messages';
import { getCapabilities } from '../runtime/capabilities';
import { pageStore } from '../runtime/page-store';
import { runTask, taskWorker } from '../runtime/tasks';

let lastProgress: Progress[] = [];

export function installDiagnostics() {
  Object.assign(window, {
    __app: {
      capabilities: getCapabilities,
      crashWorker: (task: TaskId) => taskWorker(task).crashForTest(),
      workerAlive: (task: TaskId) => taskWorker(task).alive,
      storedModels: () => pageStore().list(),
      /** The progress events of the latest `run` (what a stalled run last reported). */
      lastProgress: () => lastProgress,
      /** Run a task on files fetched from this origin or given as bytes, or on texts (`{ name, text }`), with task options. */
      async run(
        task: TaskId,
        modelId: string,
        inputs: ({ name: string; bytes: ArrayBuffer | string; type?: string } | { name?: string; text: string })[],
        options?: Record<string, unknown>,
      ) {
        const ins: TaskInput[] = await Promise.all(
          inputs.map(async (i) =>
            'text' in i
              ? { kind: 'text' as const, text: i.text, ...(i.name ? { name: i.name } : {}) }
              : typeof i.bytes === 'string'
              ? { kind: 'file' as const, file: new File([await (await fetch(i.bytes)).blob()], i.name, { type: i.type }) }
              : { kind: 'file' as const, file: new File([i.bytes], i.name, { type: i.type }) },
          ),
        );
        lastProgress = [];
        return runTask(task, modelId, ins, { onProgress: (p) => lastProgress.push(p) }, options).promise;
      },
    },
  });
}
