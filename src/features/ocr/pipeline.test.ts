import { describe, expect, it } from 'vitest';
import type { Quad } from './geometry';
import { DEFAULT_OPTIONS, ocr, recognize, type OcrStep, type RunModel, type Tensor } from './pipeline';

describe('recognition batches', () => {
  const img = { data: new Uint8ClampedArray(400 * 100 * 4).fill(255), width: 400, height: 100 };
  /** A line box h = 20 px high and w px wide. */
  const box = (w: number): Quad => [
    [0, 0],
    [w, 0],
    [w, 20],
    [0, 20],
  ];
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

describe('a whole run: steps reported, cancel honoured', () => {
  // A white 320×160 page; a fake detector that sees three text lines, a classifier that finds them
  // upright, and a recogniser that reads "a a a…" with certainty.
  const img = { data: new Uint8ClampedArray(320 * 160 * 4).fill(255), width: 320, height: 160 };
  const chars = ['', 'a', ' '];
  const fake = (onRec?: () => void) => {
    const calls: string[] = [];
    const run: RunModel = async (name, input) => {
      calls.push(name);
      const [n, , H, W] = input.dims;
      if (name === 'det') {
        const map = new Float32Array(H * W);
        for (const y0 of [0.1, 0.4, 0.7]) {
          for (let y = Math.round(y0 * H); y < Math.round((y0 + 0.1) * H); y++)
            for (let x = Math.round(0.1 * W); x < Math.round(0.8 * W); x++) map[y * W + x] = 1;
        }
        return { data: map, dims: [1, 1, H, W] };
      }
      if (name === 'cls') return { data: Float32Array.from({ length: n * 2 }, (_, i) => (i % 2 ? 0 : 1)), dims: [n, 2] };
      onRec?.();
      const steps = W / 8;
      const data = new Float32Array(n * steps * 3);
      for (let i = 0; i < n * steps; i++) data[i * 3 + (i % 2 ? 0 : 1)] = 1;
      return { data, dims: [n, steps, 3] };
    };
    return { calls, run };
  };

  it('reports finding, checking and reading (lines done of total), in order', async () => {
    const { run } = fake();
    const steps: OcrStep[] = [];
    const out = await ocr(run, img, chars, { recBatch: 1 }, { onStep: (s) => steps.push(s) });
    expect(out.lines).toHaveLength(3);
    expect(steps).toEqual([
      { step: 'detect', done: 0, total: 0 },
      { step: 'classify', done: 0, total: 3 },
      { step: 'recognize', done: 0, total: 3 },
      { step: 'recognize', done: 1, total: 3 },
      { step: 'recognize', done: 2, total: 3 },
      { step: 'recognize', done: 3, total: 3 },
    ]);
  });

  /** The worker's checkpoint, minus the event-loop turn: rejects once `ctrl` is aborted. */
  const checkpointOf = (ctrl: AbortController) => async () => ctrl.signal.throwIfAborted();

  it('stops at the next model call once cancelled', async () => {
    const ctrl = new AbortController();
    const { calls, run } = fake(() => ctrl.abort());
    await expect(ocr(run, img, chars, { recBatch: 1 }, { checkpoint: checkpointOf(ctrl) })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual(['det', 'cls', 'rec']); // two more batches were left
  });

  it('passes the checkpoint before every model call (a cancel that arrives there stops the run)', async () => {
    const ctrl = new AbortController();
    const { calls, run } = fake();
    let passed = 0;
    const checkpoint = async () => {
      if (++passed === 3) ctrl.abort(); // before the first recognition batch
      ctrl.signal.throwIfAborted();
    };
    await expect(ocr(run, img, chars, { recBatch: 1 }, { checkpoint })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual(['det', 'cls']);
  });

  it('does not start when already cancelled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const { calls, run } = fake();
    await expect(ocr(run, img, chars, {}, { checkpoint: checkpointOf(ctrl) })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual([]);
  });
});
