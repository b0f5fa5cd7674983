/** Route #/detect: objects found in one or many images, or in the live camera, drawn over the picture. */
import { useCallback, useState } from 'react';
import { defaultModelId, findModel } from '../../model-store/catalog';
import { ExportJsonButton } from '../common/ExportJsonButton';
import { buildExport, downloadBlob, downloadJson, exportFileName } from '../common/export';
import { useObjectUrls } from '../common/useObjectUrls';
import { ImagePicker } from '../common/ImagePicker';
import { useInbox } from '../../app/share/inbox';
import { ModelPicker } from '../common/ModelPicker';
import { RunStatus } from '../common/RunStatus';
import { confirmDownload } from '../common/confirm-download';
import { useTaskRun } from '../common/useTaskRun';
import { LiveCamera } from './Camera';
import { classColour, classCounts, DEFAULT_THRESHOLD, drawDetections, formatScore, MIN_SCORE, visibleDetections } from './overlay';
import type { DetectOutput } from './task';
import type { Detection } from './yolox';
import './detect.css';

const TASK = 'object-detection' as const;

/** Boxes as HTML over the image: percentages of the image, so they follow its displayed size; labels stay 12 px. */
export function BoxOverlay({ dets, width, height }: { dets: readonly Detection[]; width: number; height: number }) {
  return (
    <>
      {[...dets].reverse().map((d, i) => {
        const colour = classColour(d.label);
        const top = d.box.ymin / height;
        return (
          <div
            key={`${i}-${d.label}`}
            className={`det-box${top < 0.06 ? ' det-top' : ''}`}
            style={{
              left: `${(100 * d.box.xmin) / width}%`,
              top: `${100 * top}%`,
              width: `${(100 * (d.box.xmax - d.box.xmin)) / width}%`,
              height: `${(100 * (d.box.ymax - d.box.ymin)) / height}%`,
              borderColor: colour,
            }}
            aria-hidden="true"
          >
            <span className="det-tag" style={{ background: colour }}>
              {d.label} {formatScore(d.score)}
            </span>
          </div>
        );
      })}
    </>
  );
}

