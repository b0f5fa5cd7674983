import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv';

describe('parseCsv', () => {
  it('parses quotes, escaped quotes, CRLF and newlines inside quotes', () => {
    expect(parseCsv('id,text\r\n1,"Hello, world"\r\n2,"She said ""hi""\nand left"\n3,plain\n')).toEqual([
      ['id', 'text'],
      ['1', 'Hello, world'],
      ['2', 'She said "hi"\nand left'],
      ['3', 'plain'],
    ]);
  });
  it('a large file: 20,000 rows with quoted commas and newlines, parsed whole', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [String(i), `text ${i}, with "quotes"\nand a line`]);
    const parsed = parseCsv(toCsv(['id', 'text'], rows));
    expect(parsed).toHaveLength(20_001);
    expect(parsed[12_345]).toEqual(rows[12_344]);
  });
  it('guesses ; and tab delimiters, skips blank lines and a BOM', () => {
    expect(parseCsv('\uFEFFa;b\n\n1;2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\tb\n1\t2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('toCsv', () => {
  it('round-trips and defuses formulas', () => {
    const csv = toCsv(
      ['text', 'label', 'score'],
      [
        ['a "quoted", text\nwith newline', 'POSITIVE', 0.5],
        ['=HYPERLINK("x")', 'NEGATIVE', -0.25],
      ],
    );
    expect(parseCsv(csv)).toEqual([
      ['text', 'label', 'score'],
      ['a "quoted", text\nwith newline', 'POSITIVE', '0.5'],
      ['\'=HYPERLINK("x")', 'NEGATIVE', '-0.25'],
    ]);
  });
});
