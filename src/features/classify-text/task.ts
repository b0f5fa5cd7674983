/** Text classification: its options and output (the task map's entry). */
import type { Label } from './batch';

/** Zero-shot models only: the user's labels, the hypothesis template, several labels true at once. */
export interface ZeroShotOptions {
  labels: string[];
  template: string;
  multiLabel: boolean;
}

declare module '../../protocol/tasks' {
  interface TaskMap {
    /** Every label with its score, best first. */
    'text-classification': { options: ZeroShotOptions; output: Label[] };
  }
}
