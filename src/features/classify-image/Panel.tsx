/** Route #/classify-image: top-5 ImageNet labels for one or many images. */
import { useCallback, useState } from 'react';
import { defaultModelId, findModel } from '../../model-store/catalog';
import { ExportJsonButton } from '../common/ExportJsonButton';
import { buildExport, downloadJson, exportFileName } from '../common/export';
import { useObjectUrls } from '../common/useObjectUrls';
import { ImagePicker } from '../common/ImagePicker';
import { useInbox } from '../../app/share/inbox';
import { ModelPicker } from '../common/ModelPicker';
import { RunStatus } from '../common/RunStatus';
import { confirmDownload } from '../common/confirm-download';
import { useTaskRun } from '../common/useTaskRun';

const TASK = 'image-classification' as const;

/** ImageNet labels list synonyms ("house finch, linnet, Carpodacus mexicanus"): show the first, keep all in the tooltip. */
const shortLabel = (label: string) => label.split(',')[0].trim();

export default function ClassifyImagePanel() {
  const [modelId, setModelId] = useState(() => defaultModelId(TASK));
  const [files, setFiles] = useState<File[]>([]);
  const { state, run, cancel } = useTaskRun(TASK);
  const urls = useObjectUrls(files);

  const start = useCallback(
    async (chosen: File[], model = modelId) => {
      const entry = findModel(model)!;
      if (!(await confirmDownload(entry))) return;
      setFiles(chosen);
      void run(
        model,
        chosen.map((file) => ({ kind: 'file' as const, file })),
      );
    },
    [modelId, run],
  );
  // Images shared with the app or opened with it (src/app/share) start a run as if picked.
  useInbox(TASK, (shared) => void start(shared.files));

  return (
    <section className="panel" aria-labelledby="task-title" data-run={state.runId} data-running={state.running}>
      <h1 id="task-title">Classify images</h1>
      <p className="muted">Pick one or more photos; each gets its five most likely ImageNet labels. Nothing is uploaded.</p>
      <div className="controls">
        <ModelPicker
          task={TASK}
          value={modelId}
          disabled={state.running}
          onChange={(id) => {
            setModelId(id);
            if (files.length) void start(files, id);
          }}
        />
        <ImagePicker onFiles={(f) => void start(f)} />
        <ExportJsonButton
          disabled={!state.info || state.running || !state.items.some((i) => i?.output)}
          onExport={() => state.info && downloadJson(exportFileName(TASK), buildExport(TASK, state.info, state.items))}
        />
      </div>
      <RunStatus state={state} onCancel={cancel} />
      <ol className="results" aria-label="Results">
        {files.map((f, i) => {
          const item = state.items[i];
          const labels = item?.output;
          return (
            <li key={`${f.name}-${i}`} className="result" data-testid="result" data-file={f.name}>
              <img src={urls[i]} alt={f.name} onError={(e) => (e.currentTarget.style.visibility = 'hidden')} />
              <div>
                <h3>{f.name}</h3>
                {item?.error ? (
                  <p className="error" role="alert" data-testid="item-error">
                    {item.error.message}
                  </p>
                ) : labels ? (
                  <>
                    <ol className="labels">
                      {labels.map((l) => (
                        <li key={l.label} title={l.label}>
                          <span className="label" data-testid="label">
                            {shortLabel(l.label)}
                          </span>
                          <span className="score">{(l.score * 100).toFixed(1)}%</span>
                          <span className="bar" style={{ width: `${Math.max(0.5, l.score * 100)}%` }} aria-hidden="true" />
                        </li>
                      ))}
                    </ol>
                    <p className="muted small">{item.ms!.toFixed(0)} ms</p>
                  </>
                ) : (
                  <p className="muted">{state.running ? 'Waiting…' : '—'}</p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
