/**
 * Shared batch-run state for task panels: progress, partial results, cancel, errors. Panels that need
 * more state (e.g. streamed text) pass `extra` (its initial value, reset at each run) and `onProgress`
 * (folds a progress message into the state; return undefined for the default handling).
 */
import { useCallback, useRef, useState } from 'react';
import type { AppErrorPayload } from '../../protocol/errors';
import { AppError } from '../../protocol/errors';
import type { ItemResult, Progress, RunInfo, TaskId, TaskInput, TaskOptions, TaskOutput } from '../../protocol/messages';
import { runTask, type TaskRun } from '../../runtime/tasks';

export interface TaskRunState<T extends TaskId = TaskId> {
  /** Counts runs started in this panel (tests and assistive tech can wait for a given run). */
  runId: number;
  running: boolean;
  progress?: Progress;
  items: (ItemResult<TaskOutput<T>> | undefined)[];
  info?: RunInfo;
  error?: AppErrorPayload;
  cancelled?: boolean;
  /** performance.now() when the run started. */
  startedAt?: number;
  /** After a failure worth trying again (a stalled or crashed worker, a broken download): runs the same again. */
  retry?: () => void;
}

const RETRYABLE = new Set(['stalled', 'crash', 'download']);

export interface TaskRunExtension<X extends object> {
  extra: X;
  /** Folds a progress message into the state (generic: extensions serve every task). */
  onProgress?: <S extends TaskRunState & X>(state: S, p: Progress) => S | undefined;
}

const NO_EXTENSION: TaskRunExtension<Record<never, never>> = { extra: {} };

export const useTaskRun = <T extends TaskId>(task: T) => useExtendedTaskRun(task, NO_EXTENSION);

export function useExtendedTaskRun<T extends TaskId, X extends object>(task: T, ext: TaskRunExtension<X>) {
  type S = TaskRunState<T> & X;
  const extRef = useRef(ext);
  extRef.current = ext;
  const [state, setState] = useState<S>(() => ({ ...ext.extra, runId: 0, running: false, items: [] }));
  const current = useRef<TaskRun<T> | null>(null);

  const run = useCallback(
    async (modelId: string, inputs: TaskInput[], options?: TaskOptions<T>) => {
      current.current?.cancel();
      setState((s) => ({
        ...extRef.current.extra,
        runId: s.runId + 1,
        running: true,
        items: new Array<undefined>(inputs.length).fill(undefined),
        startedAt: performance.now(),
      }));
      const mine = (fn: (s: S) => S): void => setState((s) => (current.current === r ? fn(s) : s));
      const r: TaskRun<T> = runTask(
        task,
        modelId,
        inputs,
        {
          onProgress: (p) => mine((s) => extRef.current.onProgress?.(s, p) ?? { ...s, progress: p }),
          onPartial: (index, item) =>
            mine((s) => {
              const items = s.items.slice();
              items[index] = item;
              return { ...s, items };
            }),
        },
        options,
      );
      current.current = r;
      try {
        const out = await r.promise;
        mine((s) => ({ ...s, running: false, items: out.items, info: out.info, progress: undefined }));
      } catch (err) {
        const e = err instanceof AppError ? err.toPayload() : { code: 'internal' as const, message: String(err) };
        const retry = RETRYABLE.has(e.code) && !inputs.some((i) => i.kind === 'bitmap') ? () => void runRef.current(modelId, inputs, options) : undefined;
        mine((s) => ({ ...s, running: false, progress: undefined, error: e.code === 'cancelled' ? undefined : e, cancelled: e.code === 'cancelled', retry }));
      }
    },
    [task],
  );

  const runRef = useRef(run);
  runRef.current = run;
  const cancel = useCallback(() => current.current?.cancel(), []);
  return { state, run, cancel };
}
