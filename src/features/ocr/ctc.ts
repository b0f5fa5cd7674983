/** CTC greedy decoding for PaddleOCR recognition heads. Pure, unit-tested in ctc.test.ts. */

/**
 * The character list of a PaddleOCR recogniser: index 0 is the CTC blank, then one character per
 * line of the dictionary file, then a space (PaddleOCR's `use_space_char`).
 */
export function parseDictionary(text: string, useSpace = true): string[] {
  const chars = text.replace(/\r/g, '').split('\n');
  if (chars.length && chars[chars.length - 1] === '') chars.pop();
  return ['', ...chars, ...(useSpace ? [' '] : [])];
}

export interface Decoded {
  text: string;
  /** Mean probability of the emitted characters (0 when nothing was emitted). */
  score: number;
}

/**
 * Greedy CTC: arg-max per time step, collapse repeats, drop blanks.
 * `probs` holds `steps × classes` values for one sequence, starting at `offset`.
 */
export function ctcGreedy(probs: Float32Array, steps: number, classes: number, chars: string[], offset = 0, blank = 0): Decoded {
  let text = '';
  let sum = 0;
  let n = 0;
  let prev = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base];
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== blank && best !== prev) {
      text += chars[best] ?? '';
      sum += bestP;
      n++;
    }
    prev = best;
  }
  return { text, score: n ? sum / n : 0 };
}
