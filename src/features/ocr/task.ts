/** OCR: its options and output (the task map's entry). */
import type { OcrOptions, OcrOutput } from './pipeline';

/** The pipeline's settings a run may override (the word list itself is the model's). */
export type OcrRunOptions = Omit<OcrOptions, 'lexicon'>;

declare module '../../protocol/tasks' {
  interface TaskMap {
    ocr: { options: OcrRunOptions; output: OcrOutput };
  }
}
