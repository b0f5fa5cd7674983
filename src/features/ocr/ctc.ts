/** CTC greedy decoding for PaddleOCR recognition heads. Pure, unit-tested in ctc.test.ts. */
import type { Emitted } from './lexicon';

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
 *
 * Word gaps (`spaceRescue` > 0, the space being the last class): blurred or tightly set text makes
 * the recogniser hesitate between blank and space at word gaps, and greedy decoding then drops the
 * space. Between two emitted characters with no space emitted, a space is inserted when the space's
 * probability reached `spaceRescue` at some step of the gap, except between a digit's "," or "." and
 * a digit ("1,234"). Measured on the OCR test set (e2e/ocr-helpers.ts): missed word gaps peaked at
 * 0.12–0.49; gaps inside words and addresses stayed under 0.08, except "camelCase|V" (0.16) and,
 * in monospace, "1,|234" (0.15–0.43). The pipeline uses 0.2.
 */
/** "1,|234" or "3.|14": a separator between digits, where a rescued space would split a number. */
const numberSeparator = (text: string, next: string) => /\d[.,]$/.test(text) && /^\d/.test(next);

export function ctcGreedy(
  probs: Float32Array,
  steps: number,
  classes: number,
  chars: string[],
  offset = 0,
  blank = 0,
  spaceRescue = 0,
  emitted?: Emitted[],
): Decoded {
  let text = '';
  let sum = 0;
  let n = 0;
  let prev = -1;
  const space = chars[classes - 1] === ' ' ? classes - 1 : -1;
  const rescue = spaceRescue > 0 && space > 0;
  // Highest space probability since the last emitted character (reset by an emitted space).
  let gapSpace = 0;
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
    if (emitted && best !== blank && best === prev) emitted[emitted.length - 1].t1 = t;
    if (best !== blank && best !== prev) {
      if (rescue && best !== space && n > 0 && gapSpace >= spaceRescue && !text.endsWith(' ') && !numberSeparator(text, chars[best] ?? '')) text += ' ';
      emitted?.push({ cls: best, t0: t, t1: t, at: text.length });
      text += chars[best] ?? '';
      sum += bestP;
      n++;
      gapSpace = 0;
    } else if (rescue) {
      gapSpace = Math.max(gapSpace, probs[base + space]);
    }
    prev = best;
  }
  return { text, score: n ? sum / n : 0 };
}
