/** Route #/classify-text: sentiment or zero-shot labels for one text or a batch (lines or a CSV column). */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useInbox } from '../../app/share/inbox';
import { ExportJsonButton } from '../common/ExportJsonButton';
import { buildExport, downloadJson, downloadText, exportFileName } from '../common/export';
import { ModelPicker } from '../common/ModelPicker';
import { TextRunStatus } from '../common/text/TextRunStatus';
import { TextSource } from '../common/text/TextSource';
import { confirmDownload } from '../common/confirm-download';
import { useTextTaskRun } from '../common/text/useTextTaskRun';
import { columnTexts, csvTable, guessTextColumn, linesOf, MAX_BATCH, resultsCsv, sortRows, type CsvTable, type ResultRow, type SortKey } from './batch';
import { DEFAULT_TEMPLATE, parseLabels, zeroShotProblem } from './labels';
import { TEXT_CLASSIFICATION_MODELS } from './models';
import '../common/text/text.css';

const TASK = 'text-classification' as const;
type Mode = 'sentiment' | 'zero-shot';

export default function ClassifyTextPanel() {
  const [mode, setMode] = useState<Mode>('sentiment');
  const [batch, setBatch] = useState(false);
  const [text, setText] = useState('');
  // Text shared with the app or a text file opened with it (src/app/share) fills the text box.
  useInbox(TASK, (shared) => setText(shared.text));
  const [csv, setCsv] = useState<{ name: string; table: CsvTable; column: number } | null>(null);
  const [labels, setLabels] = useState<string[]>([]);
  const [labelDraft, setLabelDraft] = useState('');
  const [template, setTemplate] = useState(DEFAULT_TEMPLATE);
  const [multiLabel, setMultiLabel] = useState(false);
  const [modelIds, setModelIds] = useState<Record<Mode, string>>({
    sentiment: TEXT_CLASSIFICATION_MODELS.find((m) => m.kind === 'sentiment')!.id,
    'zero-shot': TEXT_CLASSIFICATION_MODELS.find((m) => m.kind === 'nli')!.id,
  });
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'index', dir: 1 });
  const [ranTexts, setRanTexts] = useState<string[]>([]);
  const { state, run, cancel } = useTextTaskRun(TASK);

  const models = TEXT_CLASSIFICATION_MODELS.filter((m) => m.kind === (mode === 'sentiment' ? 'sentiment' : 'nli'));
  const modelId = modelIds[mode];
  const entry = models.find((m) => m.id === modelId)!;

  const texts = useMemo(() => (batch ? (csv ? columnTexts(csv.table, csv.column) : linesOf(text)) : text.trim() ? [text] : []), [batch, csv, text]);
  const problem = mode === 'zero-shot' ? zeroShotProblem(labels, template) : null;
  const tooMany = texts.length > MAX_BATCH ? `${texts.length.toLocaleString('en')} texts: at most ${MAX_BATCH} per batch.` : null;
  const blocked = texts.length === 0 || !!problem || !!tooMany;

  const addLabels = (raw: string) => {
    const add = parseLabels(raw);
    if (add.length) setLabels((l) => [...l, ...add]);
    setLabelDraft('');
  };
  const onLabelKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      addLabels(labelDraft);
    } else if (e.key === 'Backspace' && !labelDraft && labels.length) setLabels((l) => l.slice(0, -1));
  };

  const start = async () => {
    if (blocked || !(await confirmDownload(entry))) return;
    setRanTexts(texts);
    const options = mode === 'zero-shot' ? { labels, template, multiLabel } : {};
    void run(
      modelId,
      texts.map((t, i) => ({ kind: 'text' as const, text: t, name: batch ? `${i + 1}: ${t.slice(0, 72)}` : t.slice(0, 80) })),
      options,
    );
  };

  const rows: ResultRow[] = ranTexts.map((t, index) => {
    const item = state.items[index];
    return { index, text: t, labels: item?.output, error: item?.error?.message, ms: item?.ms };
  });
  const sorted = sortRows(rows, sort.key, sort.dir);
  const done = rows.filter((r) => r.labels || r.error).length;
  const sortBy = (key: SortKey) => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : key === 'score' ? -1 : 1 }));
  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none');
  const single = !batch && rows.length === 1 ? rows[0] : null;

  return (
    <section className="panel" aria-labelledby="task-title" data-run={state.runId} data-running={state.running}>
      <h1 id="task-title">Classify text</h1>
      <p className="muted">
        Sentiment (positive / negative), or your own labels (zero-shot), for one text or many. Nothing is uploaded. Each text is read up to the model's limit (
        {entry.contextTokens} tokens, about {Math.round(entry.contextTokens * 0.75)} words); anything longer is cut there.
      </p>
      <div className="controls">
        <fieldset className="inline">
          <legend>Mode</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'sentiment'} onChange={() => setMode('sentiment')} disabled={state.running} /> Sentiment
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'zero-shot'} onChange={() => setMode('zero-shot')} disabled={state.running} /> Zero-shot (your
            labels)
          </label>
        </fieldset>
        <fieldset className="inline">
          <legend>Input</legend>
          <label>
            <input type="radio" name="input" checked={!batch} onChange={() => setBatch(false)} disabled={state.running} /> One text
          </label>
          <label>
            <input type="radio" name="input" checked={batch} onChange={() => setBatch(true)} disabled={state.running} /> Batch (one per line, or a CSV)
          </label>
        </fieldset>
        <ModelPicker models={models} value={modelId} disabled={state.running} onChange={(id) => setModelIds((m) => ({ ...m, [mode]: id }))} />
      </div>

      {mode === 'zero-shot' && (
        <div className="controls zero-shot">
          <div className="tags" role="group" aria-label="Labels">
            {labels.map((l, i) => (
              <span className="tag" key={`${l}-${i}`} data-testid="label-tag">
                {l}
                <button type="button" aria-label={`Remove label ${l}`} onClick={() => setLabels((ls) => ls.filter((_, j) => j !== i))} disabled={state.running}>
                  ×
                </button>
              </span>
            ))}
            <input
              aria-label="Add a label"
              placeholder="Type a label, press Enter"
              value={labelDraft}
              onChange={(e) => setLabelDraft(e.target.value)}
              onKeyDown={onLabelKey}
              onBlur={() => labelDraft.trim() && addLabels(labelDraft)}
              disabled={state.running}
            />
          </div>
          <label>
            <input type="checkbox" checked={multiLabel} onChange={(e) => setMultiLabel(e.target.checked)} disabled={state.running} /> Several labels can be true
            (multi-label)
          </label>
          <label>
            Hypothesis template{' '}
            <input value={template} onChange={(e) => setTemplate(e.target.value)} disabled={state.running} aria-label="Hypothesis template" size={28} />
          </label>
        </div>
      )}

      {batch && csv ? (
        <div className="controls" data-testid="csv-source">
          <span>
            {csv.name}: {csv.table.rows.length} rows
          </span>
          <label>
            Text column{' '}
            <select value={csv.column} onChange={(e) => setCsv({ ...csv, column: Number(e.target.value) })} disabled={state.running} aria-label="Text column">
              {csv.table.header.map((h, i) => (
                <option key={i} value={i}>
                  {h}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => setCsv(null)} disabled={state.running}>
            Use typed lines instead
          </button>
        </div>
      ) : (
        <TextSource
          value={text}
          onChange={setText}
          label={batch ? 'Texts, one per line' : 'Text to classify'}
          placeholder={batch ? 'One text per line…' : 'Type or paste a sentence, a review, a message…'}
          disabled={state.running}
          rows={batch ? 10 : 5}
          accept={batch ? '.txt,.csv,.tsv,text/plain,text/csv' : undefined}
          onFileText={(t, file) => {
            if (batch && /\.(csv|tsv)$/i.test(file.name)) {
              const table = csvTable(t);
              setCsv({ name: file.name, table, column: guessTextColumn(table) });
            } else setText(t);
          }}
        />
      )}

      <div className="controls">
        <button type="button" className="primary" onClick={() => void start()} disabled={blocked || state.running}>
          Classify{batch && texts.length > 0 ? ` ${texts.length} text${texts.length > 1 ? 's' : ''}` : ''}
        </button>
        {!state.running && texts.length === 0 && (
          <span className="muted small" data-testid="empty-hint">
            {batch ? 'Type texts, one per line, or open a .txt or .csv file.' : 'Type or paste some text to classify.'}
          </span>
        )}
        {(problem || tooMany) && texts.length > 0 && (
          <span className="error small" role="alert" data-testid="input-problem">
            {problem ?? tooMany}
          </span>
        )}
        <ExportJsonButton
          disabled={!state.info || state.running || !state.items.some((i) => i?.output)}
          onExport={() => state.info && downloadJson(exportFileName(TASK), buildExport(TASK, state.info, state.items))}
        />
        <button
          type="button"
          disabled={state.running || done === 0}
          onClick={() => downloadText(exportFileName(TASK).replace(/\.json$/, '.csv'), resultsCsv(rows), 'text/csv')}
        >
          Export CSV
        </button>
      </div>
      <TextRunStatus state={state} onCancel={cancel} />

      {single?.labels && (
        <ol className="labels" aria-label="Labels" data-testid="single-result">
          {single.labels.map((l) => (
            <li key={l.label}>
              <span className="label" data-testid="label">
                {l.label}
              </span>
              <span className="score" data-testid="score">
                {(l.score * 100).toFixed(1)}%
              </span>
              <span className="bar" style={{ width: `${Math.max(0.5, l.score * 100)}%` }} aria-hidden="true" />
            </li>
          ))}
        </ol>
      )}
      {single?.error && (
        <p className="error" role="alert" data-testid="item-error">
          {single.error}
        </p>
      )}
      {rows.length > 0 && batch && (
        <table className="results-table" data-testid="results-table">
          <caption className="muted small">
            {done} of {rows.length} classified
          </caption>
          <thead>
            <tr>
              <th aria-sort={ariaSort('index')}>
                <button type="button" onClick={() => sortBy('index')}>
                  #
                </button>
              </th>
              <th>Text</th>
              <th aria-sort={ariaSort('label')}>
                <button type="button" onClick={() => sortBy('label')}>
                  Label
                </button>
              </th>
              <th aria-sort={ariaSort('score')}>
                <button type="button" onClick={() => sortBy('score')}>
                  Score
                </button>
              </th>
              <th>All labels</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.index} data-testid="result-row" data-index={r.index}>
                <td>{r.index + 1}</td>
                <td className="text-cell">{r.text}</td>
                {r.error ? (
                  <td colSpan={3} className="error" data-testid="item-error">
                    {r.error}
                  </td>
                ) : (
                  <>
                    <td data-testid="top-label">{r.labels?.[0]?.label ?? (state.running ? '…' : '—')}</td>
                    <td data-testid="top-score">{r.labels ? (r.labels[0].score * 100).toFixed(1) + '%' : ''}</td>
                    <td className="muted small">{r.labels?.map((l) => `${l.label} ${(l.score * 100).toFixed(1)}%`).join(' · ')}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
