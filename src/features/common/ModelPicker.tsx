import { bytesFor } from '../../model-store/catalog-types';
import { modelsForTask } from '../../model-store/catalog';
import { formatBytes } from '../../protocol/errors';
import type { TaskId } from '../../protocol/messages';

export function ModelPicker({ task, value, onChange, disabled }: { task: TaskId; value: string; onChange: (id: string) => void; disabled?: boolean }) {
  const models = modelsForTask(task);
  const current = models.find((m) => m.id === value);
  return (
    <div className="model-picker">
      <label>
        Model{' '}
        <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
          {models.map((m) => {
            const size = bytesFor(m, m.backends.wasm.dtype);
            return (
              <option key={m.id} value={m.id}>
                {m.title} — {size.exact ? '' : '≈'}
                {formatBytes(size.bytes)}
                {m.source === 'hub' ? ' (Hub)' : ''}
              </option>
            );
          })}
        </select>
      </label>
      {current && <p className="muted">{current.description}</p>}
    </div>
  );
}
