import { describe, expect, it } from 'vitest';
import { confidenceRecorder, LINE_MAX_NEW_TOKENS, readLine, stepRecorder, topProbability } from './image-to-text';

const logits = (rows: number[][]) => ({ dims: [rows.length, rows[0].length], data: Float32Array.from(rows.flat()) });

describe('line confidence of image-to-text models', () => {
  it('is the softmax probability of the most likely token', () => {
    expect(topProbability(logits([[0, 0, 0, 0]]))).toBeCloseTo(0.25, 6);
    // e^2 / (e^2 + 2)
    expect(topProbability(logits([[2, 0, 0]]))).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 2), 6);
    // large logits do not overflow
    expect(topProbability(logits([[1000, 999]]))).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it('reads the requested batch row', () => {
    const l = logits([
      [0, 0],
      [3, 0],
    ]);
    expect(topProbability(l, 0)).toBeCloseTo(0.5, 6);
    expect(topProbability(l, 1)).toBeCloseTo(Math.exp(3) / (Math.exp(3) + 1), 6);
  });

  it('skips forced steps (a single possible token)', () => {
    expect(topProbability(logits([[-Infinity, 5, -Infinity]]))).toBeNull();
    const rec = confidenceRecorder();
    rec.processor([], logits([[-Infinity, 5, -Infinity]]));
    rec.processor([], logits([[0, 0]]));
    rec.processor([], logits([[Math.log(3), 0, -Infinity]]));
    expect(rec.score()).toBeCloseTo((0.5 + 0.75) / 2, 6); // the forced step would have counted as 1
  });

  it('passes the logits on unchanged and scores 0 when nothing was generated', () => {
    const rec = confidenceRecorder();
    const l = logits([[1, 2, 3]]);
    expect(rec.processor([], l)).toBe(l);
    expect(Array.from(l.data)).toEqual([1, 2, 3]);
    expect(confidenceRecorder().score()).toBe(0);
  });

  it('asks the pipeline for a length limit and its recorder, and trims the text', async () => {
    let seen: Record<string, unknown> = {};
    const pipe = async (_img: unknown, o: Record<string, unknown>) => {
      seen = o;
      const [p] = o.logits_processor as ((ids: bigint[][], l: unknown) => unknown)[];
      p([], logits([[0, 0, 0, 0]]));
      return [{ generated_text: '  a line \n' }];
    };
    expect(await readLine(pipe, null)).toEqual({ text: 'a line', score: 0.25 });
    expect(seen.max_new_tokens).toBe(LINE_MAX_NEW_TOKENS);
  });
});

describe('stepRecorder', () => {
  it('records the top probability of every step, null where one token was forced', () => {
    const r = stepRecorder();
    r.processor([[0n]], { dims: [1, 2], data: [0, 0] });
    r.processor([[0n]], { dims: [1, 3], data: [-Infinity, 5, -Infinity] });
    expect(r.steps).toEqual([0.5, null]);
  });
});
