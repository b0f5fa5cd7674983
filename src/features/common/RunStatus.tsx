import { formatBytes } from '../../protocol/errors';
import type { TaskRunState } from './useTaskRun';

/** Progress while running (download bytes and percent, model loading, item i of n) and the outcome. */
export function RunStatus({ state, onCancel }: { state: TaskRunState; onCancel: () => void }) {
  const p = state.progress;
  let text = 'Starting…';
  let value: number | undefined;
  if (p?.stage === 'download') {
    const pct = p.totalBytes ? Math.min(100, (100 * p.totalLoaded) / p.totalBytes) : undefined;
    value = pct;
    text = p.fromCache
      ? `Reading ${p.file} from this device`
      : `Downloading ${p.modelId}: ${p.file} ${formatBytes(p.loaded)}${p.total ? ` of ${formatBytes(p.total)}` : ''} — total ${formatBytes(p.totalLoaded)}${p.totalBytes ? ` of ${formatBytes(p.totalBytes)} (${pct!.toFixed(0)}%)` : ''}`;
  } else if (p?.stage === 'verify') text = `Verifying ${p.file}…`;
  else if (p?.stage === 'load') text = `Loading the model on ${p.backend === 'webgpu' ? 'WebGPU' : 'WASM'}…`;
  else if (p?.stage === 'run') {
    value = (100 * p.index) / p.count;
    text = p.count > 1 ? `Running: image ${p.index + 1} of ${p.count}` : 'Running…';
  }
  if (state.running) {
    return (
      <div className="status" role="status" aria-live="polite">
        <progress max={100} value={value} aria-label="Progress" />
        <span data-testid="progress-text">{text}</span>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
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
  if (state.cancelled) return <div role="status">Cancelled.</div>;
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
