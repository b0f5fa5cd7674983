/** OCR: its definition (route, title, catalog entries) and its options and output (the task map's entry). */
import type { TaskDefinition } from '../task-definition';
import { OCR_MODELS } from './models';
import type { OcrOptions, OcrOutput } from './pipeline';

/** The pipeline's settings a run may override (the word list itself is the model's). */
export type OcrRunOptions = Omit<OcrOptions, 'lexicon'>;

declare module '../../protocol/tasks' {
  interface TaskMap {
    ocr: { options: OcrRunOptions; output: OcrOutput };
  }
}

export const task: TaskDefinition<'ocr'> = {
  id: 'ocr',
  route: '/ocr',
  title: 'Read text (OCR)',
  blurb: 'Full-page text from documents, receipts, screenshots and signs.',
  models: OCR_MODELS,
};