/** The image as displayed (EXIF orientation applied), with its boxes drawn in, as a PNG (longest side ≤ 4096 px). */
async function annotatedPng(file: File, out: DetectOutput, dets: readonly Detection[]): Promise<Blob> {
  const s = Math.min(1, 4096 / Math.max(out.width, out.height));
  const w = Math.max(1, Math.round(out.width * s));
  const h = Math.max(1, Math.round(out.height * s));
  const bmp = await createImageBitmap(file, {
    imageOrientation: 'from-image',
    ...(s < 1 ? { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' as const } : {}),
  });
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(bmp, 0, 0, w, h);
  bmp.close();
  drawDetections(ctx, dets, s, w, h);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

const stem = (name: string) => name.replace(/\.[^.]+$/, '') || 'image';
const px = (v: number) => Math.round(v);

export default function DetectPanel() {
  const [mode, setMode] = useState<'images' | 'camera'>('images');
  const [modelId, setModelId] = useState(() => defaultModelId(TASK));
  const [files, setFiles] = useState<File[]>([]);
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const { state, run, cancel } = useTaskRun(TASK);
  const urls = useObjectUrls(files);

  const outputs = state.items.map((i) => i?.output);
  const classes = classCounts(
    outputs.map((o) => o?.detections ?? []),
    threshold,
  );

  const start = useCallback(
    async (chosen: File[], model = modelId) => {
      const entry = findModel(model)!;
      if (!(await confirmDownload(entry))) return;
      setFiles(chosen);
      void run(
        model,
        chosen.map((file) => ({ kind: 'file' as const, file })),
        { minScore: MIN_SCORE },
      );
    },
    [modelId, run],
  );
  // Images shared with the app or opened with it (src/app/share) start a run as if picked.
  useInbox(TASK, (shared) => void start(shared.files));

  const exportJson = () => {
    if (!state.info) return;
    const items = state.items.map((i) => i && { ...i, output: i.output && visibleDetections(i.output.detections, threshold, hidden) });
    downloadJson(exportFileName(TASK), {
      ...buildExport(TASK, state.info, items),
      threshold,
      ...(hidden.size ? { hiddenClasses: [...hidden].sort() } : {}),
    });
  };

  const toggleClass = (label: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(label)) next.delete(label);
      else next.add(label);
      return next;
    });

  return (
    <section className="panel" aria-labelledby="task-title" data-run={state.runId} data-running={state.running}>
      <h1 id="task-title">Detect objects</h1>
      <p className="muted">Pick, drop or paste photos, or use the live camera: every object found is outlined with its name and score. Nothing is uploaded.</p>
      <div className="controls">
        <ModelPicker
          task={TASK}
          value={modelId}
          disabled={state.running}
          onChange={(id) => {
            setModelId(id);
            if (files.length && mode === 'images') void start(files, id);
          }}
        />
      </div>
      <div className="det-modes" role="group" aria-label="Input">
        <button type="button" aria-pressed={mode === 'images'} onClick={() => setMode('images')}>
          Images
        </button>
        <button type="button" aria-pressed={mode === 'camera'} onClick={() => setMode('camera')}>
          Live camera
        </button>
      </div>
      <div className="det-filters">
        <label>
          Score threshold{' '}
          <input
            type="range"
            min={MIN_SCORE}
            max={0.95}
            step={0.05}
            value={threshold}
            aria-label="Score threshold"
            data-testid="threshold"
            onChange={(e) => setThreshold(Number(e.target.value))}
          />{' '}
          <output data-testid="threshold-value">{threshold.toFixed(2)}</output>
        </label>
        {mode === 'images' && classes.length + hidden.size > 0 && (
          <fieldset className="det-classes" data-testid="class-filter">
            <legend>Classes</legend>
            {[...classes.map((c) => c.label), ...[...hidden].filter((h) => !classes.some((c) => c.label === h))].map((label) => (
              <label key={label}>
                <input type="checkbox" checked={!hidden.has(label)} onChange={() => toggleClass(label)} />
                <span className="det-swatch" style={{ background: classColour(label) }} />
                {label} ({classes.find((c) => c.label === label)?.count ?? 0})
              </label>
            ))}
          </fieldset>
        )}
      </div>

      {mode === 'camera' ? (
        <LiveCamera modelId={modelId} threshold={threshold} />
      ) : (
        <>
          <div className="controls">
            <ImagePicker onFiles={(f) => void start(f)} />
            <ExportJsonButton disabled={!state.info || state.running || !state.items.some((i) => i?.output)} onExport={exportJson} />
          </div>
          <RunStatus state={state} onCancel={cancel} />
          <ol className="det-results" aria-label="Results">
            {files.map((f, i) => {
              const item = state.items[i];
              const out = outputs[i];
              const dets = out ? visibleDetections(out.detections, threshold, hidden) : [];
              return (
                <li key={`${f.name}-${i}`} className="det-result" data-testid="result" data-file={f.name} data-count={out ? dets.length : undefined}>
                  <h3>{f.name}</h3>
                  {item?.error ? (
                    <p className="error" role="alert" data-testid="item-error">
                      {item.error.message}
                    </p>
                  ) : (
                    <div className="det-body">
                      <div className="det-figure">
                        <img src={urls[i]} alt={f.name} onError={(e) => (e.currentTarget.style.visibility = 'hidden')} />
                        {out && <BoxOverlay dets={dets} width={out.width} height={out.height} />}
                      </div>
                      <div>
                        {out ? (
                          <>
                            {dets.length ? (
                              <table className="det-list" aria-label={`Detections in ${f.name}`}>
                                <thead>
                                  <tr>
                                    <th>Object</th>
                                    <th>Score</th>
                                    <th>Box (x1, y1, x2, y2)</th>
                                  </tr>
                                </thead>
                                <tbody>
                                  {dets.map((d, k) => (
                                    <tr key={k} data-testid="detection">
                                      <td>
                                        <span className="det-swatch" style={{ background: classColour(d.label) }} />
                                        <span data-testid="label">{d.label}</span>
                                      </td>
                                      <td className="num">{formatScore(d.score)}</td>
                                      <td className="num">
                                        {px(d.box.xmin)}, {px(d.box.ymin)}, {px(d.box.xmax)}, {px(d.box.ymax)}
                                      </td>
                                    </tr>
                                  ))}
                                </tbody>
                              </table>
                            ) : (
                              <p className="muted" data-testid="no-detections">
                                No objects found{out.detections.length ? ` at or above ${threshold.toFixed(2)} (or in the shown classes)` : ''}.
                              </p>
                            )}
                            <p className="muted small" data-testid="item-time">
                              {out.width}×{out.height} px · {item!.ms!.toFixed(0)} ms (model {out.timing.model.toFixed(0)} ms)
                            </p>
                            <div className="det-actions">
                              <button
                                type="button"
                                onClick={() => void annotatedPng(f, out, dets).then((b) => downloadBlob(`${stem(f.name)}-detections.png`, b))}
                              >
                                Download PNG
                              </button>
                            </div>
                          </>
                        ) : (
                          <p className="muted">{state.running ? 'Waiting…' : '—'}</p>
                        )}
                      </div>
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
