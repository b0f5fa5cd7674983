/** Character error rate for OCR evaluation (tests and benchmark). Pure, unit-tested. */

/** Collapse every run of whitespace (spaces, tabs, line breaks) to one space and trim. */
export const normalizeText = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Levenshtein distance over UTF-16 code units (two rows, O(n·m) time, O(m) memory). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Character error rate of `hyp` against the ground truth `ref`: edit distance / reference length,
 * after normalising whitespace (a line break and a space count the same; a lost space is an error).
 */
export function cer(ref: string, hyp: string): { errors: number; chars: number; cer: number } {
  const r = normalizeText(ref);
  const h = normalizeText(hyp);
  const errors = levenshtein(r, h);
  return { errors, chars: r.length, cer: r.length ? errors / r.length : h.length ? 1 : 0 };
}
