/** Shared batch-run state for task panels: progress, partial results, cancel, errors. */
import { useCallback, useRef, useState } from 'react';
import type { AppErrorPayload } from '../../protocol/errors';
import { AppError } from '../../protocol/errors';
import type { ItemResult, Progress, RunInfo, TaskId, TaskInput } from '../../protocol/messages';
import { runTask, type TaskRun } from '../../runtime/tasks';

export interface TaskRunState {
  /** Counts runs started in this panel (tests and assistive tech can wait for a given run). */
  runId: number;
  running: boolean;
  progress?: Progress;
  items: (ItemResult | undefined)[];
  info?: RunInfo;
  error?: AppErrorPayload;
  cancelled?: boolean;
}

export function useTaskRun(task: TaskId) {
  const [state, setState] = useState<TaskRunState>({ runId: 0, running: false, items: [] });
  const current = useRef<TaskRun | null>(null);

  const run = useCallback(
    async (modelId: string, inputs: TaskInput[], options?: Record<string, unknown>) => {
      current.current?.cancel();
      setState((s) => ({ runId: s.runId + 1, running: true, items: new Array(inputs.length).fill(undefined) }));
      const r = runTask(
        task,
        modelId,
        inputs,
        {
          onProgress: (progress) => setState((s) => (current.current === r ? { ...s, progress } : s)),
          onPartial: (index, item) =>
            setState((s) => {
              if (current.current !== r) return s;
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
        if (current.current === r) setState((s) => ({ runId: s.runId, running: false, items: out.items, info: out.info }));
      } catch (err) {
        if (current.current !== r) return;
        const e = err instanceof AppError ? err.toPayload() : { code: 'internal' as const, message: String(err) };
        setState((s) => ({ ...s, running: false, progress: undefined, error: e.code === 'cancelled' ? undefined : e, cancelled: e.code === 'cancelled' }));
      }
    },
    [task],
  );

  const cancel = useCallback(() => current.current?.cancel(), []);
  return { state, run, cancel };
}
