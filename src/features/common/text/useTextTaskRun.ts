/**
 * Run state for the text panels: like common/useTaskRun (progress, partial items, cancel, errors)
 * plus what text tasks stream: generated text as it arrives, the current chunk step of a long
 * document, and token counts.
 */
import { useCallback, useRef, useState } from 'react';
import { AppError, type AppErrorPayload } from '../../../protocol/errors';
import type { ItemResult, Progress, RunInfo, TaskId, TaskInput } from '../../../protocol/messages';
import { runTask, type TaskRun } from '../../../runtime/tasks';

export type ChunkStep = Extract<Progress, { stage: 'chunk' }>;
export type TextStats = Extract<Progress, { stage: 'text-stats' }>;

export interface TextRunState {
  runId: number;
  running: boolean;
  /** Last progress other than streamed tokens. */
  progress?: Progress;
  items: (ItemResult | undefined)[];
  info?: RunInfo;
  error?: AppErrorPayload;
  cancelled?: boolean;
  /** Text generated so far by the current model call, and that call's number. */
  streamed: string;
  streamCall: number;
  step?: ChunkStep;
  stats?: TextStats;
  startedAt?: number;
}

const initial: TextRunState = { runId: 0, running: false, items: [], streamed: '', streamCall: -1 };

export function useTextTaskRun(task: TaskId) {
  const [state, setState] = useState<TextRunState>(initial);
  const current = useRef<TaskRun | null>(null);

  const run = useCallback(
    async (modelId: string, inputs: TaskInput[], options?: Record<string, unknown>) => {
      current.current?.cancel();
      setState((s) => ({ ...initial, runId: s.runId + 1, running: true, items: new Array(inputs.length).fill(undefined), startedAt: performance.now() }));
      const mine = (fn: (s: TextRunState) => TextRunState) => setState((s) => (current.current === r ? fn(s) : s));
      const r = runTask(
        task,
        modelId,
        inputs,
        {
          onProgress: (p) =>
            mine((s) => {
              if (p.stage === 'token') return p.index === s.streamCall ? { ...s, streamed: s.streamed + p.text } : { ...s, streamCall: p.index, streamed: p.text };
              if (p.stage === 'chunk') return { ...s, step: p, progress: p };
              if (p.stage === 'text-stats') return { ...s, stats: p };
              return { ...s, progress: p };
            }),
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
        mine((s) => ({ ...s, running: false, progress: undefined, error: e.code === 'cancelled' ? undefined : e, cancelled: e.code === 'cancelled' }));
      }
    },
    [task],
  );

  const cancel = useCallback(() => current.current?.cancel(), []);
  return { state, run, cancel };
}
