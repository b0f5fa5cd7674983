import { describe, expect, it } from 'vitest';
import { anchorCount, decodeYolox, labelsFromConfig, letterbox, letterboxGeometry, mapBox, postprocessYolox, YOLOX_NANO } from './yolox';

describe('letterbox geometry', () => {
  it('fits landscape, portrait and square images into the square, top-left', () => {
    expect(letterboxGeometry(640, 480, 416)).toEqual({ size: 416, ratio: 0.65, width: 416, height: 312, padX: 0, padY: 0 });
    expect(letterboxGeometry(480, 640, 416)).toMatchObject({ ratio: 0.65, width: 312, height: 416 });
    expect(letterboxGeometry(416, 416, 416)).toMatchObject({ ratio: 1, width: 416, height: 416 });
  });
  it('upscales small images and keeps at least one pixel for extreme aspect ratios', () => {
    expect(letterboxGeometry(1, 1, 416)).toMatchObject({ ratio: 416, width: 416, height: 416 });
    expect(letterboxGeometry(10000, 10, 416)).toMatchObject({ width: 416, height: 1 });
  });
  it('rejects empty images', () => expect(() => letterboxGeometry(0, 10, 416)).toThrow(RangeError));
});

describe('letterbox pixels', () => {
  const rgba = (w: number, h: number, f: (x: number, y: number) => [number, number, number, number]) => {
    const d = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d.set(f(x, y), (y * w + x) * 4);
    return d;
  };
  const opts = { size: 8, padValue: 114, bgr: true };

  it('copies pixels exactly when no resize is needed, in BGR planes, and pads the rest', () => {
    const src = rgba(8, 4, (x, y) => [x, 10 + y, 100 + x + y, 255]);
    const { data, geometry } = letterbox(src, 8, 4, opts);
    expect(geometry).toMatchObject({ width: 8, height: 4, ratio: 1 });
    const at = (c: number, x: number, y: number) => data[c * 64 + y * 8 + x];
    expect([at(0, 3, 2), at(1, 3, 2), at(2, 3, 2)]).toEqual([105, 12, 3]); // B, G, R
    expect([at(0, 3, 5), at(1, 0, 7), at(2, 7, 4)]).toEqual([114, 114, 114]);
  });

  it('keeps RGB order when asked, reads 3-channel input, and a flat image stays flat when resized', () => {
    const flat = new Uint8Array(20 * 10 * 3).map((_, i) => [30, 60, 90][i % 3]);
    const { data, geometry } = letterbox(flat, 20, 10, { ...opts, bgr: false, padValue: 0 }, 3);
    expect(geometry).toMatchObject({ width: 8, height: 4 });
    for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) expect([data[y * 8 + x], data[64 + y * 8 + x], data[128 + y * 8 + x]]).toEqual([30, 60, 90]);
    expect(data[5 * 8]).toBe(0);
  });

  it('interpolates bilinearly with half-pixel centres (a 2× downscale averages pixel pairs)', () => {
    const src = rgba(16, 2, (x) => [x * 10, 0, 0, 255]);
    const { data } = letterbox(src, 16, 2, opts);
    // Output pixel 0 centres at source x = 0.5: halfway between 0 and 10.
    expect(data[2 * 64 + 0]).toBeCloseTo(5);
    expect(data[2 * 64 + 7]).toBeCloseTo(145);
  });
});

describe('mapBox', () => {
  it('inverts the letterbox and the decode downscale, and clips to the image', () => {
    const orig = { xmin: 100, ymin: 50, xmax: 300, ymax: 400 };
    const decodeScale = 0.5; // decoded at 320×240 before the letterbox (ratio 1.3): 0.65 overall
    const g = letterboxGeometry(320, 240, 416);
    expect(g.ratio).toBeCloseTo(1.3);
    const f = 0.65;
    const inInput = { xmin: orig.xmin * f, ymin: orig.ymin * f, xmax: orig.xmax * f, ymax: orig.ymax * f };
    const back = mapBox(inInput, g, decodeScale, 640, 480);
    expect(back.xmin).toBeCloseTo(100);
    expect(back.ymax).toBeCloseTo(400);
    expect(mapBox({ xmin: -20, ymin: -5, xmax: 500, ymax: 400 }, letterboxGeometry(640, 480, 416), 1, 640, 480)).toEqual({
      xmin: 0,
      ymin: 0,
      xmax: 640,
      ymax: 480,
    });
  });
  it('undoes padding offsets', () => {
    const g = { size: 416, ratio: 1, width: 200, height: 416, padX: 108, padY: 0 };
    expect(mapBox({ xmin: 108, ymin: 0, xmax: 308, ymax: 10 }, g, 1, 200, 416)).toEqual({ xmin: 0, ymin: 0, xmax: 200, ymax: 10 });
  });
});

