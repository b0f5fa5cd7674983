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

/**
 * The words of a text for bag-of-words scoring: split on whitespace, punctuation stripped from both
 * ends of each word ("BILL:" and "BILL :" give the same words), punctuation-only tokens dropped.
 * `caseless`: compare in upper case (the SROIE receipts' ground truth is written in capitals).
 */
export function words(s: string, caseless = false): string[] {
  const t = caseless ? s.toUpperCase() : s;
  return t
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

/** Bag-of-words F1 of `hyp` against `ref` (independent of reading order): 2PR / (P + R). */
export function wordF1(ref: string, hyp: string, caseless = false): { f1: number; precision: number; recall: number; matched: number } {
  const r = new Map<string, number>();
  const rw = words(ref, caseless);
  for (const w of rw) r.set(w, (r.get(w) ?? 0) + 1);
  const hw = words(hyp, caseless);
  let matched = 0;
  for (const w of hw) {
    const n = r.get(w) ?? 0;
    if (n > 0) {
      matched++;
      r.set(w, n - 1);
    }
  }
  const precision = hw.length ? matched / hw.length : rw.length ? 0 : 1;
  const recall = rw.length ? matched / rw.length : 1;
  return { f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, precision, recall, matched };
}
