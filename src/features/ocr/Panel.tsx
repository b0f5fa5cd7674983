/** Route #/ocr: full-page text from one or many images, each line outlined with its confidence. */
import { useCallback, useState } from 'react';
import { findModel } from '../../model-store/catalog';
import { ExportJsonButton } from '../common/ExportJsonButton';
import { buildExport, downloadJson, downloadText, exportFileName } from '../common/export';
import { useObjectUrls } from '../common/useObjectUrls';
import { ImagePicker } from '../common/ImagePicker';
import { useInbox } from '../../app/share/inbox';
import { ModelPicker } from '../common/ModelPicker';
import { RunStatus } from '../common/RunStatus';
import { confirmDownload } from '../common/confirm-download';
import { useTaskRun } from '../common/useTaskRun';
import type { ItemResult } from '../../protocol/messages';
import { PADDLE_MODEL_ID } from './files';
import { OCR_MODELS } from './models';
import type { OcrOutput } from './pipeline';
import { allText, LOW_CONFIDENCE } from './text-export';
import './ocr.css';

const TASK = 'ocr' as const;

function selectText(el: Element | null) {
  const sel = window.getSelection();
  if (!el || !sel) return;
  sel.removeAllRanges();
  const range = document.createRange();
  range.selectNodeContents(el);
  sel.addRange(range);
}

function OcrCard({ file, url, item, running }: { file: File; url: string; item?: ItemResult<OcrOutput>; running: boolean }) {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const out = item?.output;
  const pick = (i: number) => {
    setSelected(i);
    selectText(document.getElementById(`${url}-line-${i}`));
  };
  return (
    <li className="ocr-result" data-testid="ocr-result" data-file={file.name}>
      <h3>{file.name}</h3>
      <figure className="ocr-figure">
        <img
          src={url}
          alt={file.name}
          onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
          onError={(e) => (e.currentTarget.style.visibility = 'hidden')}
        />
        {out && size && (
          <svg viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none" aria-hidden="true">
            {out.lines.map((l, i) => (
              <polygon
                key={i}
                data-testid="ocr-box"
                points={l.box.map((p) => p.join(',')).join(' ')}
                className={`${l.score < LOW_CONFIDENCE ? 'low' : ''}${selected === i ? ' selected' : ''}`}
                onClick={() => pick(i)}
              >
                <title>{`${l.text} (${(l.score * 100).toFixed(0)}%)`}</title>
              </polygon>
            ))}
          </svg>
        )}
      </figure>
      <div>
        {item?.error ? (
          <p className="error" role="alert" data-testid="item-error">
            {item.error.message}
          </p>
        ) : out ? (
          out.lines.length === 0 ? (
            <p className="notice" data-testid="no-text">
              No text found.
            </p>
          ) : (
            <>
              <ol className="ocr-lines" aria-label={`Lines read from ${file.name}`}>
                {out.lines.map((l, i) => {
                  const low = l.score < LOW_CONFIDENCE;
                  return (
                    <li
                      key={i}
                      className={`${low ? 'low' : ''}${selected === i ? ' selected' : ''}`}
                      data-testid="ocr-line"
                      data-low={low}
                      onClick={() => pick(i)}
                    >
                      <span className="ocr-line-text" id={`${url}-line-${i}`}>
                        {l.text}
                      </span>
                      <span className="ocr-score" title={low ? 'Low confidence: check this line' : 'Confidence'}>
                        {low ? '⚠ ' : ''}
                        {(l.score * 100).toFixed(0)}%
                      </span>
                    </li>
                  );
                })}
              </ol>
              <p className="muted small">
                {out.lines.length} line{out.lines.length === 1 ? '' : 's'}
                {out.rotation ? `, page turned ${out.rotation}°` : ''} · {item.ms!.toFixed(0)} ms
              </p>
            </>
          )
        ) : (
          <p className="muted">{running ? 'Waiting…' : '—'}</p>
        )}
      </div>
    </li>
  );
}

export default function OcrPanel() {
  const [modelId, setModelId] = useState(OCR_MODELS[0].id);
  const [files, setFiles] = useState<File[]>([]);
  const [copied, setCopied] = useState<string | null>(null);
  const [useLexicon, setUseLexicon] = useState(true);
  const { state, run, cancel } = useTaskRun(TASK);
  const urls = useObjectUrls(files);

  const start = useCallback(
    async (chosen: File[], model = modelId, lexicon = useLexicon) => {
      const entry = findModel(model)!;
      if (!(await confirmDownload(entry))) return;
      setFiles(chosen);
      setCopied(null);
      void run(
        model,
        chosen.map((file) => ({ kind: 'file' as const, file })),
        { useLexicon: lexicon },
      );
    },
    [modelId, run, useLexicon],
  );
  // Images shared with the app or opened with it (src/app/share) start a run as if picked.
  useInbox(TASK, (shared) => void start(shared.files));

  const hasText = !state.running && state.items.some((i) => i?.output?.lines.length);
  const text = hasText ? allText(state.items) : '';

  return (
    <section className="panel" aria-labelledby="task-title" data-run={state.runId} data-running={state.running}>
      <h1 id="task-title">Read text (OCR)</h1>
      <p className="muted">
        Documents, receipts, screenshots, signs: pick, drop, paste or photograph one or more images. Every line is outlined with its confidence (doubtful lines
        in red). Nothing is uploaded.
      </p>
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
        {modelId === PADDLE_MODEL_ID && (
          <label title="A word the reader nearly read as an English word is corrected to it (“aiso” → “also”); words it is sure of, names and codes are kept.">
            <input
              type="checkbox"
              data-testid="ocr-lexicon"
              checked={useLexicon}
              disabled={state.running}
              onChange={(e) => {
                setUseLexicon(e.target.checked);
                if (files.length) void start(files, modelId, e.target.checked);
              }}
            />{' '}
            Correct misread English words
          </label>
        )}
      </div>
      <div className="controls">
        <button
          type="button"
          disabled={!hasText}
          onClick={() =>
            void navigator.clipboard.writeText(text).then(
              () => setCopied('Copied.'),
              () => setCopied('The browser did not allow copying; select the text instead.'),
            )
          }
        >
          Copy all
        </button>
        <button type="button" disabled={!hasText} onClick={() => downloadText(exportFileName(TASK).replace(/\.json$/, '.txt'), text)}>
          Download TXT
        </button>
        <ExportJsonButton
          disabled={!state.info || state.running || !state.items.some((i) => i?.output)}
          onExport={() => state.info && downloadJson(exportFileName(TASK), buildExport(TASK, state.info, state.items))}
        />
        {copied && (
          <span role="status" className="muted">
            {copied}
          </span>
        )}
      </div>
      <RunStatus state={state} onCancel={cancel} />
      <ol className="ocr-results" aria-label="Results">
        {files.map((f, i) => (
          <OcrCard key={`${urls[i]}`} file={f} url={urls[i]} item={state.items[i]} running={state.running} />
        ))}
      </ol>
    </section>
  );
}
