import { bytesFor, type ModelEntry } from '../../model-store/catalog-types';
import { modelsForTask, reachable } from '../../model-store/catalog';
import { formatBytes } from '../../lib/format';
import type { TaskId } from '../../protocol/messages';

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
  // Only what this build can get (a self-hosted model, test models included, only where its folder is served).
  const real = models.filter((m) => !m.testOnly && (reachable(m) || m.id === value));
  const test = models.filter((m) => m.testOnly && (reachable(m) || m.id === value));
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
