import { describe, expect, it } from 'vitest';
import { cer, levenshtein, normalizeText } from './cer';
import { ctcGreedy, parseDictionary } from './ctc';
import { allText } from './text-export';

describe('dictionary', () => {
  it('puts the blank first and the space last', () => {
    expect(parseDictionary('a\nb\nc\n')).toEqual(['', 'a', 'b', 'c', ' ']);
    expect(parseDictionary('a\r\nb', false)).toEqual(['', 'a', 'b']);
  });
});

describe('CTC greedy decoding', () => {
  const chars = ['', 'a', 'b', ' '];
  const seq = (labels: number[], p = 0.9) => {
    const out = new Float32Array(labels.length * 4);
    labels.forEach((l, t) => {
      for (let c = 0; c < 4; c++) out[t * 4 + c] = c === l ? p : (1 - p) / 3;
    });
    return out;
  };
  it('collapses repeats and drops blanks', () => {
    expect(ctcGreedy(seq([1, 1, 0, 1, 2, 2, 3, 3, 2, 0]), 10, 4, chars).text).toBe('aab b');
  });
  it('scores the mean probability of the emitted characters', () => {
    const d = ctcGreedy(seq([0, 1, 1, 0, 2], 0.8), 5, 4, chars);
    expect(d.text).toBe('ab');
    expect(d.score).toBeCloseTo(0.8, 6);
    expect(ctcGreedy(seq([0, 0, 0]), 3, 4, chars)).toEqual({ text: '', score: 0 });
  });
  describe('word gaps the recogniser hesitated on', () => {
    // classes: blank, a, b, 1, ",", space
    const cs = ['', 'a', 'b', '1', ',', ' '];
    /** One row per step: [label, space probability]; the label gets the rest of the mass. */
    const steps = (rows: [number, number][]) => {
      const out = new Float32Array(rows.length * cs.length);
      rows.forEach(([l, sp], t) => {
        out[t * cs.length + 5] = sp;
        out[t * cs.length + l] = 1 - sp;
      });
      return out;
    };
    const decode = (rows: [number, number][], rescue: number) => ctcGreedy(steps(rows), rows.length, cs.length, cs, 0, 0, rescue);
    it('inserts the space when its probability reached the threshold in the gap', () => {
      const rows: [number, number][] = [
        [1, 0],
        [0, 0.1],
        [0, 0.3],
        [0, 0.05],
        [2, 0],
      ];
      expect(decode(rows, 0).text).toBe('ab');
      expect(decode(rows, 0.2).text).toBe('a b');
      expect(decode(rows, 0.35).text).toBe('ab');
    });
    it('keeps scores to the emitted characters, and never doubles or leads with a space', () => {
      expect(
        decode(
          [
            [1, 0],
            [5, 0.6],
            [0, 0.3],
            [2, 0],
          ],
          0.2,
        ).text,
      ).toBe('a b');
      expect(
        decode(
          [
            [0, 0.4],
            [1, 0],
            [2, 0],
          ],
          0.2,
        ).text,
      ).toBe('ab');
      expect(
        decode(
          [
            [1, 0],
            [0, 0.3],
            [2, 0],
          ],
          0.2,
        ).score,
      ).toBeCloseTo(1, 6);
    });
    it('does not split numbers at their separators', () => {
      expect(
        decode(
          [
            [3, 0],
            [4, 0],
            [0, 0.4],
            [3, 0],
          ],
          0.2,
        ).text,
      ).toBe('1,1');
      expect(
        decode(
          [
            [1, 0],
            [4, 0],
            [0, 0.4],
            [3, 0],
          ],
          0.2,
        ).text,
      ).toBe('a, 1');
    });
  });
  it('decodes one sequence of a batch at an offset', () => {
    const batch = new Float32Array([...seq([1, 0]), ...seq([2, 3])]);
    expect(ctcGreedy(batch, 2, 4, chars, 8).text).toBe('b ');
  });
});

describe('character error rate', () => {
  it('counts edits after normalising whitespace', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(normalizeText(' a\n b  c ')).toBe('a b c');
    expect(cer('one two\nthree', 'one two three')).toEqual({ errors: 0, chars: 13, cer: 0 });
    expect(cer('one two', 'onetwo').errors).toBe(1);
    expect(cer('', 'x').cer).toBe(1);
  });
});

describe('text export', () => {
  const item = (input: string, text: string) => ({
    input,
    ms: 1,
    output: { text, lines: [], rotation: 0 as const, timing: { det: 1, cls: 0, rec: 0, other: 0 } },
  });
  it('gives one image its text and several images a header each', () => {
    expect(allText([item('a.png', 'hello')])).toBe('hello');
    expect(allText([item('a.png', 'hello'), item('b.png', ''), { input: 'c.txt', error: { code: 'bad-input' as const, message: 'x' } }])).toBe(
      '=== a.png ===\nhello\n\n=== b.png ===\n(no text found)',
    );
  });
});
