/**
 * Route #/benchmark (lazy-loaded): how fast each task runs on this device, per setting (WASM at each thread
 * count, WebGPU, each dtype), on built-in inputs; results kept in IndexedDB and exportable; "Tune for this
 * device" stores the fastest setting per task for Settings' Automatic.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import './benchmark.css';
import { defaultModelId, findModel, modelsForTask } from '../../model-store/catalog';
import { FEATURES } from '../../features/registry';
import { downloadJson, downloadText } from '../../features/common/export';
import type { TaskId } from '../../protocol/messages';
import { getCapabilities } from '../../runtime/capabilities';
import { describeDevice, deviceKey, type DeviceDescription } from '../../runtime/device';
import { clearTuning, loadTuning, onTuningChanged, settingLabel, tunedWhy, type TuningRecord } from '../../runtime/tuning';
import { LatencyChart } from './Chart';
import { benchFileName, recordsToCsv, recordsToJson } from './exporting';
import { addRecord, clearHistory, loadHistory, type BenchRecord } from './history';
import { benchmarkSetting, type BenchResult } from './runner';
import { sampleInput } from './samples';
import { benchSettings, settingKey } from './settings';
import { fmtMs } from './stats';
import { isReady, runTuning, type TuneTaskOutcome } from './tune';

const titleOf = (task: TaskId) => FEATURES.find((f) => f.task === task)?.title ?? task;

interface TaskPlan {
  enabled: boolean;
  modelId: string;
  /** Setting labels left out by the user. */
  off: string[];
}

