/**
 * Every task the app offers, from its folder's `task.ts`. The type checker keeps this list complete: a task
 * folder adds its entry to the task map (src/protocol/tasks.ts), and an entry missing here (or one here that
 * is not in the map) is an error. The catalog (src/model-store/catalog.ts) and the pages
 * (src/features/registry.ts) are derived from it; the worker's handlers (workers/inference.worker.ts) are
 * kept complete the same way. The order is the navigation's.
 */
import type { TaskId } from '../protocol/messages';
import type { TaskDefinition } from './task-definition';
import { task as classifyImage } from './classify-image/task';
import { task as detect } from './detect/task';
import { task as ocr } from './ocr/task';
import { task as summarize } from './summarize/task';
import { task as classifyText } from './classify-text/task';

export const TASKS = {
  'image-classification': classifyImage,
  'object-detection': detect,
  ocr,
  summarization: summarize,
  'text-classification': classifyText,
} satisfies { [T in TaskId]: TaskDefinition<T> };

/** The definitions in the navigation's order. */
export const TASK_LIST: readonly TaskDefinition<TaskId>[] = Object.values(TASKS);
