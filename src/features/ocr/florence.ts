/**
 * Full-page OCR with Florence-2 (transformers.js `Florence2ForConditionalGeneration`, task
 * `<OCR_WITH_REGION>`): the same call in the browser worker (./handler.ts) and in the Node reference of
 * the end-to-end test.
 *
 * The model answers with text followed by eight `<loc_N>` tokens per line (the corners of its box in
 * thousandths of the image); Florence2Processor.post_process_generation turns that into labels and
 * quads. transformers.js returns no scores, so each line's confidence is measured here: a logits
 * processor records, at every step, the probability of the token greedy decoding picks (null where a
 * processor forced the token), and a line's score is the mean over its TEXT tokens (the location
 * tokens measure the box, not the reading).
 */
import { meanProbability, stepRecorder, type LogitsLike } from './image-to-text';
import type { Quad } from './geometry';

export const FLORENCE_OCR_TASK = '<OCR_WITH_REGION>';
/** A dense page: about 20 tokens per line (text and eight locations); Florence-2's decoder holds 1024 positions. */
export const PAGE_MAX_NEW_TOKENS = 1024;
const LOCS_PER_LINE = 8;

export type TokenKind = 'text' | 'loc' | 'special';

/**
 * Per-line confidence from the generated tokens (`kinds[i]` of step i) and the recorded step
 * probabilities: a line is a run of text tokens closed by eight location tokens, as the processor's
 * regex reads them. Lines without a recorded text token get null.
 */
export function lineScores(kinds: TokenKind[], steps: (number | null)[]): (number | null)[] {
  const out: (number | null)[] = [];
  let sum = 0,
    n = 0,
    locs = 0;
  kinds.forEach((k, i) => {
    const p = steps[i] ?? null;
    if (k === 'loc') {
      if (++locs === LOCS_PER_LINE) {
        out.push(n ? sum / n : null);
        sum = n = locs = 0;
      }
      return;
    }
    if (k === 'text') {
      locs = 0; // a broken run of locations stays in the line's label, as the processor's lazy regex reads it
      if (p !== null) {
        sum += p;
        n++;
      }
    }
  });
  return out;
}

/** What readPage needs of transformers.js (the model and processor of one Florence-2 repository). */
export interface Florence {
  model: { generate(options: Record<string, unknown>): Promise<unknown> };
  processor: {
    (image: unknown, text: string): Promise<Record<string, unknown>>;
    batch_decode(ids: unknown, options: { skip_special_tokens: boolean }): string[];
    post_process_generation(text: string, task: string, size: [number, number]): Record<string, unknown>;
    tokenizer: { decode(ids: number[], options?: Record<string, unknown>): string; all_special_ids?: number[] };
  };
}

/** Whether a token id is a `<loc_N>` token (memoised: asked once per generated token). */
function locTest(tokenizer: Florence['processor']['tokenizer']): (id: number) => boolean {
  const memo = new Map<number, boolean>();
  return (id) => {
    let v = memo.get(id);
    if (v === undefined) memo.set(id, (v = /^<loc_\d+>$/.test(tokenizer.decode([id]))));
    return v;
  };
}

export interface PageLine {
  text: string;
  score: number;
  /** Corners (TL, TR, BR, BL) in the pixels of the image given, continuous coordinates. */
  box: Quad;
}

/**
 * Read a page: lines with their boxes and confidences, in the model's order. `image` is a
 * transformers.js RawImage of `width`×`height`; `extra` goes to generate() (streamer, stopping criteria).
 */
export async function readPage(
  f: Florence,
  image: unknown,
  width: number,
  height: number,
  { extra = {}, onLines }: { extra?: Record<string, unknown>; onLines?: (lines: number) => void } = {},
): Promise<PageLine[]> {
  const rec = stepRecorder();
  const isLoc = locTest(f.processor.tokenizer);
  // Lines so far, for progress: a line ends with its eighth location token.
  let locs = 0;
  const progress = (ids: bigint[][]) => {
    const last = ids[0].at(-1);
    if (onLines && last !== undefined && isLoc(Number(last)) && ++locs % LOCS_PER_LINE === 0) onLines(locs / LOCS_PER_LINE);
  };
  const inputs = await f.processor(image, FLORENCE_OCR_TASK);
  const generated = (await f.model.generate({
    ...inputs,
    ...extra,
    max_new_tokens: PAGE_MAX_NEW_TOKENS,
    num_beams: 1,
    do_sample: false,
    logits_processor: [
      (ids: bigint[][], logits: LogitsLike) => {
        progress(ids);
        return rec.processor(ids, logits);
      },
    ],
  })) as { tolist(): bigint[][] };
  const text = f.processor.batch_decode(generated, { skip_special_tokens: false })[0];
  const answer = f.processor.post_process_generation(text, FLORENCE_OCR_TASK, [width, height])[FLORENCE_OCR_TASK] as {
    labels: string[];
    quad_boxes: number[][];
  };
  // The generated ids after the decoder's start token, one per recorded step.
  const ids = generated.tolist()[0].slice(1).map(Number);
  const specials = new Set(f.processor.tokenizer.all_special_ids ?? []);
  const kinds = ids.map((id): TokenKind => (specials.has(id) ? 'special' : isLoc(id) ? 'loc' : 'text'));
  const scores = lineScores(kinds, rec.steps);
  const mean = meanProbability(rec.steps);
  const sameCount = scores.length === answer.labels.length;
  return answer.labels.map((label, i) => {
    const q = answer.quad_boxes[i];
    return {
      text: label.trim(),
      score: (sameCount ? scores[i] : null) ?? mean,
      box: [
        [q[0], q[1]],
        [q[2], q[3]],
        [q[4], q[5]],
        [q[6], q[7]],
      ] as Quad,
    };
  });
}
