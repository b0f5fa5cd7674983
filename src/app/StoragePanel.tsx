/** What is downloaded, how big, from where, and a way to delete it or fetch it ahead of time. */
import { useCallback, useEffect, useState } from 'react';
import { CATALOG } from '../model-store/catalog';
import { bytesFor } from '../model-store/catalog-types';
import { modelBytes, modelVerified, type StoredModelMeta } from '../model-store/metadata';
import { formatBytes, toPayload } from '../protocol/errors';
import { FEATURES } from '../features/registry';
import { cacheSizes, pageStore } from '../runtime/page-store';

const date = (t: number) => new Date(t).toLocaleString();

export function StoragePanel() {
  const [stored, setStored] = useState<StoredModelMeta[]>([]);
  const [estimate, setEstimate] = useState<StorageEstimate>();
  const [runtime, setRuntime] = useState<{ name: string; bytes: number; entries: number }[]>([]);
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [persisted, setPersisted] = useState<boolean>();

  const refresh = useCallback(async () => {
    setStored(await pageStore().list());
    setEstimate(await navigator.storage?.estimate?.());
    setRuntime(await cacheSizes());
    setPersisted(await navigator.storage?.persisted?.());
  }, []);
  useEffect(() => void refresh(), [refresh]);

  const download = async (id: string) => {
    const entry = CATALOG.find((m) => m.id === id)!;
    setError(undefined);
    try {
      await pageStore().ensure(entry, entry.backends.wasm.dtype, {
        onProgress: (p) =>
          setBusy((b) => ({ ...b, [id]: p.totalBytes ? `${Math.round((100 * p.totalLoaded) / p.totalBytes)}%` : formatBytes(p.totalLoaded) })),
      });
    } catch (err) {
      setError(toPayload(err).message);
    }
    setBusy(({ [id]: _, ...rest }) => rest);
    await refresh();
  };

  const remove = async (id: string) => {
    await pageStore().remove(id);
    await refresh();
  };

  return (
    <section className="panel" aria-labelledby="storage-title">
      <h1 id="storage-title">Storage</h1>
      <p>
        Models are downloaded once, checked and kept on this device so every task works offline.{' '}
        {estimate?.quota ? (
          <>
            This app uses <strong>{formatBytes(estimate.usage ?? 0)}</strong> of the <strong>{formatBytes(estimate.quota)}</strong> the browser allows it.
          </>
        ) : null}
      </p>
      {persisted === false && navigator.storage?.persist && (
        <p>
          The browser may clear these files when space runs low.{' '}
          <button type="button" onClick={async () => setPersisted(await navigator.storage.persist())}>
            Ask to keep them
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="models" aria-label="Models">
        <thead>
          <tr>
            <th>Model</th>
            <th>Task</th>
            <th>Size</th>
            <th>Status</th>
            <th>Source</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {CATALOG.map((m) => {
            const meta = stored.find((s) => s.id === m.id);
            const expected = bytesFor(m, m.backends.wasm.dtype);
            const sources = meta ? [...new Set(Object.values(meta.files).map((f) => f.source))].join(' + ') : m.source;
            return (
              <tr key={m.id} data-model={m.id}>
                <td>
                  <strong>{m.title}</strong>
                  <br />
                  <code>{m.id}</code> · {m.licence}
                </td>
                <td>{FEATURES.find((f) => f.task === m.task)?.title}</td>
                <td>{meta ? formatBytes(modelBytes(meta)) : `${expected.exact ? '' : '≈ '}${formatBytes(expected.bytes)}`}</td>
                <td>
                  {meta ? (
                    <>
                      Stored {date(meta.firstStoredAt)}
                      <br />
                      {modelVerified(meta) ? '✓ checksum verified' : 'size checked (no checksum known)'}
                    </>
                  ) : busy[m.id] ? (
                    `Downloading… ${busy[m.id]}`
                  ) : (
                    'Not downloaded'
                  )}
                </td>
                <td>{sources}</td>
                <td>{meta ? date(meta.lastUsedAt) : '—'}</td>
                <td>
                  {meta ? (
                    <button type="button" onClick={() => void remove(m.id)}>
                      Delete
                    </button>
                  ) : (
                    <button type="button" disabled={!!busy[m.id]} onClick={() => void download(m.id)}>
                      Download
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>App and runtime</h2>
      <ul>
        {runtime.map((c) => (
          <li key={c.name}>
            <code>{c.name}</code>: {formatBytes(c.bytes)} in {c.entries} files
          </li>
        ))}
        {runtime.length === 0 && <li className="muted">Nothing cached yet.</li>}
      </ul>
    </section>
  );
}
