/** The model catalog: every model the app can run, gathered from each task's folder. */
import { TASK_LIST } from '../features/tasks';
import { PADDLE_MODEL_ID } from '../features/ocr/files';
import type { TaskId } from '../protocol/messages';
import type { ModelEntry } from './catalog-types';

/** Every task's models (src/features/tasks.ts), in the navigation's order of the tasks. */
export const CATALOG: readonly ModelEntry[] = TASK_LIST.flatMap((t) => t.models);

/** The self-hosted models this build serves (vite.config.ts, from MODELS_DIR); the OCR folder ships with the app. */
declare const __SERVED_MODELS__: string[];
const SERVED: ReadonlySet<string> = new Set([...__SERVED_MODELS__, PADDLE_MODEL_ID]);

/**
 * Whether this build can get the model's files: Hub models always (online, Hub allowed), self-hosted ones only
 * when the build serves their folder. A fresh clone built without MODELS_DIR offers only the rest.
 */
export const reachable = (m: ModelEntry, served: ReadonlySet<string> = SERVED) => m.source !== 'self-hosted' || served.has(m.id);

export function findModel(id: string): ModelEntry | undefined {
  return CATALOG.find((m) => m.id === id);
}

/** The task's models this build can offer (see `reachable`). */
export function modelsForTask(task: TaskId, served: ReadonlySet<string> = SERVED): ModelEntry[] {
  return CATALOG.filter((m) => m.task === task && reachable(m, served));
}

/** A task's default: its first real (not test-only) model that this build can get. */
export function defaultModelId(task: TaskId, served: ReadonlySet<string> = SERVED): string {
  const ms = modelsForTask(task, served);
  return (ms.find((m) => !m.testOnly) ?? ms[0] ?? CATALOG.find((m) => m.task === task)!).id;
}
