/** Tight crops and strips: padding, the strip rule, the detector's scale and the cls shortcut. */
import { describe, expect, it } from 'vitest';
import type { Quad } from './geometry';
import { borderColor, DEFAULT_OPTIONS, detect, inkAtBorder, ocr, padImage, padSize, stripLine, type RgbaImage, type RunModel, type Tensor } from './pipeline';
import { wordF1, words } from './cer';

/** A white image with black rectangles [x0, y0, x1, y1). */
function image(w: number, h: number, rects: number[][] = [], bg = 255): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4).fill(bg);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data.set([0, 0, 0, 255], (y * w + x) * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width: w, height: h };
}
const rect = (l: number, t: number, r: number, b: number): Quad => [
  [l, t],
  [r, t],
  [r, b],
  [l, b],
];

describe('padding a crop cut tight to its ink', () => {
  it('finds the background colour and whether ink comes close to the border', () => {
    const tight = image(200, 40, [
      [0, 5, 30, 38],
      [60, 3, 200, 37],
    ]);
    expect(borderColor(tight)).toEqual([255, 255, 255]);
    expect(inkAtBorder(tight, [255, 255, 255])).toBe(true);
    const page = image(400, 300, [[50, 50, 350, 70]]);
    expect(inkAtBorder(page, borderColor(page))).toBe(false);
    const dark = image(200, 40, [], 20);
    expect(borderColor(dark)).toEqual([20, 20, 20]);
  });

  it('adds a margin of the background colour, the original pixels unchanged', () => {
    const img = image(10, 4, [[0, 0, 10, 4]]);
    const m = padSize(10, 4, DEFAULT_OPTIONS);
    expect(m).toBe(DEFAULT_OPTIONS.padMin);
    const out = padImage(img, m, [255, 255, 255]);
    expect([out.width, out.height]).toEqual([10 + 2 * m, 4 + 2 * m]);
    const px = (x: number, y: number) => [...out.data.subarray((y * out.width + x) * 4, (y * out.width + x) * 4 + 4)];
    expect(px(0, 0)).toEqual([255, 255, 255, 255]);
    expect(px(m, m)).toEqual([0, 0, 0, 255]);
    expect(px(m + 9, m + 3)).toEqual([0, 0, 0, 255]);
    expect(px(m + 10, m + 3)).toEqual([255, 255, 255, 255]);
    expect(padSize(2000, 1000, DEFAULT_OPTIONS)).toBe(DEFAULT_OPTIONS.padMax);
  });
});

describe('the strip rule', () => {
  const m = 10;
  const strip = image(400 + 2 * m, 40 + 2 * m);
  it('reads boxes on one row as one line: their union', () => {
    // Boxes that already leave a margin above and below the strip's ink (rows 10..50) keep it.
    const q = stripLine([rect(12, 4, 100, 56), rect(120, 6, 300, 54), rect(310, 5, 405, 55)], strip, m, DEFAULT_OPTIONS);
    expect(q).toEqual(rect(12, 4, 405, 56));
  });
  it('gives boxes that hug the ink a margin of a tenth of the strip height above and below', () => {
    // Without it, the recogniser drops the gaps between words of a tight crop.
    const q = stripLine([rect(12, 10, 100, 50), rect(120, 11, 300, 49), rect(310, 10, 405, 50)], strip, m, DEFAULT_OPTIONS);
    expect(q).toEqual(rect(12, 5.5, 405, 53.5));
  });
  it('moves a box end out to the letters it cut or missed, but not to a speck beyond a gap', () => {
    // Ink rows 10..50 of a 420 × 60 image (m = 10). A thin letter at x 12..14 the detector's box (from x 20) missed,
    // a letter at 400..408 the box (to x 405) cuts.
    const letters = image(420, 60, [
      [12, 14, 14, 48],
      [22, 12, 40, 50],
      [400, 12, 408, 50],
    ]);
    const q = stripLine([rect(20, 10, 405, 50)], letters, m, DEFAULT_OPTIONS)!;
    expect(q[0][0]).toBe(10.5);
    expect(q[1][0]).toBe(408.5);
    // A 3 px speck before the first letter stays outside; so does a letter further away than half the height.
    const speck = image(420, 60, [
      [12, 30, 15, 33],
      [22, 12, 40, 50],
    ]);
    expect(stripLine([rect(20, 10, 405, 50)], speck, m, DEFAULT_OPTIONS)![0][0]).toBe(20);
  });
  it('reads the whole strip when the detector found nothing', () => {
    const q = stripLine([], strip, m, DEFAULT_OPTIONS)!;
    expect(q[0][0]).toBeLessThan(m);
    expect(q[2][0]).toBeGreaterThan(m + 400 - 1);
    expect(q[2][1] - q[0][1]).toBeCloseTo(40 + 2 * 8, 0);
  });
  it('leaves two rows, text far smaller than the strip, and images that are not strips to the detector', () => {
    expect(stripLine([rect(12, 8, 200, 28), rect(12, 32, 200, 52)], strip, m, DEFAULT_OPTIONS)).toBeNull();
    expect(stripLine([rect(100, 28, 160, 36)], strip, m, DEFAULT_OPTIONS)).toBeNull();
    const page = image(300 + 2 * m, 200 + 2 * m);
    expect(stripLine([], page, m, DEFAULT_OPTIONS)).toBeNull();
    expect(stripLine([], strip, m, { stripAspect: 0 })).toBeNull();
  });
});

