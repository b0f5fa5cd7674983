import { progressText, RunStatus } from '../RunStatus';
import type { TextRunState } from './useTextTaskRun';

/** Progress of a text task (download, load, chunk i of n, item i of n, writing) and its outcome. */
export function TextRunStatus({
  state,
  onCancel,
  cancelLabel = 'Cancel',
  itemNoun = 'text',
  showCancel = true,
}: {
  state: TextRunState;
  onCancel: () => void;
  cancelLabel?: string;
  itemNoun?: string;
  /** False when the panel has its own stop button. */
  showCancel?: boolean;
}) {
  const p = state.progress;
  let { text, value } = progressText(p, itemNoun);
  if (p?.stage === 'chunk') {
    value = p.phase === 'map' ? (100 * p.index) / p.count : 99;
    text = p.phase === 'map' ? `Summarising chunk ${p.index + 1} of ${p.count}${p.round > 1 ? ` (pass ${p.round})` : ''}` : 'Combining the partial summaries…';
  } else if (p?.stage === 'run' && p.count <= 1 && state.streamCall >= 0) {
    text = 'Writing…';
  }
  return <RunStatus state={state} onCancel={onCancel} itemNoun={itemNoun} shown={{ text, value }} cancelLabel={cancelLabel} showCancel={showCancel} />;
}
