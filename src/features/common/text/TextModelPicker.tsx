import { useEffect, useState } from 'react';
import { bytesFor } from '../../../model-store/catalog-types';
import { formatBytes } from '../../../protocol/errors';
import type { TextModelEntry } from './text-model';

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

/**
 * Model choice for the text tasks: real models first; the tiny generated test models in their own,
 * clearly named group, and only where this site serves them (test and benchmark builds).
 */
export function TextModelPicker({ models, value, onChange, disabled, note }: { models: TextModelEntry[]; value: string; onChange: (id: string) => void; disabled?: boolean; note?: string }) {
  const current = models.find((m) => m.id === value);
  const option = (m: TextModelEntry) => {
    const dtype = m.backends.wasm.dtype;
    const size = bytesFor(m, dtype);
    return (
      <option key={m.id} value={m.id}>
        {m.title} — {size.exact ? '' : '≈'}
        {formatBytes(size.bytes)}
        {m.source === 'hub' ? ' (Hub)' : ''}
      </option>
    );
  };
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
  const real = models.filter((m) => !m.testOnly);
  const test = models.filter((m) => m.testOnly && (available.has(m.id) || m.id === value));
  return (
    <div className="model-picker">
      <label>
        Model{' '}
        <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} data-testid="model-select">
          <optgroup label="Models">{real.map(option)}</optgroup>
          {test.length > 0 && <optgroup label="Test models (random weights, meaningless output)">{test.map(option)}</optgroup>}
        </select>
      </label>
      {note && <p className="muted small" data-testid="model-note">{note}</p>}
      {current && (
        <p className={current.testOnly ? 'notice' : 'muted'} data-testid="model-description">
          {current.description}
        </p>
      )}
    </div>
  );
}
