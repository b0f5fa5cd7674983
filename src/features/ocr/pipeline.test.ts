import { describe, expect, it } from 'vitest';
import type { Quad } from './geometry';
import { DEFAULT_OPTIONS, recognize, type RunModel, type Tensor } from './pipeline';

describe('recognition batches', () => {
  const img = { data: new Uint8ClampedArray(400 * 100 * 4).fill(255), width: 400, height: 100 };
  /** A line box h = 20 px high and w px wide. */
  const box = (w: number): Quad => [[0, 0], [w, 0], [w, 20], [0, 20]];
  const chars = ['', 'a', ' '];
  const recorder = () => {
    const calls: number[][] = [];
    const run: RunModel = async (_name, input: Tensor) => {
      calls.push(input.dims);
      const [n, , , W] = input.dims;
      const steps = W / 8;
      return { data: new Float32Array(n * steps * 3), dims: [n, steps, 3] };
    };
    return { calls, run };
  };

  it('groups crops of similar width, up to recBatch, and pads each with blank columns', async () => {
    const { calls, run } = recorder();
    // widths at height 48: 240, 245, 250 (within 5% of 240), 480, 490
    const quads = [box(100), box(200), box(102), box(104), box(204)];
    const out = await recognize(run, img, quads, chars, { ...DEFAULT_OPTIONS, recBatchSpread: 0.05, recPad: 16, recBatch: 8 });
    expect(out).toHaveLength(5);
    expect(calls).toEqual([
      [3, 3, 48, Math.ceil((250 + 16) / 8) * 8],
      [2, 3, 48, Math.ceil((490 + 16) / 8) * 8],
    ]);
  });

  it('never exceeds recBatch, and an unlimited spread batches by count only', async () => {
    const { calls, run } = recorder();
    const quads = [box(100), box(200), box(102), box(104), box(204)];
    await recognize(run, img, quads, chars, { ...DEFAULT_OPTIONS, recBatchSpread: Infinity, recPad: 0, recBatch: 2 });
    expect(calls.map((d) => d[0])).toEqual([2, 2, 1]);
  });
});
