import { describe, expect, it } from 'vitest';
import { parseCsv } from '../common/text/csv';
import { columnTexts, csvTable, guessTextColumn, linesOf, resultsCsv, sortRows, type ResultRow } from './batch';

describe('batch input', () => {
  it('takes one text per non-empty line', () => {
    expect(linesOf('first\r\n\n  second  \n')).toEqual(['first', 'second']);
  });
  it('finds the text column of a CSV', () => {
    const t = csvTable('id,review,stars\n1,"Great, really great",5\n2,Bad,1\n3,,2\n');
    expect(t.header).toEqual(['id', 'review', 'stars']);
    expect(guessTextColumn(t)).toBe(1);
    expect(columnTexts(t, 1)).toEqual(['Great, really great', 'Bad']);
    expect(guessTextColumn(csvTable('a,b\n1,long words here\n2,more words\n'))).toBe(1);
  });
});

describe('results', () => {
  const rows: ResultRow[] = [
    {
      index: 0,
      text: 'a',
      labels: [
        { label: 'POSITIVE', score: 0.6 },
        { label: 'NEGATIVE', score: 0.4 },
      ],
    },
    {
      index: 1,
      text: 'b',
      labels: [
        { label: 'NEGATIVE', score: 0.9 },
        { label: 'POSITIVE', score: 0.1 },
      ],
    },
    { index: 2, text: 'c', error: 'failed' },
  ];
  it('sorts by score, label or order', () => {
    expect(sortRows(rows, 'score', -1).map((r) => r.index)).toEqual([1, 0, 2]);
    expect(sortRows(rows, 'label', 1).map((r) => r.index)).toEqual([1, 0, 2]);
    expect(sortRows(rows, 'index', -1).map((r) => r.index)).toEqual([2, 1, 0]);
  });
  it('exports a CSV with a column per label', () => {
    expect(parseCsv(resultsCsv(rows))).toEqual([
      ['#', 'text', 'top_label', 'top_score', 'score_POSITIVE', 'score_NEGATIVE', 'error'],
      ['1', 'a', 'POSITIVE', '0.6', '0.6', '0.4', ''],
      ['2', 'b', 'NEGATIVE', '0.9', '0.1', '0.9', ''],
      ['3', 'c', '', '', '', '', 'failed'],
    ]);
  });
});
