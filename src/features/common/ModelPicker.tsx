import { bytesFor, type ModelEntry } from '../../model-store/catalog-types';
import { modelsForTask } from '../../model-store/catalog';
import { formatBytes } from '../../protocol/errors';
import type { TaskId } from '../../protocol/messages';

/** The generated test models this build serves (vite.config.ts; none in a normal deployment). */
declare const __TEST_MODELS__: string[];
const SERVED_TEST_MODELS: ReadonlySet<string> = new Set(__TEST_MODELS__);

/**
 * Model choice for a task (or an explicit list): real models first, with their download size; the tiny
 * generated test models in their own, clearly named group, and only where this site serves them (test
 * and benchmark builds).
 */
export function ModelPicker({
  task,
  models = task ? modelsForTask(task) : [],
  value,
  onChange,
  disabled,
  note,
}: {
  task?: TaskId;
  models?: ModelEntry[];
  value: string;
  onChange: (id: string) => void;
  disabled?: boolean;
  note?: string;
}) {
  const current = models.find((m) => m.id === value);
  const option = (m: ModelEntry) => {
    const size = bytesFor(m, m.backends.wasm.dtype);
    return (
      <option key={m.id} value={m.id}>
        {m.title} — {size.exact ? '' : '≈'}
        {formatBytes(size.bytes)}
        {m.source === 'hub' ? ' (Hub)' : ''}
      </option>
    );
  };
  const real = models.filter((m) => !m.testOnly);
  const test = models.filter((m) => m.testOnly && (SERVED_TEST_MODELS.has(m.id) || m.id === value));
  return (
    <div className="model-picker">
      <label>
        Model{' '}
        <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} data-testid="model-select">
          {test.length > 0 ? <optgroup label="Models">{real.map(option)}</optgroup> : real.map(option)}
          {test.length > 0 && <optgroup label="Test models (random weights, meaningless output)">{test.map(option)}</optgroup>}
        </select>
      </label>
      {note && (
        <p className="muted small" data-testid="model-note">
          {note}
        </p>
      )}
      {current && (
        <p className={current.testOnly ? 'notice' : 'muted'} data-testid="model-description">
          {current.description}
        </p>
      )}
    </div>
  );
}
