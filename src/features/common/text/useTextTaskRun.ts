/**
 * Run state for the text panels: common/useTaskRun plus what text tasks stream: generated text as it
 * arrives, the current chunk step of a long document, and token counts.
 */
import type { Progress, TaskId } from '../../../protocol/messages';
import { useExtendedTaskRun, type TaskRunExtension, type TaskRunState } from '../useTaskRun';

export type ChunkStep = Extract<Progress, { stage: 'chunk' }>;
export type TextStats = Extract<Progress, { stage: 'text-stats' }>;

interface TextExtra {
  /** Text generated so far by the current model call, and that call's number. */
  streamed: string;
  streamCall: number;
  step?: ChunkStep;
  stats?: TextStats;
}

export type TextRunState<T extends TaskId = TaskId> = TaskRunState<T> & TextExtra;

const TEXT: TaskRunExtension<TextExtra> = {
  extra: { streamed: '', streamCall: -1 },
  onProgress: (s, p) => {
    // Streamed tokens are not "progress" for the status line; the rest is kept as usual.
    if (p.stage === 'token') return p.index === s.streamCall ? { ...s, streamed: s.streamed + p.text } : { ...s, streamCall: p.index, streamed: p.text };
    if (p.stage === 'chunk') return { ...s, step: p, progress: p };
    if (p.stage === 'text-stats') return { ...s, stats: p };
    return undefined;
  },
};

export const useTextTaskRun = <T extends TaskId>(task: T) => useExtendedTaskRun(task, TEXT);
