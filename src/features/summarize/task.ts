/** Summarisation: its definition (route, title, catalog entries) and its options and output (the task map's entry). */
import type { TaskDefinition } from '../task-definition';
import { SUMMARIZATION_MODELS } from './models';
import type { SummarizeSettings } from './prompt';

/** The Export JSON output of one text (the foundation's shape); `diagnostics` adds token ids and timings. */
export interface SummaryOutput {
  summary_text: string;
  token_ids?: number[][];
  timings?: { prefillMs: number; decodeMsPerToken: number | null; tokens: number }[];
}

export interface SummarizeOptions extends SummarizeSettings {
  /** Add token ids and timings to the output (tests and the benchmark). */
  diagnostics: boolean;
}

declare module '../../protocol/tasks' {
  interface TaskMap {
    summarization: { options: SummarizeOptions; output: SummaryOutput };
  }
}

export const task: TaskDefinition<'summarization'> = {
  id: 'summarization',
  route: '/summarize',
  title: 'Summarize',
  blurb: 'Short, medium or long summaries of your text, streamed as they are written.',
  models: SUMMARIZATION_MODELS,
};
