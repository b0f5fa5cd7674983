/** Route #/summarize: streamed summaries of pasted, typed or dropped text; long text is map-reduced in chunks. */
import { useEffect, useState } from 'react';
import { useInbox } from '../../app/share/inbox';
import { getCapabilities } from '../../runtime/capabilities';
import { ExportJsonButton } from '../common/ExportJsonButton';
import { buildExport, downloadJson, exportFileName } from '../common/export';
import { ModelPicker } from '../common/ModelPicker';
import { TextRunStatus } from '../common/text/TextRunStatus';
import { TextSource } from '../common/text/TextSource';
import { confirmDownload } from '../common/confirm-download';
import { useTextTaskRun } from '../common/text/useTextTaskRun';
import { autoSummarizer } from './choose-model';
import { SUMMARIZATION_MODELS } from './models';
import { LENGTHS, STYLES, type SummaryLength, type SummaryStyle } from './prompt';
import '../common/text/text.css';

const TASK = 'summarization' as const;

export default function SummarizePanel() {
  const [text, setText] = useState('');
  // Text shared with the app or a text file opened with it (src/app/share) fills the text box.
  useInbox(TASK, (shared) => setText(shared.text));
  const [modelId, setModelId] = useState(SUMMARIZATION_MODELS[0].id);
  const [auto, setAuto] = useState<{ id: string; why: string } | null>(null);
  const [userPicked, setUserPicked] = useState(false);
  const [length, setLength] = useState<SummaryLength>('medium');
  const [style, setStyle] = useState<SummaryStyle>('summary');
  const { state, run, cancel } = useTextTaskRun(TASK);

  useEffect(() => {
    void getCapabilities().then((caps) => {
      const a = autoSummarizer(SUMMARIZATION_MODELS, caps);
      setAuto(a);
      setUserPicked((picked) => {
        if (!picked) setModelId(a.id);
        return picked;
      });
    });
  }, []);

  const entry = SUMMARIZATION_MODELS.find((m) => m.id === modelId)!;
  const styled = entry.kind === 'chat';
  const empty = !text.trim();
  const item = state.items[0];
  const output = item?.output;
  const summary = output?.summary_text ?? state.streamed;
  const inReduce = state.step?.phase === 'reduce' || !state.step;

  const start = async () => {
    if (empty || !(await confirmDownload(entry))) return;
    void run(modelId, [{ kind: 'text', text, name: text.trim().slice(0, 80) }], { length, style: styled ? style : 'summary' });
  };

  return (
    <section className="panel" aria-labelledby="task-title" data-run={state.runId} data-running={state.running}>
      <h1 id="task-title">Summarize</h1>
      <p className="muted">
        Paste or type text, or drop a .txt or .md file. The summary is written on this device, word by word. Long documents are summarised in parts, then
        combined.
      </p>
      <TextSource
        value={text}
        onChange={setText}
        label="Text to summarise"
        placeholder="Paste an article, a report, notes…"
        disabled={state.running}
        rows={12}
      />
      <div className="controls">
        <ModelPicker
          models={SUMMARIZATION_MODELS}
          value={modelId}
          disabled={state.running}
          note={auto && !userPicked ? auto.why : undefined}
          onChange={(id) => {
            setUserPicked(true);
            setModelId(id);
          }}
        />
        <fieldset className="inline">
          <legend>Length</legend>
          {LENGTHS.map((l) => (
            <label key={l}>
              <input type="radio" name="length" value={l} checked={length === l} onChange={() => setLength(l)} disabled={state.running} />{' '}
              {l[0].toUpperCase() + l.slice(1)}
            </label>
          ))}
        </fieldset>
        <label title={styled ? undefined : 'Styles need an instruction-following model'}>
          Style{' '}
          <select
            value={styled ? style : 'summary'}
            onChange={(e) => setStyle(e.target.value as SummaryStyle)}
            disabled={!styled || state.running}
            data-testid="style-select"
          >
            {STYLES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="controls">
        {state.running ? (
          <button type="button" onClick={cancel}>
            Stop
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void start()} disabled={empty} aria-describedby={empty ? 'empty-hint' : undefined}>
            Summarize
          </button>
        )}
        {empty && !state.running && (
          <span id="empty-hint" className="muted small" data-testid="empty-hint">
            Type or paste some text (or drop a .txt / .md file) to summarise.
          </span>
        )}
        <ExportJsonButton
          disabled={!state.info || state.running || !output}
          onExport={() => state.info && downloadJson(exportFileName(TASK), buildExport(TASK, state.info, state.items))}
        />
      </div>
      <TextRunStatus state={state} onCancel={cancel} cancelLabel="Stop" showCancel={false} />
      {state.stats && (
        <p className="muted small" data-testid="token-counts">
          Input: {state.stats.inputTokens.toLocaleString('en')} tokens
          {state.stats.chunks > 1 ? ` in ${state.stats.chunks} chunks` : ''}
          {state.stats.outputTokens !== undefined ? ` · Summary: ${state.stats.outputTokens.toLocaleString('en')} tokens` : ''}
          {item?.ms !== undefined ? ` · ${(item.ms / 1000).toFixed(1)} s` : ''}
        </p>
      )}
      {item?.error && (
        <p className="error" role="alert" data-testid="item-error">
          {item.error.message}
        </p>
      )}
      {(summary || state.running) && (
        <div className="summary-box">
          <h2>{output ? 'Summary' : state.step?.phase === 'map' ? `Summary of chunk ${state.step.index + 1} of ${state.step.count}` : 'Summary'}</h2>
          <output
            data-testid="summary"
            aria-live="off"
            data-final={!!output}
            className={!output && !inReduce ? 'muted' : undefined}
            style={{ whiteSpace: 'pre-wrap', display: 'block' }}
          >
            {summary}
            {state.running && (
              <span className="cursor" aria-hidden="true">
                ▍
              </span>
            )}
          </output>
        </div>
      )}
    </section>
  );
}
