import { useEffect, useRef } from 'react';
import { formatBytes } from '../../lib/format';
import type { Progress, RunInfo } from '../../protocol/messages';
import type { TaskRunState } from './useTaskRun';

/** Words and a percentage for the stages every task shares (download, verify, load, item i of n). */
export function progressText(p: Progress | undefined, itemNoun = 'image'): { text: string; value?: number } {
  if (p?.stage === 'download') {
    const pct = p.totalBytes ? Math.min(100, (100 * p.totalLoaded) / p.totalBytes) : undefined;
    return {
      value: pct,
      text: p.fromCache
        ? `Reading ${p.file} from this device`
        : `Downloading ${p.modelId}: ${p.file} ${formatBytes(p.loaded)}${p.total ? ` of ${formatBytes(p.total)}` : ''} — total ${formatBytes(p.totalLoaded)}${p.totalBytes ? ` of ${formatBytes(p.totalBytes)} (${pct!.toFixed(0)}%)` : ''}`,
    };
  }
  if (p?.stage === 'verify') return { text: `Verifying ${p.file}…` };
  if (p?.stage === 'retry') return { text: `The worker stopped responding (${p.reason}). It was restarted; trying again…` };
  if (p?.stage === 'load') return { text: `Loading the model on ${p.backend === 'webgpu' ? 'WebGPU' : 'WASM'}…` };
  if (p?.stage === 'run') return { value: (100 * p.index) / p.count, text: p.count > 1 ? `Running: ${itemNoun} ${p.index + 1} of ${p.count}` : 'Running…' };
  if (p?.stage === 'step') {
    const part = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const where = p.count > 1 ? `${itemNoun[0].toUpperCase()}${itemNoun.slice(1)} ${p.index + 1} of ${p.count}: ` : '';
    return { value: (100 * (p.index + part)) / p.count, text: `${where}${p.step}${p.total > 0 ? ` ${p.done} of ${p.total}` : '…'}` };
  }
  return { text: 'Starting…' };
}

/** Where and how a finished run ran, and a WebGPU→WASM fallback if there was one. */
export function RunInfoLine({ info }: { info: RunInfo }) {
  return (
    <div className="status" role="status" data-testid="run-info" data-backend={info.backend}>
      Ran on <strong>{info.backend === 'webgpu' ? 'WebGPU' : `WASM (${info.threads} thread${info.threads > 1 ? 's' : ''})`}</strong> · {info.dtype}
      {info.loadMs > 0 && <> · model loaded in {Math.round(info.loadMs)} ms</>}
      {info.tuned && (
        <div className="muted small" data-testid="tuned-why">
          Tuned for this device: {info.tuned}
        </div>
      )}
      {info.fallback && (
        <div className="notice" data-testid="fallback-notice">
          WebGPU failed, so this ran on WASM instead. ({info.fallback.reason})
        </div>
      )}
      {info.retried && (
        <div className="notice" data-testid="retried-notice">
          The worker stopped responding ({info.retried.reason}), so it was restarted and the run tried again.
        </div>
      )}
    </div>
  );
}

/**
 * Progress while running (download bytes and percent, model loading, item i of n; or `shown`, a task's
 * own words for it) with a cancel button, then the outcome.
 */
export function RunStatus({
  state,
  onCancel,
  itemNoun = 'image',
  shown,
  cancelLabel = 'Cancel',
  showCancel = true,
}: {
  state: TaskRunState;
  onCancel: () => void;
  itemNoun?: string;
  shown?: { text: string; value?: number };
  cancelLabel?: string;
  /** False when the panel has its own cancel (stop) button. */
  showCancel?: boolean;
}) {
  return (
    <div className="run-anchor" ref={useScrollIntoViewOnStart(state.runId, state.running)}>
      <RunStatusBody state={state} onCancel={onCancel} itemNoun={itemNoun} shown={shown} cancelLabel={cancelLabel} showCancel={showCancel} />
    </div>
  );
}

/**
 * When a run starts and its status sits in the lower part of the screen (a phone, after picking a photo at the
 * top of a long page), the page scrolls so that the status, and the results that follow it, are in view.
 */
function useScrollIntoViewOnStart(runId: number, running: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!running || !el) return;
    const top = el.getBoundingClientRect().top;
    if (top > 0.4 * window.innerHeight || top < 0) el.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [runId, running]);
  return ref;
}

function RunStatusBody({
  state,
  onCancel,
  itemNoun,
  shown,
  cancelLabel,
  showCancel,
}: {
  state: TaskRunState;
  onCancel: () => void;
  itemNoun: string;
  shown?: { text: string; value?: number };
  cancelLabel: string;
  showCancel: boolean;
}) {
  if (state.running) {
    const { text, value } = shown ?? progressText(state.progress, itemNoun);
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
        {state.retry && (
          <>
            {' '}
            <button type="button" onClick={state.retry}>
              Retry
            </button>
          </>
        )}
      </div>
    );
  }
  if (state.cancelled)
    return (
      <div role="status" data-testid="run-cancelled">
        {cancelLabel === 'Stop' ? 'Stopped.' : 'Cancelled.'}
      </div>
    );
  return state.info ? <RunInfoLine info={state.info} /> : null;
}
