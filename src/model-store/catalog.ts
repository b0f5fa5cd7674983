/** The model catalog: every model the app can run, gathered from each task's folder. */
import { IMAGE_CLASSIFICATION_MODELS } from '../features/classify-image/models';
import { OBJECT_DETECTION_MODELS } from '../features/detect/models';
import { SUMMARIZATION_MODELS } from '../features/summarize/models';
import { TEXT_CLASSIFICATION_MODELS } from '../features/classify-text/models';
import { OCR_MODELS } from '../features/ocr/models';
import type { TaskId } from '../protocol/messages';
import type { ModelEntry } from './catalog-types';

export const CATALOG: ModelEntry[] = [...IMAGE_CLASSIFICATION_MODELS, ...OBJECT_DETECTION_MODELS, ...SUMMARIZATION_MODELS, ...TEXT_CLASSIFICATION_MODELS, ...OCR_MODELS];

export function findModel(id: string): ModelEntry | undefined {
  return CATALOG.find((m) => m.id === id);
}

export function modelsForTask(task: TaskId): ModelEntry[] {
  return CATALOG.filter((m) => m.task === task);
}
