/** The model catalog: every model the app can run, gathered from each task's folder. */
import { IMAGE_CLASSIFICATION_MODELS } from '../features/classify-image/models';
import type { TaskId } from '../protocol/messages';
import type { ModelEntry } from './catalog-types';

export const CATALOG: ModelEntry[] = [...IMAGE_CLASSIFICATION_MODELS];

export function findModel(id: string): ModelEntry | undefined {
  return CATALOG.find((m) => m.id === id);
}

export function modelsForTask(task: TaskId): ModelEntry[] {
  return CATALOG.filter((m) => m.task === task);
}
