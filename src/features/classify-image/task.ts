/** Image classification: its definition (route, title, catalog entries) and its options and output (the task map's entry). */
import type { TaskDefinition } from '../task-definition';
import { IMAGE_CLASSIFICATION_MODELS } from './models';

export interface Label {
  label: string;
  score: number;
}

declare module '../../protocol/tasks' {
  interface TaskMap {
    /** No options; the top-5 labels, best first. */
    'image-classification': { options: Record<string, never>; output: Label[] };
  }
}

export const task: TaskDefinition<'image-classification'> = {
  id: 'image-classification',
  route: '/classify-image',
  title: 'Classify images',
  blurb: 'What is in this photo? Top-5 ImageNet labels for each image.',
  models: IMAGE_CLASSIFICATION_MODELS,
};
