import { describe, expect, it } from 'vitest';
import { chunkText, splitGraphemes, splitParagraphs, splitWords } from './chunking';

const utf8 = (s: string) => new TextEncoder().encode(s).length;
/** A tokenizer-like counter: ~3 bytes per token per word, plus 2 special tokens (not additive, like real ones). */
const countBytes = (s: string) =>
  2 +
  s
    .split(/\s+/)
    .filter(Boolean)
    .reduce((a, w) => a + Math.ceil(utf8(w) / 3), 0);
/** One token per grapheme cluster (non-space). */
const countGraphemes = (s: string) => splitGraphemes(s).filter((g) => g.trim()).length;
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

const para = (n: number, seed: string) =>
  Array.from({ length: n }, (_, i) => `${seed} sentence number ${i + 1} talks about things, and then it ends.`).join(' ');

describe('chunkText', () => {
  it('returns nothing for empty or whitespace-only text and one chunk when the text fits', () => {
    expect(chunkText('', { budget: 10, countTokens: countBytes })).toEqual([]);
    expect(chunkText(' \n\t ', { budget: 10, countTokens: countBytes })).toEqual([]);
    expect(chunkText('  Short text.  ', { budget: 100, countTokens: countBytes })).toEqual(['Short text.']);
  });

  it('respects the token budget and keeps every word whole and in order', () => {
    const text = [para(12, 'Alpha'), para(7, 'Beta'), para(20, 'Gamma')].join('\n\n');
    for (const budget of [12, 25, 40, 80, 200]) {
      const chunks = chunkText(text, { budget, countTokens: countBytes });
      expect(chunks.length).toBeGreaterThan(1);
      for (const c of chunks) expect(countBytes(c)).toBeLessThanOrEqual(budget);
      // Never splits inside a word: the words of the chunks are exactly the words of the text.
      expect(chunks.flatMap((c) => c.split(/\s+/))).toEqual(text.split(/\s+/));
      expect(norm(chunks.join(' '))).toBe(norm(text));
    }
  });

  it('prefers paragraph, then sentence boundaries', () => {
    const p1 = 'The first paragraph has two sentences. It is short.';
    const p2 = 'The second paragraph is here. It also has two sentences.';
    const budget = Math.max(countBytes(p1), countBytes(p2));
    expect(chunkText(`${p1}\n\n${p2}`, { budget, countTokens: countBytes })).toEqual([p1, p2]);
    const s = 'One sentence here. Another sentence there. A third one follows. And a fourth.';
    const chunks = chunkText(s, { budget: countBytes('One sentence here. Another sentence there.'), countTokens: countBytes });
    for (const c of chunks) expect(c).toMatch(/\.$/); // every chunk ends at a sentence end
  });

  it('splits CJK text without spaces at sentence and word boundaries within the budget', () => {
    const zh = '今天天气很好。我们去公园散步吧！这个图书馆有很多书。科学家在森林里发现了一种新的青蛙。'.repeat(6);
    const budget = 30;
    const chunks = chunkText(zh, { budget, countTokens: countGraphemes, locale: 'zh' });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(countGraphemes(c)).toBeLessThanOrEqual(budget);
    expect(chunks.join('')).toBe(zh);
    for (const c of chunks) expect(c).toMatch(/[。！]$/); // sentences fit: cut only after sentence ends
    // A single long "sentence" is cut only at word boundaries from Intl.Segmenter.
    const long = '科学家在森林里发现了一种新的青蛙并且他们非常高兴因为这是第一次有人在这里看到它'.repeat(2);
    const parts = chunkText(long, { budget: 12, countTokens: countGraphemes, locale: 'zh' });
    expect(parts.join('')).toBe(long);
    const boundaries = new Set<number>();
    let pos = 0;
    for (const w of splitWords(long, 'zh')) boundaries.add((pos += w.length));
    let at = 0;
    for (const p of parts.slice(0, -1)) expect(boundaries.has((at += p.length))).toBe(true);
  });

  it('never cuts inside an emoji, a flag or a combining sequence', () => {
    const family = '👨‍👩‍👧‍👦';
    const text = `${family}🇫🇷e\u0301${'😀'.repeat(3)}`.repeat(20); // one "word", far over the budget
    const chunks = chunkText(text, { budget: 7, countTokens: countGraphemes });
    expect(chunks.join('')).toBe(text);
    const allowed = new Set(splitGraphemes(text));
    for (const c of chunks) {
      expect(countGraphemes(c)).toBeLessThanOrEqual(7);
      for (const g of splitGraphemes(c)) expect(allowed.has(g)).toBe(true);
      expect(c).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone surrogates
    }
  });

  it('handles a word longer than the budget only by grapheme splitting, and mixed scripts', () => {
    const url = `https://example.org/${'abcdefghij'.repeat(40)}`;
    const text = `Before the link. ${url} After the link, in English, 日本語の文も。Ünïcödé wörds.`;
    const chunks = chunkText(text, { budget: 20, countTokens: countBytes });
    for (const c of chunks) expect(countBytes(c)).toBeLessThanOrEqual(20);
    expect(chunks.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    expect(chunks[0]).toMatch(/^Before the link\./);
    expect(chunks.at(-1)).toMatch(/wörds\.$/);
  });

  it('is linear: 1 MB of text is chunked with about one count per piece', () => {
    const text = (para(10, 'Lorem') + '\n\n').repeat(1500); // ~1 MB
    expect(text.length).toBeGreaterThan(900_000);
    let calls = 0;
    const chunks = chunkText(text, { budget: 400, countTokens: (s) => (calls++, countBytes(s)) });
    for (const c of chunks.slice(0, 50)) expect(countBytes(c)).toBeLessThanOrEqual(400);
    expect(calls).toBeLessThan(3 * (1500 + chunks.length) + 10);
  });

  it('rejects a budget below 1', () => {
    expect(() => chunkText('x', { budget: 0, countTokens: countBytes })).toThrow(/budget/);
  });
});

describe('splitParagraphs', () => {
  it('keeps blank lines with the paragraph before them', () => {
    expect(splitParagraphs('a\n\nb\n  \n\nc')).toEqual(['a\n\n', 'b\n  \n\n', 'c']);
  });
});
