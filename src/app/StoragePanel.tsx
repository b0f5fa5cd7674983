/** What is downloaded, how big, from where, and a way to delete it or fetch it ahead of time. */
import { useCallback, useEffect, useState } from 'react';
import { CATALOG, reachable } from '../model-store/catalog';
import { bytesFor, filesFor, type FileSpec } from '../model-store/catalog-types';
import { modelBytes, modelVerified, type StoredModelMeta } from '../model-store/metadata';
import { toPayload } from '../protocol/errors';
import { formatBytes } from '../lib/format';
import { FEATURES } from '../features/registry';
import { ORT_RUNTIME, RUNTIME_LABEL } from '../model-store/runtime';
import { cacheSizes, notifyStoreChanged, pageStore, runtimeBaseUrl, STORE_CHANGED } from '../runtime/page-store';
import { readOfflineStatus, summarizeOffline, type OfflineSummary } from './offline-status';

type RuntimeStatus = Awaited<ReturnType<ReturnType<typeof pageStore>['runtimeStatus']>>;
const RUNTIME_ROW = 'runtime';

const date = (t: number) => new Date(t).toLocaleString();

export function StoragePanel() {
  const [stored, setStored] = useState<StoredModelMeta[]>([]);
  const [estimate, setEstimate] = useState<StorageEstimate>();
  const [runtime, setRuntime] = useState<{ name: string; bytes: number; entries: number }[]>([]);
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [persisted, setPersisted] = useState<boolean>();
  const [ort, setOrt] = useState<RuntimeStatus>();
  const [offline, setOffline] = useState<OfflineSummary>();
  /** Per stored model: the files its default dtype needs that are not stored (or not in the current version). */
  const [missing, setMissing] = useState<Record<string, FileSpec[]>>({});
  /** Per model: the outcome of its last Re-verify. */
  const [checked, setChecked] = useState<Record<string, string>>({});

  const refresh = useCallback(async () => {
    const list = await pageStore().list();
    const gaps: Record<string, FileSpec[]> = {};
    for (const meta of list) {
      const entry = CATALOG.find((m) => m.id === meta.id);
      if (entry) gaps[meta.id] = await pageStore().missingFiles(entry, entry.backends.wasm.dtype);
    }
    setMissing(gaps);
    setStored(list);
    setOrt(await pageStore().runtimeStatus(runtimeBaseUrl()));
    setOffline(summarizeOffline(await readOfflineStatus()));
    setEstimate(await navigator.storage?.estimate?.());
    setRuntime(await cacheSizes());
    setPersisted(await navigator.storage?.persisted?.());
  }, []);
  useEffect(() => {
    void refresh();
    const changed = () => void refresh();
    window.addEventListener(STORE_CHANGED, changed);
    return () => window.removeEventListener(STORE_CHANGED, changed);
  }, [refresh]);

  const progress = (id: string) => (p: { totalLoaded: number; totalBytes: number | null }) =>
    setBusy((b) => ({ ...b, [id]: p.totalBytes ? `${Math.round((100 * p.totalLoaded) / p.totalBytes)}%` : formatBytes(p.totalLoaded) }));

  const download = async (id: string) => {
    const entry = CATALOG.find((m) => m.id === id)!;
    setError(undefined);
    try {
      // A model downloaded ahead must work offline: the runtime that runs it is stored with it.
      await pageStore().ensureRuntime(runtimeBaseUrl(), { onProgress: progress(id) });
      await pageStore().ensure(entry, entry.backends.wasm.dtype, { onProgress: progress(id) });
    } catch (err) {
      setError(toPayload(err).message);
    }
    setBusy(({ [id]: _, ...rest }) => rest);
    notifyStoreChanged();
  };

  const downloadRuntime = async () => {
    setError(undefined);
    try {
      await pageStore().ensureRuntime(runtimeBaseUrl(), { onProgress: progress(RUNTIME_ROW) });
    } catch (err) {
      setError(toPayload(err).message);
    }
    setBusy(({ [RUNTIME_ROW]: _, ...rest }) => rest);
    notifyStoreChanged();
  };

  const remove = async (id: string) => {
    await pageStore().remove(id);
    notifyStoreChanged();
  };

  const reverify = async (id: string) => {
    setBusy((b) => ({ ...b, [id]: 'checking' }));
    try {
      const { checked: files, failed } = await pageStore().reverify(id);
      setChecked((c) => ({
        ...c,
        [id]: failed.length
          ? `${failed.join(', ')} did not match ${failed.length === 1 ? 'its' : 'their'} checksum and ${failed.length === 1 ? 'was' : 'were'} deleted: download ${failed.length === 1 ? 'it' : 'them'} again.`
          : `✓ all ${files.length} files match their checksums (${new Date().toLocaleTimeString()}).`,
      }));
    } catch (err) {
      setChecked((c) => ({ ...c, [id]: toPayload(err).message }));
    }
    setBusy(({ [id]: _, ...rest }) => rest);
    notifyStoreChanged();
  };

  const removeRuntime = async () => {
    await pageStore().removeRuntime(runtimeBaseUrl());
    notifyStoreChanged();
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
          <button type="button" onClick={() => void navigator.storage.persist().then(setPersisted)}>
            Ask to keep them
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {offline && (
        <div className="offline-summary" data-testid="storage-offline">
          <h2>Offline</h2>
          <p>
            <strong>{offline.text}.</strong> {offline.details.join(' ')}
          </p>
        </div>
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
          <tr data-model={RUNTIME_ROW} data-testid="runtime-row">
            <td>
              <strong>{RUNTIME_LABEL} (WebAssembly)</strong>
              <br />
              <code>onnxruntime-web {ORT_RUNTIME.version}</code> · MIT · runs every model
              <br />
              <span className="muted small">{ORT_RUNTIME.files.map((f) => f.name).join(', ')}</span>
            </td>
            <td>All tasks</td>
            <td>{formatBytes(ort?.bytes ?? 0)}</td>
            <td>
              {ort?.stored ? (
                <>
                  Stored{ort.storedAt ? ` ${date(ort.storedAt)}` : ''}
                  <br />✓ checksum verified
                </>
              ) : busy[RUNTIME_ROW] ? (
                `Downloading… ${busy[RUNTIME_ROW]}`
              ) : ort?.files.some((f) => f.stored) ? (
                'Partly stored'
              ) : (
                'Not downloaded'
              )}
            </td>
            <td>self-hosted</td>
            <td>—</td>
            <td>
              {ort?.stored ? (
                <button type="button" onClick={() => void removeRuntime()}>
                  Delete
                </button>
              ) : (
                <button type="button" disabled={!!busy[RUNTIME_ROW]} onClick={() => void downloadRuntime()}>
                  Download
                </button>
              )}
            </td>
          </tr>
          {CATALOG.filter((m) => reachable(m)).map((m) => {
            const meta = stored.find((s) => s.id === m.id);
            const expected = bytesFor(m, m.backends.wasm.dtype);
            const sources = meta ? [...new Set(Object.values(meta.files).map((f) => f.source))].join(' + ') : m.source;
            const gap = meta ? (missing[m.id] ?? []) : [];
            const need = filesFor(m, m.backends.wasm.dtype).length;
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
                  {busy[m.id] === 'checking' ? (
                    'Checking…'
                  ) : meta && busy[m.id] ? (
                    `Downloading missing files… ${busy[m.id]}`
                  ) : meta && gap.length ? (
                    <span data-testid="model-partial">
                      Partly stored: {need - gap.length} of {need} files
                      <br />
                      {formatBytes(gap.reduce((a, f) => a + (f.size ?? f.approxSize ?? 0), 0))} missing ({gap.map((f) => f.path).join(', ')})
                    </span>
                  ) : meta ? (
                    <>
                      Stored {date(meta.firstStoredAt)}
                      <br />
                      {modelVerified(meta) ? '✓ checksum verified' : 'size checked; checksum of the first download recorded'}
                    </>
                  ) : busy[m.id] ? (
                    `Downloading… ${busy[m.id]}`
                  ) : (
                    'Not downloaded'
                  )}
                  {checked[m.id] && (
                    <p className="small" role="status" data-testid="reverify-result">
                      {checked[m.id]}
                    </p>
                  )}
                </td>
                <td>{sources}</td>
                <td>{meta ? date(meta.lastUsedAt) : '—'}</td>
                <td>
                  {meta ? (
                    <>
                      {gap.length > 0 && (
                        <button type="button" disabled={!!busy[m.id]} onClick={() => void download(m.id)}>
                          Download missing files
                        </button>
                      )}
                      <button type="button" disabled={!!busy[m.id]} onClick={() => void reverify(m.id)}>
                        Re-verify
                      </button>
                      <button type="button" disabled={!!busy[m.id]} onClick={() => void remove(m.id)}>
                        Delete
                      </button>
                    </>
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
