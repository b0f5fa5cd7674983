import { describe, expect, it } from 'vitest';
import { ctcGreedy } from './ctc';
import { correctWords, extendsToWord, letterBeams, letterClasses, parseWordList, type Emitted } from './lexicon';

// classes: blank, letters a..z, A, ".", "1", "-", space
const chars = ['', ...'abcdefghijklmnopqrstuvwxyz', 'A', '.', '1', '-', ' '];
const C = chars.length;
const idx = (ch: string) => chars.indexOf(ch);

/** One row per step: a map of character → probability; the blank gets the rest. */
function seq(rows: Record<string, number>[]): Float32Array {
  const out = new Float32Array(rows.length * C);
  rows.forEach((r, t) => {
    let rest = 1;
    for (const [ch, p] of Object.entries(r)) {
      out[t * C + idx(ch)] = p;
      rest -= p;
    }
    out[t * C] += Math.max(0, rest);
  });
  return out;
}
/** A sure character followed by a blank step. */
const sure = (text: string) => [...text].flatMap((ch) => [{ [ch]: 0.98 }, {}]);

const words = parseWordList('also\nonly\ncardinality\nwords\nlist\n');
const letters = letterClasses(chars);

function read(rows: Record<string, number>[], lexicon = words, margin?: number) {
  const probs = seq(rows);
  const steps = rows.length;
  const emitted: Emitted[] = [];
  const d = ctcGreedy(probs, steps, C, chars, 0, 0, 0, emitted);
  return { greedy: d.text, text: correctWords(d.text, emitted, probs, steps, C, chars, 0, lexicon, letters, margin === undefined ? {} : { margin }) };
}

describe('word list correction of CTC readings', () => {
  it('parses a word list, one word per line, in lower case', () => {
    const l = parseWordList('Also\r\nonly\n\n');
    expect(l.has('also') && l.has('only') && !l.has('')).toBe(true);
  });

  it('replaces an unlisted reading by a listed word the recogniser nearly read ("aiso" → "also")', () => {
    const r = read([...sure('a'), { i: 0.6, l: 0.38 }, {}, ...sure('so')]);
    expect(r.greedy).toBe('aiso');
    expect(r.text).toBe('also');
  });

  it('inserts a letter the recogniser half saw between two others ("cardinaity" → "cardinality")', () => {
    const r = read([...sure('cardina'), { l: 0.2 }, ...sure('ity')]);
    expect(r.greedy).toBe('cardinaity');
    expect(r.text).toBe('cardinality');
  });

  it('keeps a reading the recogniser is sure of, listed or not (names, codes)', () => {
    expect(read([...sure('aiso'), { l: 0.001 }]).text).toBe('aiso');
    expect(read([...sure('a'), { i: 0.97, l: 0.02 }, {}, ...sure('so')]).text).toBe('aiso');
  });

  it('the margin decides: a listed word must be within e^-margin of the reading', () => {
    const rows = [...sure('a'), { i: 0.9, l: 0.08 }, {}, ...sure('so')];
    // log(0.9 / 0.08) ≈ 2.4
    expect(read(rows, words, 3).text).toBe('also');
    expect(read(rows, words, 2).text).toBe('aiso');
  });

  it('keeps listed words, short words, words next to digits and parts of addresses', () => {
    const unsure = (w: string) => [...sure(w.slice(0, 1)), { i: 0.6, l: 0.38 }, {}, ...sure(w.slice(2))];
    // "oniy" next to a digit is a code.
    expect(read([...sure('1'), ...[...sure('on'), { i: 0.6, l: 0.38 }, {}, ...sure('y')]]).text).toBe('1oniy');
    // in "www.aiso.com" it is a name.
    expect(read([...sure('www.'), ...unsure('aiso'), ...sure('.com')]).text).toBe('www.aiso.com');
    // "ai" is too short to be corrected.
    expect(read([...sure('a'), { i: 0.6, l: 0.38 }, {}]).text).toBe('ai');
    // A listed word is not searched.
    expect(read([...sure('list')]).text).toBe('list');
  });

  it('corrects each unlisted word of a line and keeps the rest, case included', () => {
    const rows = [...sure('A'), { i: 0.6, l: 0.38 }, {}, ...sure('so words '), ...sure('on'), { i: 0.55, l: 0.4 }, {}, ...sure('y.')];
    const r = read(rows);
    expect(r.greedy).toBe('Aiso words oniy.');
    expect(r.text).toBe('Also words only.');
  });

  it('the beam search sums the CTC paths of a word (repeats and blanks)', () => {
    // "ll" needs a blank between the two l's; "l" is the collapse of both.
    const probs = seq([{ l: 0.9 }, { l: 0.5 }, { l: 0.9 }]);
    const beams = letterBeams(probs, C, 0, 0, 2, letters, chars, { perStep: 2, beam: 8 });
    // Exact probabilities by enumerating the 8 paths over 3 steps (independent of the beam search).
    let exactL = 0;
    let exactLL = 0;
    const p = [0.9, 0.5, 0.9];
    for (let m = 0; m < 8; m++) {
      const path = [0, 1, 2].map((t) => ((m >> t) & 1 ? 'l' : '-'));
      const prob = path.reduce((a, ch, t) => a * (ch === 'l' ? p[t] : 1 - p[t]), 1);
      const collapsed = path.join('').replace(/l+/g, 'l').replace(/-/g, '');
      if (collapsed === 'l') exactL += prob;
      if (collapsed === 'll') exactLL += prob;
    }
    expect(Math.exp(beams.get('l')!)).toBeCloseTo(exactL, 6);
    expect(Math.exp(beams.get('ll')!)).toBeCloseTo(exactLL, 6);
  });

  describe('a hyphen at the end of a line, read as a full stop', () => {
    const list = parseWordList('alternative\nalternate\nalso\ndone\n');
    it('"alterna." becomes "alterna-" when the recogniser nearly read the hyphen', () => {
      const r = read([...sure('alterna'), { '.': 0.5, '-': 0.46 }, {}], list);
      expect(r.greedy).toBe('alterna.');
      expect(r.text).toBe('alterna-');
    });
    it('keeps a full stop the recogniser is sure of, one after a listed word, one mid-line, or after no word prefix', () => {
      expect(read([...sure('alterna'), { '.': 0.9, '-': 0.05 }, {}], list).text).toBe('alterna.');
      expect(read([...sure('done'), { '.': 0.5, '-': 0.46 }, {}], list).text).toBe('done.');
      expect(read([...sure('alterna'), { '.': 0.5, '-': 0.46 }, {}, ...sure(' also')], list).text).toBe('alterna. also');
      expect(read([...sure('qqqq'), { '.': 0.5, '-': 0.46 }, {}], list).text).toBe('qqqq.');
    });
    it('knows which fragments begin listed words', () => {
      expect(extendsToWord(list, 'Alterna')).toBe(true);
      expect(extendsToWord(list, 'alternative')).toBe(false);
      expect(extendsToWord(list, 'xyz')).toBe(false);
    });
  });
});
