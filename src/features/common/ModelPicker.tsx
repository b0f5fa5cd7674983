import { useEffect, useState } from 'react';
import { bytesFor, type ModelEntry } from '../../model-store/catalog-types';
import { modelsForTask } from '../../model-store/catalog';
import { formatBytes } from '../../protocol/errors';
import type { TaskId } from '../../protocol/messages';

/** Test models that this site's model folder actually serves (checked once per page; absent in normal deployments). */
const served = new Map<string, Promise<boolean>>();
function isServed(id: string): Promise<boolean> {
  let p = served.get(id);
  if (!p) {
    p = fetch(`${import.meta.env.BASE_URL}models/${id}/config.json`, { method: 'HEAD', cache: 'no-store' }).then(
      (r) => r.ok && !(r.headers.get('content-type') ?? '').includes('text/html'),
      () => false,
    );
    served.set(id, p);
  }
  return p;
}

/** The ids of the test models (among `models`) that this site serves. */
function useServedTestModels(models: ModelEntry[]): ReadonlySet<string> {
  const [available, setAvailable] = useState<ReadonlySet<string>>(new Set());
  const testIds = models
    .filter((m) => m.testOnly)
    .map((m) => m.id)
    .join('|');
  useEffect(() => {
    let live = true;
    const ids = testIds ? testIds.split('|') : [];
    void Promise.all(ids.map(async (id) => ((await isServed(id)) ? id : null))).then((ok) => {
      if (live) setAvailable((prev) => new Set([...prev, ...ok.filter((x): x is string => !!x)]));
    });
    return () => {
      live = false;
    };
  }, [testIds]);
  return available;
}

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
  const available = useServedTestModels(models);
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
  const test = models.filter((m) => m.testOnly && (available.has(m.id) || m.id === value));
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
