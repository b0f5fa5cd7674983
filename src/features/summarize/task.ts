/** Summarisation: its options and output (the task map's entry). */
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
