/**
 * Splits long text into chunks that each fit a model's token budget, on the most natural boundary
 * available: paragraphs, then sentences, then words, then (only for a single "word" longer than the
 * whole budget, e.g. a 5,000-character URL) grapheme clusters — never inside a grapheme cluster, so
 * emoji, combining marks and surrogate pairs are never cut. Sentence and word boundaries come from
 * `Intl.Segmenter`, which handles CJK text without spaces. Pure and synchronous; unit-tested.
 */

export type CountTokens = (text: string) => number;

export interface ChunkOptions {
  /** Maximum tokens per chunk, as measured by `countTokens` on the chunk's text. */
  budget: number;
  countTokens: CountTokens;
  /** Locale hint for sentence/word segmentation. */
  locale?: string;
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(granularity: 'sentence' | 'word' | 'grapheme', locale?: string): Intl.Segmenter {
  const key = `${granularity}|${locale ?? ''}`;
  let s = segmenters.get(key);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, s);
  }
  return s;
}

/** Paragraphs, each keeping its trailing blank lines (so joining the pieces gives the text back). */
export function splitParagraphs(text: string): string[] {
  const out: string[] = [];
  const re = /\n[ \t]*\n\s*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(text.slice(last, m.index + m[0].length));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function splitSentences(text: string, locale?: string): string[] {
  return Array.from(segmenter('sentence', locale).segment(text), (s) => s.segment);
}

/** Words with the spaces and punctuation after them attached (so no piece starts with a space). */
export function splitWords(text: string, locale?: string): string[] {
  const out: string[] = [];
  for (const s of segmenter('word', locale).segment(text)) {
    if (out.length && !s.isWordLike) out[out.length - 1] += s.segment;
    else out.push(s.segment);
  }
  return out;
}

export function splitGraphemes(text: string): string[] {
  return Array.from(segmenter('grapheme').segment(text), (s) => s.segment);
}

/**
 * Pack `pieces` greedily into chunks within the budget. Pieces are counted once each (linear time
 * on 1 MB of text); because tokenizers are not exactly additive at piece boundaries, each chunk is
 * then counted as a whole and trimmed back if needed, so the budget always holds. A piece that alone
 * exceeds the budget is split with the next finer splitter.
 */
function pack(pieces: string[], opts: ChunkOptions, finer: ((s: string) => string[])[]): string[] {
  const { budget, countTokens } = opts;
  const chunks: string[] = [];
  let cur: string[] = [];
  let est = 0;
  const emit = () => {
    let rest = cur;
    while (rest.length) {
      let k = rest.length;
      while (k > 1 && countTokens(rest.slice(0, k).join('').trim()) > budget) k--;
      const chunk = rest.slice(0, k).join('');
      if (chunk.trim()) chunks.push(chunk);
      rest = rest.slice(k);
    }
    cur = [];
    est = 0;
  };
  for (const piece of pieces) {
    if (!piece) continue;
    const n = piece.trim() ? countTokens(piece.trim()) : 0;
    if (n <= budget) {
      if (est + n > budget) emit();
      cur.push(piece);
      est += n;
      continue;
    }
    emit();
    if (finer.length === 0) {
      // A single grapheme cluster the tokenizer cannot fit: keep it whole rather than corrupt it.
      chunks.push(piece);
      continue;
    }
    const [next, ...rest] = finer;
    const sub = pack(next(piece), opts, rest);
    // The last sub-chunk may still take more pieces after it.
    for (let i = 0; i < sub.length - 1; i++) chunks.push(sub[i]);
    if (sub.length) {
      cur = [sub[sub.length - 1]];
      est = countTokens(cur[0].trim());
    }
  }
  emit();
  return chunks;
}

/** Chunks of `text`, each within `budget` tokens, trimmed, in order; nothing of the text is lost but whitespace at chunk edges. */
export function chunkText(text: string, opts: ChunkOptions): string[] {
  if (opts.budget < 1) throw new Error('chunkText: the token budget must be at least 1');
  if (!text.trim()) return [];
  if (opts.countTokens(text.trim()) <= opts.budget) return [text.trim()];
  const chunks = pack(splitParagraphs(text), opts, [(s) => splitSentences(s, opts.locale), (s) => splitWords(s, opts.locale), splitGraphemes]);
  return chunks.map((c) => c.trim()).filter(Boolean);
}
