/**
 * One line of text from a transformers.js image-to-text model (TrOCR): the same call in the browser
 * worker (./handler.ts) and in the Node reference of the end-to-end test.
 *
 * transformers.js's generate() returns no scores, so the line's confidence is measured here: a logits
 * processor, run after the model's own ones, records the probability of the token greedy decoding
 * then picks (the largest after softmax) at every step; the score is their mean, like PaddleOCR's
 * mean character probability. Steps where a processor left a single possible token (a forced token)
 * say nothing about the image and are skipped.
 */

/**
 * TrOCR's generation config sets no length, and transformers.js then stops at 20 tokens, which cuts a
 * long printed line short. One line rarely needs more than 100 tokens.
 */
export const LINE_MAX_NEW_TOKENS = 128;

export interface LogitsLike {
  dims: readonly number[];
  data: ArrayLike<number>;
}

/** Probability of the most likely token in row `row` of [batch, vocab] logits, or null when only one token is possible. */
export function topProbability(logits: LogitsLike, row = 0): number | null {
  const V = logits.dims[logits.dims.length - 1];
  const d = logits.data;
  const o = row * V;
  let max = -Infinity;
  let finite = 0;
  for (let j = 0; j < V; j++) {
    const x = d[o + j];
    if (x > -Infinity) finite++;
    if (x > max) max = x;
  }
  if (finite <= 1 || !Number.isFinite(max)) return null;
  let sum = 0;
  for (let j = 0; j < V; j++) sum += Math.exp(d[o + j] - max);
  return 1 / sum;
}

/** A logits processor that records every step's top probability (null for a forced step) and passes the logits on unchanged. */
export function stepRecorder(): { processor: (ids: bigint[][], logits: LogitsLike) => LogitsLike; steps: (number | null)[] } {
  const steps: (number | null)[] = [];
  return {
    processor: (_ids, logits) => {
      steps.push(topProbability(logits));
      return logits;
    },
    steps,
  };
}

/** Mean of the measured (non-null) step probabilities; 0 when there is none. */
export function meanProbability(steps: (number | null)[]): number {
  const known = steps.filter((p): p is number => p !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
}

/** A logits processor that records each step's top probability (batch row 0); `score` is their mean, forced steps skipped. */
export function confidenceRecorder(): { processor: (ids: bigint[][], logits: LogitsLike) => LogitsLike; score: () => number } {
  const rec = stepRecorder();
  return { processor: rec.processor, score: () => meanProbability(rec.steps) };
}

/** transformers.js's image-to-text pipeline, as far as readLine uses it. */
export type ImageToText = (image: unknown, options: Record<string, unknown>) => Promise<unknown>;

/** Read one line: the generated text (trimmed) and its confidence (see confidenceRecorder). */
export async function readLine(pipe: ImageToText, image: unknown): Promise<{ text: string; score: number }> {
  const rec = confidenceRecorder();
  const out = (await pipe(image, { max_new_tokens: LINE_MAX_NEW_TOKENS, logits_processor: [rec.processor] })) as { generated_text: string }[];
  return { text: (out[0]?.generated_text ?? '').trim(), score: rec.score() };
}
