/**
 * The task map: for each task, the options a run takes and the output of one item. Every message, run,
 * handler, panel state and Export JSON document is typed from it. Each task's folder adds its own entry
 * (declaration merging, in `src/features/<task>/task.ts`), so this module imports nothing of the app and a
 * new task adds itself:
 *
 *   declare module '../../protocol/tasks' {
 *     interface TaskMap { 'my-task': { options: MyOptions; output: MyOutput } }
 *   }
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each task's declaration merging
export interface TaskMap {}

export type TaskId = keyof TaskMap;

/** What every entry of the map holds. */
export interface TaskSpec {
  options: object;
  output: unknown;
}

type SpecOf<T extends TaskId> = TaskMap[T] extends TaskSpec ? TaskMap[T] : never;

/** The options of a run of task T: every one may be left out (the handler has a default for each). */
export type TaskOptions<T extends TaskId = TaskId> = Partial<SpecOf<T>['options']>;

/** The output of one item of task T (what Export JSON writes per item). */
export type TaskOutput<T extends TaskId = TaskId> = SpecOf<T>['output'];
