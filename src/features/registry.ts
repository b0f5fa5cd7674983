/** Every task's page: its route and title (from the task's definition) and its panel, loaded on first visit. */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { TaskId } from '../protocol/messages';
import { TASK_LIST } from './tasks';

export interface TaskFeature {
  task: TaskId;
  route: string;
  title: string;
  blurb: string;
  Panel: LazyExoticComponent<ComponentType>;
}

/** Each task's panel (kept complete by the type checker, like src/features/tasks.ts). */
const PANELS: { [T in TaskId]: LazyExoticComponent<ComponentType> } = {
  'image-classification': lazy(() => import('./classify-image/Panel')),
  'object-detection': lazy(() => import('./detect/Panel')),
  ocr: lazy(() => import('./ocr/Panel')),
  summarization: lazy(() => import('./summarize/Panel')),
  'text-classification': lazy(() => import('./classify-text/Panel')),
};

export const FEATURES: TaskFeature[] = TASK_LIST.map(({ id, route, title, blurb }) => ({ task: id, route, title, blurb, Panel: PANELS[id] }));
