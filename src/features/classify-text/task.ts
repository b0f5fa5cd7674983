/** Text classification: its definition (route, title, catalog entries) and its options and output (the task map's entry). */
import type { TaskDefinition } from '../task-definition';
import { TEXT_CLASSIFICATION_MODELS } from './models';
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

export const task: TaskDefinition<'text-classification'> = {
  id: 'text-classification',
  route: '/classify-text',
  title: 'Classify text',
  blurb: 'Sentiment, or your own labels (zero-shot), for one text or a batch.',
  models: TEXT_CLASSIFICATION_MODELS,
};