/** A fake detector whose probability map has one text row of `rowPx` detector pixels in the middle. */
function fakeDetector(rowFraction: number) {
  const sizes: number[][] = [];
  const run: RunModel = async (_name, input: Tensor) => {
    sizes.push(input.dims);
    const [, , h, w] = input.dims;
    const data = new Float32Array(w * h);
    const rh = Math.max(3, Math.round(rowFraction * h));
    const y0 = (h - rh) >> 1;
    for (let y = y0; y < y0 + rh; y++) for (let x = Math.round(w * 0.1); x < Math.round(w * 0.9); x++) data[y * w + x] = 0.9;
    return { data, dims: [1, 1, h, w] };
  };
  return { sizes, run };
}

describe('the detector scale follows the text it finds', () => {
  const big = image(3000, 2000);
  it('keeps the cheap first pass when its lines are tall enough there', async () => {
    const { sizes, run } = fakeDetector(0.05); // ≈ 30 px rows in a ≈ 600 px tall first pass
    await detect(run, big, DEFAULT_OPTIONS);
    expect(sizes).toHaveLength(1);
    expect(sizes[0][2] * sizes[0][3]).toBeLessThanOrEqual(DEFAULT_OPTIONS.detFirstSide ** 2 * 1.1);
  });
  it('runs a second, larger pass for small text', async () => {
    const { sizes, run } = fakeDetector(0.004); // 3 px rows: a box ≈ 10 px tall after unclipping
    await detect(run, big, DEFAULT_OPTIONS);
    expect(sizes).toHaveLength(2);
    expect(sizes[1][2] * sizes[1][3]).toBeGreaterThan(sizes[0][2] * sizes[0][3]);
    expect(sizes[1][2] * sizes[1][3]).toBeLessThanOrEqual(DEFAULT_OPTIONS.detMaxSide ** 2 * 1.1);
  });
  it('an image within the first budget is detected once, at full size', async () => {
    const { sizes, run } = fakeDetector(0.2);
    await detect(run, image(600, 400), DEFAULT_OPTIONS);
    expect(sizes).toEqual([[1, 3, 416, 608]]);
  });
});

describe('the angle classifier settles the page from its widest lines', () => {
  /** Pieces (up to three per long line) the classifier saw on a 20-line upright page. */
  async function classified(clsSample: number) {
    let pieces = 0;
    const run: RunModel = async (name, input) => {
      const n = input.dims[0];
      if (name === 'det') {
        const [, , h, w] = input.dims;
        const data = new Float32Array(w * h);
        for (let k = 0; k < 20; k++) for (let y = 20 + k * 30; y < 32 + k * 30; y++) for (let x = 20; x < 220 + 10 * k; x++) data[y * w + x] = 0.9;
        return { data, dims: [1, 1, h, w] };
      }
      if (name === 'cls') {
        pieces += n;
        return { data: new Float32Array(n * 2).map((_, i) => (i % 2 ? 0.01 : 0.99)), dims: [n, 2] };
      }
      const steps = input.dims[3] / 8;
      return { data: new Float32Array(n * steps * 3).map((_, i) => (i % 3 === 1 ? 0.9 : 0.05)), dims: [n, steps, 3] };
    };
    const out = await ocr(run, image(640, 700), ['', 'a', ' '], { clsSample });
    expect(out.lines).toHaveLength(20);
    return pieces;
  }

  it('classifies only the widest lines when they read upright', async () => {
    const all = await classified(100);
    const sample = await classified(DEFAULT_OPTIONS.clsSample);
    expect(sample).toBeGreaterThan(0);
    expect(sample).toBeLessThan(all / 2);
  });
});

describe('bag-of-words scoring', () => {
  it('strips punctuation from word ends and compares in upper case when asked', () => {
    expect(words('CASH BILL : 01-143008 ***THANK YOU***')).toEqual(['CASH', 'BILL', '01-143008', 'THANK', 'YOU']);
    expect(wordF1('CASH BILL : 01', 'Cash Bill: 01', true).f1).toBe(1);
    expect(wordF1('CASH BILL', 'Cash Bill').f1).toBe(0);
    const r = wordF1('a b c d', 'a b x');
    expect([r.precision, r.recall]).toEqual([2 / 3, 0.5]);
  });
});
