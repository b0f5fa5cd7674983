/** What each task's folder says about itself in its `task.ts` (data only: no UI, no model code). */
import type { ModelEntry } from '../model-store/catalog-types';
import type { TaskId } from '../protocol/messages';

export interface TaskDefinition<T extends TaskId> {
  id: T;
  /** The page's route: `#/classify-image`. */
  route: `/${string}`;
  /** The navigation's link and the page's heading. */
  title: string;
  /** One line under the title. */
  blurb: string;
  /** The task's catalog entries (the first real one this build can reach is the default). */
  models: readonly ModelEntry[];
}