export default function BenchmarkPage() {
  const [device, setDevice] = useState<DeviceDescription>();
  const [plans, setPlans] = useState<Partial<Record<TaskId, TaskPlan>>>({});
  const [warmRuns, setWarmRuns] = useState(30);
  const [running, setRunning] = useState<'bench' | 'tune' | null>(null);
  const [progress, setProgress] = useState<{ text: string; value: number }>();
  const [note, setNote] = useState<{ kind: 'cancelled' | 'error' | 'done'; text: string }>();
  const [history, setHistory] = useState<BenchRecord[]>([]);
  const [shownId, setShownId] = useState<string>();
  const [compareId, setCompareId] = useState<string>();
  const [tuning, setTuning] = useState<TuningRecord>();
  const [tuneOutcome, setTuneOutcome] = useState<TuneTaskOutcome[]>();
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    void getCapabilities().then((caps) => setDevice(describeDevice(caps)));
    void loadHistory().then((h) => {
      setHistory(h);
      setShownId(h[0]?.id);
    });
    // Default plan: every task, its default model; those whose model is on hand (served or stored) are listed
    // first, only the first of them ticked (a benchmark of every task takes minutes).
    void (async () => {
      const next: Partial<Record<TaskId, TaskPlan>> = {};
      let first = true;
      for (const f of FEATURES) {
        const modelId = defaultModelId(f.task);
        const ready = await isReady(findModel(modelId)!);
        next[f.task] = { enabled: ready && first, modelId, off: [] };
        if (ready) first = false;
      }
      setPlans(next);
    })();
    return () => abort.current?.abort();
  }, []);
  const key = device && deviceKey(device);
  useEffect(() => {
    if (!key) return;
    const read = () => setTuning(loadTuning(key));
    read();
    return onTuningChanged(read);
  }, [key]);

  const shown = history.find((r) => r.id === shownId);
  const compare = history.find((r) => r.id === compareId && r.id !== shownId);
  const update = (task: TaskId, patch: Partial<TaskPlan>) => setPlans((p) => ({ ...p, [task]: { ...p[task]!, ...patch } }));

  const settingsFor = useMemo(
    () => (task: TaskId) => {
      const plan = plans[task];
      const entry = plan && findModel(plan.modelId);
      return entry && device ? benchSettings(entry, device) : [];
    },
    [plans, device],
  );

  async function runBenchmark() {
    if (!device || running) return;
    const ctrl = new AbortController();
    abort.current = ctrl;
    setRunning('bench');
    setNote(undefined);
    const jobs = FEATURES.filter((f) => plans[f.task]?.enabled).flatMap((f) =>
      settingsFor(f.task)
        .filter((s) => !s.unavailable && !plans[f.task]!.off.includes(s.label))
        .map((setting) => ({ task: f.task, modelId: plans[f.task]!.modelId, setting })),
    );
    const record: BenchRecord = {
      id: `${Date.now()}`,
      date: new Date().toISOString(),
      device,
      deviceKey: deviceKey(device),
      warmRuns,
      inputs: {},
      results: [],
    };
    try {
      for (let j = 0; j < jobs.length; j++) {
        const { task, modelId, setting } = jobs[j];
        const sample = await sampleInput(task);
        record.inputs[task] = sample.name;
        const where = `${titleOf(task)} · ${setting.label}`;
        setProgress({ text: `${where}: starting`, value: j / jobs.length });
        const r: BenchResult = await benchmarkSetting({
          task,
          modelId,
          setting,
          input: sample.input,
          options: sample.options,
          warmRuns,
          signal: ctrl.signal,
          onProgress: (p) =>
            setProgress({
              text:
                p.phase === 'load' ? `${where}: loading the model` : p.done <= 1 ? `${where}: first run` : `${where}: warm run ${p.done - 1} of ${p.total - 1}`,
              value: (j + p.done / p.total) / jobs.length,
            }),
        });
        record.results.push(r);
        if (ctrl.signal.aborted) throw new Error('cancelled');
      }
      setNote({ kind: 'done', text: `Benchmark done: ${record.results.length} setting${record.results.length === 1 ? '' : 's'}.` });
    } catch (err) {
      if (ctrl.signal.aborted) {
        record.cancelled = true;
        setNote({
          kind: 'cancelled',
          text: `Cancelled: the benchmark's worker was stopped. ${record.results.length} setting${record.results.length === 1 ? '' : 's'} finished before.`,
        });
      } else setNote({ kind: 'error', text: `The benchmark stopped: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setRunning(null);
      setProgress(undefined);
      abort.current = null;
    }
    if (record.results.length) {
      try {
        setHistory(await addRecord(record));
      } catch {
        setHistory((h) => [record, ...h]);
      }
      setShownId(record.id);
    }
  }

  async function tune() {
    if (!device || running) return;
    const ctrl = new AbortController();
    abort.current = ctrl;
    setRunning('tune');
    setNote(undefined);
    setTuneOutcome(undefined);
    try {
      const out = await runTuning({ device, signal: ctrl.signal, onProgress: (text, value) => setProgress({ text: `Tuning: ${text}`, value }) });
      setTuneOutcome(out);
      setNote({
        kind: 'done',
        text: `Tuned: ${out.filter((o) => o.choice).length} task${out.filter((o) => o.choice).length === 1 ? '' : 's'}. Settings' Automatic now uses these choices.`,
      });
    } catch (err) {
      if (ctrl.signal.aborted) setNote({ kind: 'cancelled', text: 'Tuning cancelled: nothing was changed.' });
      else setNote({ kind: 'error', text: `Tuning stopped: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setRunning(null);
      setProgress(undefined);
      abort.current = null;
    }
  }

  const exportRecords = shown ? [shown] : [];
  return (
    <section className="panel bench" aria-labelledby="bench-title" data-running={running ?? 'false'}>
      <h1 id="bench-title">Benchmark</h1>
      <p className="muted">
        How fast each task runs on this device, for every setting it has. Built-in inputs (a drawn picture, a drawn page of text, a paragraph), so it works
        offline. Times are measured inside the worker around each model call (pre- and post-processing included, decoding the input excluded), like{' '}
        <code>npm run bench</code>.
      </p>

      <h2>This device</h2>
      {device ? (
        <dl className="facts" data-testid="bench-device">
          <dt>CPU cores</dt>
          <dd>{device.cores}</dd>
          <dt>Memory</dt>
          <dd>{device.memoryGB ? `≥ ${device.memoryGB} GB (browser's hint)` : 'not reported by this browser'}</dd>
          <dt>WebGPU</dt>
          <dd data-testid="bench-webgpu">
            {device.webgpu.available
              ? `${device.webgpu.adapter}${device.webgpu.software ? ' — software adapter (slow, not a GPU timing)' : ''}`
              : `not available — ${device.webgpu.reason ?? 'no adapter'}`}
          </dd>
          {device.webgpu.available && (
            <>
              <dt>shader-f16</dt>
              <dd>{device.webgpu.shaderF16 ? 'yes' : 'no'}</dd>
            </>
          )}
          <dt>Cross-origin isolated</dt>
          <dd>{device.crossOriginIsolated ? 'yes (WASM can use several threads)' : 'no (WASM runs on one thread)'}</dd>
          <dt>Browser</dt>
          <dd>{device.browser}</dd>
        </dl>
      ) : (
        <p className="muted">Detecting…</p>
      )}

      <h2>Tuned for this device</h2>
      <p className="muted">
        A short run of each task at every setting (about 20 s of runs, plus loading the models) that keeps the fastest setting giving the same output. Settings'
        Automatic then uses it. It is forgotten when the device, browser or GPU adapter changes.
      </p>
      <div className="controls">
        <button type="button" onClick={() => void tune()} disabled={!device || !!running}>
          Tune for this device
        </button>
        {tuning && Object.keys(tuning.choices).length > 0 && (
          <button type="button" onClick={() => clearTuning()} disabled={!!running}>
            Forget the tuning
          </button>
        )}
      </div>
      {tuning && Object.keys(tuning.choices).length > 0 ? (
        <table className="bench-table" data-testid="tuned-choices">
          <thead>
            <tr>
              <th>Task</th>
              <th>Model</th>
              <th>Choice</th>
            </tr>
          </thead>
          <tbody>
            {FEATURES.filter((f) => tuning.choices[f.task]).map((f) => {
              const c = tuning.choices[f.task]!;
              return (
                <tr key={f.task} data-testid="tuned-choice" data-task={f.task} data-backend={c.backend} data-threads={c.threads} data-dtype={c.dtype}>
                  <td>{f.title}</td>
                  <td>{findModel(c.modelId)?.title ?? c.modelId}</td>
                  <td>{tunedWhy(c)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="not-tuned">
          Not tuned yet: Automatic uses the built-in rules.
        </p>
      )}
      {tuneOutcome && (
        <ul className="muted small" data-testid="tune-outcome">
          {tuneOutcome.map((o) => (
            <li key={o.task} data-task={o.task}>
              {titleOf(o.task)}: {o.skipped ? `skipped — ${o.skipped}` : o.choice ? `${settingLabel(o.choice)} · ${o.choice.dtype}` : ''}
              {o.results.length > 0 && <> ({o.results.map((r) => `${r.setting.label}: ${r.error ?? `p50 ${fmtMs(r.stats?.p50)} ms`}`).join('; ')})</>}
            </li>
          ))}
        </ul>
      )}

      <h2>Benchmark</h2>
      <fieldset disabled={!!running}>
        <legend>What to measure</legend>
        {FEATURES.map((f) => {
          const plan = plans[f.task];
          if (!plan) return null;
          return (
            <div key={f.task} className="bench-task" data-testid="bench-task" data-task={f.task}>
              <label className="check">
                <input type="checkbox" checked={plan.enabled} onChange={(e) => update(f.task, { enabled: e.target.checked })} /> {f.title}
              </label>{' '}
              <select aria-label={`${f.title} model`} value={plan.modelId} onChange={(e) => update(f.task, { modelId: e.target.value, off: [] })}>
                {modelsForTask(f.task).map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.title}
                    {m.testOnly ? ' (test model)' : ''}
                  </option>
                ))}
              </select>
              {plan.enabled && (
                <div className="bench-settings">
                  {settingsFor(f.task).map((s) => (
                    <label key={s.label} className="check small" title={s.unavailable}>
                      <input
                        type="checkbox"
                        disabled={!!s.unavailable}
                        checked={!s.unavailable && !plan.off.includes(s.label)}
                        onChange={(e) => update(f.task, { off: e.target.checked ? plan.off.filter((o) => o !== s.label) : [...plan.off, s.label] })}
                      />{' '}
                      {s.label}
                      {s.unavailable ? ` (not here: ${s.unavailable})` : ''}
                    </label>
                  ))}
                </div>
              )}
            </div>
          );
        })}
        <label>
          Warm runs{' '}
          <input
            type="number"
            min={1}
            max={1000}
            value={warmRuns}
            onChange={(e) => setWarmRuns(Math.max(1, Math.min(1000, Math.round(Number(e.target.value) || 1))))}
          />
        </label>
      </fieldset>
      <div className="controls">
        <button type="button" onClick={() => void runBenchmark()} disabled={!device || !!running || !FEATURES.some((f) => plans[f.task]?.enabled)}>
          Run benchmark
        </button>
      </div>
      {running && (
        <div className="status" role="status" aria-live="polite">
          <progress max={100} value={progress ? Math.round(progress.value * 100) : undefined} aria-label="Progress" />
          <span data-testid="bench-progress">{progress?.text ?? 'Starting…'}</span>
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </div>
      )}
      {note && (
        <div className={note.kind === 'error' ? 'error' : 'status'} role={note.kind === 'error' ? 'alert' : 'status'} data-testid={`bench-${note.kind}`}>
          {note.text}
        </div>
      )}

      {shown && (
        <>
          <h2>
            Results of {new Date(shown.date).toLocaleString()}
            {shown.cancelled ? ' (cancelled)' : ''}
          </h2>
          <p className="muted small">
            {shown.warmRuns} warm runs per setting after one first run · {shown.deviceKey}
            {shown.deviceKey !== key && key ? ' · measured on another device or browser' : ''}
          </p>
          <div className="bench-scroll">
            <table className="bench-table" data-testid="bench-results">
              <thead>
                <tr>
                  <th>Task</th>
                  <th>Setting</th>
                  <th>Load ms</th>
                  <th>First run ms</th>
                  <th>P50 ms</th>
                  <th>P95 ms</th>
                  <th>P99 ms</th>
                  <th>Runs/s</th>
                  {compare && <th>P50 on {new Date(compare.date).toLocaleDateString()}</th>}
                </tr>
              </thead>
              <tbody>
                {shown.results.map((r, i) => {
                  const before = compare?.results.find((c) => c.task === r.task && c.modelId === r.modelId && settingKey(c.setting) === settingKey(r.setting));
                  return (
                    <tr
                      key={i}
                      data-testid="bench-row"
                      data-task={r.task}
                      data-backend={r.setting.backend}
                      data-threads={r.setting.threads}
                      data-dtype={r.setting.dtype}
                      data-error={r.error ? 'true' : 'false'}
                    >
                      <td title={r.modelId}>{titleOf(r.task)}</td>
                      <td>
                        {r.setting.label}
                        {r.cancelled ? ' (cancelled)' : ''}
                      </td>
                      {r.error ? (
                        <td colSpan={6} className="error">
                          {r.error}
                        </td>
                      ) : (
                        <>
                          <td>{fmtMs(r.loadMs)}</td>
                          <td>{fmtMs(r.firstMs)}</td>
                          <td data-testid="p50">{fmtMs(r.stats?.p50)}</td>
                          <td data-testid="p95">{fmtMs(r.stats?.p95)}</td>
                          <td data-testid="p99">{fmtMs(r.stats?.p99)}</td>
                          <td>{r.stats ? r.stats.runsPerSec.toFixed(1) : '—'}</td>
                        </>
                      )}
                      {compare && (
                        <td>
                          {before?.stats && r.stats
                            ? `${fmtMs(before.stats.p50)} (${r.stats.p50 <= before.stats.p50 ? '−' : '+'}${Math.abs(Math.round((100 * (r.stats.p50 - before.stats.p50)) / before.stats.p50))}%)`
                            : '—'}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <LatencyChart results={shown.results} />
          <p className="muted small">Dots: each warm run; box: P50 to P95; red mark: P99.</p>
        </>
      )}
      <div className="controls">
        <button type="button" disabled={!exportRecords.length || !!running} onClick={() => downloadJson(benchFileName('json'), recordsToJson(exportRecords))}>
          Export JSON
        </button>
        <button
          type="button"
          disabled={!exportRecords.length || !!running}
          onClick={() => downloadText(benchFileName('csv'), recordsToCsv(exportRecords), 'text/csv;charset=utf-8')}
        >
          Export CSV
        </button>
      </div>

      {history.length > 0 && (
        <>
          <h2>History</h2>
          <table className="bench-table" data-testid="bench-history">
            <thead>
              <tr>
                <th>Date</th>
                <th>Settings</th>
                <th>Device</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.map((r) => (
                <tr key={r.id} data-testid="history-row">
                  <td>{new Date(r.date).toLocaleString()}</td>
                  <td>
                    {r.results.length}
                    {r.cancelled ? ' (cancelled)' : ''}
                  </td>
                  <td className="small">{r.deviceKey}</td>
                  <td>
                    {r.id === shownId ? (
                      'shown'
                    ) : (
                      <>
                        <button type="button" onClick={() => setShownId(r.id)}>
                          Show
                        </button>{' '}
                        <button type="button" onClick={() => setCompareId(r.id === compareId ? undefined : r.id)} aria-pressed={r.id === compareId}>
                          Compare
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="controls">
            <button
              type="button"
              disabled={!!running}
              onClick={() =>
                void clearHistory().then(() => {
                  setHistory([]);
                  setShownId(undefined);
                })
              }
            >
              Clear history
            </button>
          </div>
        </>
      )}
    </section>
  );
}
