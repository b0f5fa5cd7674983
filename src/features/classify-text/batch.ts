/** Batch input (one text per line, or one column of a CSV) and results export. Pure. */
import { parseCsv, toCsv } from '../common/text/csv';

export interface Label {
  label: string;
  score: number;
}

export const MAX_BATCH = 1000;

export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** The first row is the header. Columns are named by header (or "column N" when blank). */
export function csvTable(text: string): CsvTable {
  const rows = parseCsv(text);
  if (rows.length === 0) return { header: [], rows: [] };
  const header = rows[0].map((h, i) => h.trim() || `column ${i + 1}`);
  return { header, rows: rows.slice(1) };
}

/** The column most likely to hold the texts: named text/review/sentence/…, else the one with the longest values. */
export function guessTextColumn(t: CsvTable): number {
  const named = t.header.findIndex((h) => /^(text|review|sentence|content|body|comment|message)s?$/i.test(h.trim()));
  if (named >= 0) return named;
  let best = 0;
  let bestLen = -1;
  t.header.forEach((_, i) => {
    const len = t.rows.reduce((a, r) => a + (r[i]?.length ?? 0), 0);
    if (len > bestLen) [best, bestLen] = [i, len];
  });
  return best;
}

export function columnTexts(t: CsvTable, column: number): string[] {
  return t.rows.map((r) => (r[column] ?? '').trim()).filter(Boolean);
}

export interface ResultRow {
  index: number;
  text: string;
  labels?: Label[];
  error?: string;
  ms?: number;
}

export type SortKey = 'index' | 'label' | 'score';

export function sortRows(rows: ResultRow[], key: SortKey, dir: 1 | -1): ResultRow[] {
  const top = (r: ResultRow) => r.labels?.[0];
  const cmp = (a: ResultRow, b: ResultRow): number => {
    if (key === 'index') return a.index - b.index;
    if (key === 'label') return (top(a)?.label ?? '\uffff').localeCompare(top(b)?.label ?? '\uffff') || a.index - b.index;
    return (top(a)?.score ?? -1) - (top(b)?.score ?? -1) || a.index - b.index;
  };
  return [...rows].sort((a, b) => dir * cmp(a, b));
}

/** CSV with one row per text: its top label and score, then every label's score in its own column. */
export function resultsCsv(rows: ResultRow[]): string {
  const labelNames = [...new Set(rows.flatMap((r) => r.labels?.map((l) => l.label) ?? []))];
  const header = ['#', 'text', 'top_label', 'top_score', ...labelNames.map((l) => `score_${l}`), 'error'];
  return toCsv(
    header,
    rows.map((r) => [
      r.index + 1,
      r.text,
      r.labels?.[0]?.label ?? '',
      r.labels?.[0]?.score ?? '',
      ...labelNames.map((l) => r.labels?.find((x) => x.label === l)?.score ?? ''),
      r.error ?? '',
    ]),
  );
}