/** A synthetic YOLOX head output with some anchors set. */
function head(
  classes: number,
  set: { index: number; p: [number, number, number, number]; obj: number; cls: Record<number, number> }[],
  size = 416,
  strides = [8, 16, 32],
) {
  const n = anchorCount(size, strides);
  const out = new Float32Array(n * (5 + classes));
  for (const a of set) {
    const o = a.index * (5 + classes);
    out.set(a.p, o);
    out[o + 4] = a.obj;
    for (const [c, v] of Object.entries(a.cls)) out[o + 5 + Number(c)] = v;
  }
  return out;
}

describe('decodeYolox', () => {
  it('has 3549 anchors at 416 px', () => expect(anchorCount(416, [8, 16, 32])).toBe(3549));

  it('decodes centre, size and score per stride and grid cell', () => {
    const stride8 = 5 * 52 + 3; // gx 3, gy 5
    const stride32 = 52 * 52 + 26 * 26 + 2 * 13 + 12; // gx 12, gy 2
    const out = head(3, [
      { index: stride8, p: [0.5, 0.5, Math.log(4), Math.log(2)], obj: 0.9, cls: { 0: 0.1, 2: 0.8 } },
      { index: stride32, p: [0, 0, 0, Math.log(3)], obj: 0.5, cls: { 1: 0.9 } },
    ]);
    const c = decodeYolox(out, 3, 416, [8, 16, 32], 0.05);
    expect(c).toHaveLength(2);
    expect(c[0].classId).toBe(2);
    expect(c[0].score).toBeCloseTo(0.72);
    expect(c[0].box.xmin).toBeCloseTo(28 - 16);
    expect(c[0].box.ymax).toBeCloseTo(44 + 8);
    expect(c[1].classId).toBe(1);
    expect(c[1].box.xmin).toBeCloseTo(12 * 32 - 16); // centre (384, 64), 32 × 96
    expect(c[1].box.ymin).toBeCloseTo(64 - 48);
  });

  it('skips scores under the minimum and non-finite values', () => {
    const out = head(2, [
      { index: 0, p: [0, 0, 0, 0], obj: 0.2, cls: { 0: 0.2 } }, // 0.04
      { index: 1, p: [0, 0, 0, 0], obj: NaN, cls: { 0: 1 } },
      { index: 2, p: [0, 0, 1000, 0], obj: 1, cls: { 0: 1 } }, // exp overflow
    ]);
    expect(decodeYolox(out, 2, 416, [8, 16, 32], 0.05)).toEqual([]);
  });

  it('rejects an output of the wrong shape', () => expect(() => decodeYolox(new Float32Array(10), 80, 416, [8, 16, 32], 0.1)).toThrow(/expected 3549×85/));
});

describe('postprocessYolox', () => {
  it('decodes, suppresses duplicates per class, maps to original pixels and sorts by score', () => {
    const labels = ['cat', 'dog'];
    // Two near-identical cats and a dog on top of them, plus a weak cat elsewhere.
    const out = head(2, [
      { index: 10 * 52 + 10, p: [0, 0, Math.log(5), Math.log(5)], obj: 0.9, cls: { 0: 0.9 } },
      { index: 10 * 52 + 11, p: [-1, 0, Math.log(5), Math.log(5)], obj: 0.8, cls: { 0: 0.9 } },
      { index: 10 * 52 + 12, p: [-2, 0, Math.log(5), Math.log(5)], obj: 0.7, cls: { 1: 0.95 } },
      { index: 30 * 52 + 40, p: [0, 0, 0, 0], obj: 0.3, cls: { 0: 0.5 } },
    ]);
    const geometry = letterboxGeometry(640, 480, 416);
    const dets = postprocessYolox(out, {
      labels,
      geometry,
      decodeScale: 1,
      origWidth: 640,
      origHeight: 480,
      minScore: 0.05,
      iouThreshold: 0.45,
      strides: [8, 16, 32],
    });
    expect(dets.map((d) => d.label)).toEqual(['cat', 'dog', 'cat']);
    expect(dets.map((d) => d.score)).toEqual([0.81, 0.665, 0.15]);
    // Centre (80, 80) in the input, 40 × 40 → (60..100) / 0.65.
    expect(dets[0].box).toEqual({ xmin: 92.31, ymin: 92.31, xmax: 153.85, ymax: 153.85 });
  });

  it('drops boxes that fall entirely in the padding', () => {
    // 640×240 → 416×156: a box at y 300..340 of the input is below the image.
    const out = head(1, [{ index: 40 * 52 + 10, p: [0, 0, Math.log(5), Math.log(5)], obj: 0.9, cls: { 0: 0.9 } }]);
    const geometry = letterboxGeometry(640, 240, 416);
    expect(
      postprocessYolox(out, {
        labels: ['x'],
        geometry,
        decodeScale: 1,
        origWidth: 640,
        origHeight: 240,
        minScore: 0.05,
        iouThreshold: 0.45,
        strides: YOLOX_NANO.strides,
      }),
    ).toEqual([]);
  });
});

describe('labelsFromConfig', () => {
  it('orders labels by class id and names gaps', () =>
    expect(labelsFromConfig({ id2label: { 0: 'a', 2: 'c' }, num_labels: 3 })).toEqual(['a', 'class 1', 'c']));
});
