import { formatBytes } from '../../../protocol/errors';
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
  let text = 'Starting…';
  let value: number | undefined;
  if (p?.stage === 'download') {
    const pct = p.totalBytes ? Math.min(100, (100 * p.totalLoaded) / p.totalBytes) : undefined;
    value = pct;
    text = p.fromCache
      ? `Reading ${p.file} from this device`
      : `Downloading ${p.modelId}: ${p.file} ${formatBytes(p.loaded)}${p.total ? ` of ${formatBytes(p.total)}` : ''}${pct !== undefined ? ` (${pct.toFixed(0)}% of all files)` : ''}`;
  } else if (p?.stage === 'verify') text = `Verifying ${p.file}…`;
  else if (p?.stage === 'load') text = `Loading the model on ${p.backend === 'webgpu' ? 'WebGPU' : 'WASM'}…`;
  else if (p?.stage === 'chunk') {
    value = p.phase === 'map' ? (100 * p.index) / p.count : 99;
    text = p.phase === 'map' ? `Summarising chunk ${p.index + 1} of ${p.count}${p.round > 1 ? ` (pass ${p.round})` : ''}` : 'Combining the partial summaries…';
  } else if (p?.stage === 'run') {
    value = (100 * p.index) / p.count;
    text = p.count > 1 ? `Running: ${itemNoun} ${p.index + 1} of ${p.count}` : state.streamCall >= 0 ? 'Writing…' : 'Running…';
  }
  if (state.running) {
    return (
      <div className="status" role="status" aria-live="polite">
        <progress max={100} value={value} aria-label="Progress" />
        <span data-testid="progress-text">{text}</span>
        {showCancel && (
          <button type="button" onClick={onCancel}>
            {cancelLabel}
          </button>
        )}
      </div>
    );
  }
  if (state.error) {
    return (
      <div className="error" role="alert" data-testid="run-error">
        {state.error.message}
      </div>
    );
  }
  if (state.cancelled) return <div role="status" data-testid="run-cancelled">{cancelLabel === 'Stop' ? 'Stopped.' : 'Cancelled.'}</div>;
  const info = state.info;
  if (!info) return null;
  return (
    <div className="status" role="status" data-testid="run-info" data-backend={info.backend}>
      Ran on <strong>{info.backend === 'webgpu' ? 'WebGPU' : `WASM (${info.threads} thread${info.threads > 1 ? 's' : ''})`}</strong> · {info.dtype}
      {info.loadMs > 0 && <> · model loaded in {Math.round(info.loadMs)} ms</>}
      {info.fallback && (
        <div className="notice" data-testid="fallback-notice">
          WebGPU failed, so this ran on WASM instead. ({info.fallback.reason})
        </div>
      )}
    </div>
  );
}
