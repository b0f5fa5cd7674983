/**
 * What works offline right now, read from what is really stored: the app shell (an active service
 * worker has precached it), the ONNX Runtime files (the model store's runtime cache) and, per task, a
 * model whose files are all stored. "Offline ready" is only said when all three hold for the tasks the
 * user has used; otherwise the indicator says what is missing.
 */
import { modelsForTask } from '../model-store/catalog';
import { formatBytes } from '../lib/format';
import type { TaskId } from '../protocol/messages';
import { FEATURES } from '../features/registry';
import { RUNTIME_LABEL, runtimeBytes } from '../model-store/runtime';
import { pageStore, runtimeBaseUrl } from '../runtime/page-store';

export type TaskOfflineState = 'ready' | 'partial' | 'none';

export interface TaskOffline {
  task: TaskId;
  title: string;
  state: TaskOfflineState;
}

export interface OfflineStatus {
  /** The service worker is active, so the app shell is precached. */
  shell: boolean;
  /** Every ONNX Runtime file is stored and verified. */
  runtime: boolean;
  tasks: TaskOffline[];
}

export interface OfflineSummary {
  ready: boolean;
  /** Short words for the indicator. */
  text: string;
  /** One sentence per fact, for the details. */
  details: string[];
}

const list = (tasks: TaskOffline[]) => tasks.map((t) => t.title).join(', ');

/** The indicator's words for a status (pure: unit-tested). */
export function summarizeOffline(s: OfflineStatus): OfflineSummary {
  const ready = s.tasks.filter((t) => t.state === 'ready');
  const partial = s.tasks.filter((t) => t.state === 'partial');
  const none = s.tasks.filter((t) => t.state === 'none');
  const details: string[] = [];
  if (!s.shell) {
    return {
      ready: false,
      text: 'Not offline yet',
      details: ['The app itself is still being stored on this device (or this browser cannot keep it): it needs the network to open.'],
    };
  }
  details.push('The app itself is stored on this device.');
  details.push(
    s.runtime
      ? `The ${RUNTIME_LABEL} (${formatBytes(runtimeBytes())}) is stored and verified.`
      : `The ${RUNTIME_LABEL} (${formatBytes(runtimeBytes())}) is not stored yet: it is downloaded with the first run of any task.`,
  );
  if (ready.length) details.push(`Works offline: ${list(ready)}.`);
  if (partial.length) details.push(`Some model files are missing (a download broke off): ${list(partial)}. Run once online to finish.`);
  if (none.length) details.push(`Needs one online run (or a download in Storage): ${list(none)}.`);
  if (!s.runtime || !ready.length) {
    return { ready: false, text: 'Offline: no task ready yet', details };
  }
  if (partial.length) {
    return { ready: false, text: `Offline: ${partial.length === 1 ? `${partial[0].title} incomplete` : `${partial.length} tasks incomplete`}`, details };
  }
  return { ready: true, text: none.length ? `Offline ready: ${ready.length} of ${s.tasks.length} tasks` : 'Offline ready', details };
}

/** Read the status from the service worker registration and the model store. */
export async function readOfflineStatus(): Promise<OfflineStatus> {
  const reg = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration().catch(() => undefined) : undefined;
  const store = pageStore();
  const [runtime, stored] = await Promise.all([store.runtimeStatus(runtimeBaseUrl()), store.list()]);
  const tasks = await Promise.all(
    FEATURES.map(async (f): Promise<TaskOffline> => {
      const models = modelsForTask(f.task);
      for (const m of models) {
        const dtypes = new Set([m.backends.wasm.dtype, ...(m.backends.webgpu ? [m.backends.webgpu.dtype] : [])]);
        for (const d of dtypes) if (!(await store.missingFiles(m, d)).length) return { task: f.task, title: f.title, state: 'ready' };
      }
      const some = stored.some((s) => models.some((m) => m.id === s.id) && Object.keys(s.files).length > 0);
      return { task: f.task, title: f.title, state: some ? 'partial' : 'none' };
    }),
  );
  return { shell: !!reg?.active, runtime: runtime.stored, tasks };
}
