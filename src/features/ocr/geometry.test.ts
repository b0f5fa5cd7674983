import { describe, expect, it } from 'vitest';
import {
  components,
  convexHull,
  insideQuad,
  minAreaRect,
  orderQuad,
  quadMeanScore,
  readingOrder,
  rectCorners,
  unclipRect,
  type Point,
  type Quad,
} from './geometry';
import { deskew, flipQuad, rotateImage, skewAngle, subQuad, unrotatePoint, uprightQuad, detSize, sampleQuad } from './pipeline';

const close = (a: number, b: number, eps = 1e-6) => expect(Math.abs(a - b)).toBeLessThan(eps);
const box = (x0: number, y0: number, x1: number, y1: number): Quad => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

describe('convex hull and minimum-area rectangle', () => {
  it('drops interior and collinear points', () => {
    const hull = convexHull([
      [0, 0],
      [2, 0],
      [4, 0],
      [4, 3],
      [0, 3],
      [2, 1],
      [1, 2],
    ]);
    expect(hull).toHaveLength(4);
  });
  it('finds an axis-aligned rectangle', () => {
    const r = minAreaRect([
      [0, 0],
      [10, 0],
      [10, 4],
      [0, 4],
      [5, 2],
    ]);
    close(r.width * r.height, 40);
    close(r.center[0], 5);
    close(r.center[1], 2);
  });
  it('finds a rotated rectangle (30°) exactly', () => {
    const a = Math.PI / 6;
    const u: Point = [Math.cos(a), Math.sin(a)];
    const n: Point = [-u[1], u[0]];
    const pts: Point[] = [];
    for (const [s, t] of [
      [0, 0],
      [20, 0],
      [20, 5],
      [0, 5],
      [10, 2],
      [3, 4],
    ])
      pts.push([100 + s * u[0] + t * n[0], 50 + s * u[1] + t * n[1]]);
    const r = minAreaRect(pts);
    close(Math.max(r.width, r.height), 20);
    close(Math.min(r.width, r.height), 5);
    const c = rectCorners(r);
    // Every input point lies inside (or on) the rectangle.
    for (const p of pts) expect(insideQuad(c, p) || c.some((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) < 1e-6)).toBe(true);
  });
});

describe('box ordering', () => {
  it('orders corners top-left, top-right, bottom-right, bottom-left whatever the input order', () => {
    const q = orderQuad([
      [10, 5],
      [0, 0],
      [0, 5],
      [10, 0],
    ]);
    expect(q).toEqual([
      [0, 0],
      [10, 0],
      [10, 5],
      [0, 5],
    ]);
  });
  it('orders a slightly rotated box by its top-left corner', () => {
    const q = orderQuad([
      [100, 12],
      [0, 2],
      [1, 20],
      [99, 30],
    ]);
    expect(q).toEqual([
      [0, 2],
      [100, 12],
      [99, 30],
      [1, 20],
    ]);
  });
});

describe('unclip', () => {
  it('grows a rectangle by area × ratio / perimeter on each side (PaddleOCR)', () => {
    const r = minAreaRect([
      [0, 0],
      [100, 0],
      [100, 10],
      [0, 10],
    ]);
    const g = unclipRect(r, 1.5);
    const d = (1000 * 1.5) / 220;
    close(Math.max(g.width, g.height), 100 + 2 * d);
    close(Math.min(g.width, g.height), 10 + 2 * d);
    expect(g.center).toEqual(r.center);
  });
});

describe('components and scores', () => {
  it('labels 8-connected components and returns row extremes', () => {
    const w = 8,
      h = 4;
    const bin = new Uint8Array(w * h);
    for (const [x, y] of [
      [0, 0],
      [1, 1],
      [2, 1],
      [6, 2],
      [7, 3],
    ])
      bin[y * w + x] = 1;
    const c = components(bin, w, h);
    expect(c).toHaveLength(2);
    expect(c[0]).toMatchObject({ pixels: 3, x0: 0, y0: 0, x1: 2, y1: 1 });
    expect(c[0].points).toEqual([
      [0, 0],
      [1, 1],
      [2, 1],
    ]);
    expect(components(bin, w, h, 3)).toHaveLength(1);
  });
  it('averages the map inside a quad', () => {
    const map = new Float32Array(100);
    for (let y = 2; y <= 4; y++) for (let x = 2; x <= 6; x++) map[y * 10 + x] = 1;
    close(quadMeanScore(map, 10, 10, box(2, 2, 6, 4)), 1);
    close(quadMeanScore(map, 10, 10, box(0, 0, 9, 9)), 15 / 100);
  });
});

describe('reading order', () => {
  it('reads rows top to bottom and boxes left to right, with a slightly uneven baseline', () => {
    const rows = readingOrder([box(200, 12, 300, 32), box(0, 10, 100, 30), box(0, 50, 150, 70), box(160, 51, 300, 71)]);
    expect(rows).toEqual([
      [1, 0],
      [2, 3],
    ]);
  });
  it('keeps receipt prices on their row', () => {
    const boxes: Quad[] = [];
    for (let i = 0; i < 5; i++) boxes.push(box(0, i * 30, 180, i * 30 + 20), box(400, i * 30, 440, i * 30 + 20));
    expect(readingOrder(boxes)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
  });
  it('keeps rows together on a page photographed 4° askew', () => {
    const t = (4 * Math.PI) / 180;
    const rot = (q: Quad): Quad => q.map(([x, y]) => [x * Math.cos(t) - y * Math.sin(t), x * Math.sin(t) + y * Math.cos(t)]) as Quad;
    const boxes: Quad[] = [];
    for (let i = 0; i < 4; i++) boxes.push(rot(box(0, i * 30, 200, i * 30 + 20)), rot(box(400, i * 30, 440, i * 30 + 20)));
    close(skewAngle(boxes), t);
    expect(readingOrder(boxes)).not.toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(readingOrder(deskew(boxes))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
  });
  it('reads two columns of prose one after the other', () => {
    const boxes: Quad[] = [];
    for (let i = 0; i < 4; i++) boxes.push(box(0, i * 30, 280, i * 30 + 20), box(320, i * 30, 600, i * 30 + 20));
    expect(readingOrder(boxes)).toEqual([[0], [2], [4], [6], [1], [3], [5], [7]]);
  });
  it('puts a heading above both columns first', () => {
    const boxes: Quad[] = [box(0, 0, 600, 30)];
    for (let i = 0; i < 3; i++) boxes.push(box(0, 60 + i * 30, 280, 80 + i * 30), box(320, 60 + i * 30, 600, 80 + i * 30));
    expect(readingOrder(boxes)).toEqual([[0], [1], [3], [5], [2], [4], [6]]);
  });
});

describe('crop rectification', () => {
  const img = (w: number, h: number, f: (x: number, y: number) => number) => {
    const data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([f(x, y), f(x, y), f(x, y), 255], (y * w + x) * 4);
    return { data, width: w, height: h };
  };
  it('samples an axis-aligned quad 1:1 exactly (rec normalisation, BGR planes)', () => {
    const im = img(6, 4, (x, y) => x * 40 + y);
    const out = new Float32Array(3 * 2 * 3);
    sampleQuad(im, box(1.5, 0.5, 4.5, 2.5), 3, 2, out, 0, 3, 6, 'rec');
    // output pixel (u, v) centre maps to source (2 + u, 1 + v)
    for (let v = 0; v < 2; v++) for (let u = 0; u < 3; u++) close(out[v * 3 + u], ((2 + u) * 40 + 1 + v) * (2 / 255) - 1, 1e-5);
  });
  it('reads a rotated quad along its own axes (a 90° turned line comes out upright)', () => {
    // Column x = 2 holds values increasing with y; the quad runs down that column.
    const im = img(5, 8, (x, y) => (x === 2 ? 10 + y * 20 : 0));
    const q: Quad = [
      [2.5, 0.5],
      [2.5, 7.5],
      [1.5, 7.5],
      [1.5, 0.5],
    ]; // width along +y, height along -x
    const out = new Float32Array(3 * 7);
    sampleQuad(im, q, 7, 1, out, 0, 7, 7, 'rec');
    for (let u = 0; u < 7; u++) close(out[u], (10 + (u + 1) * 20) * (2 / 255) - 1, 1e-5);
  });
  it('turns tall boxes counter-clockwise and flips upside-down ones', () => {
    const tall = box(0, 0, 10, 100);
    expect(uprightQuad(tall)).toEqual([
      [10, 0],
      [10, 100],
      [0, 100],
      [0, 0],
    ]);
    expect(uprightQuad(box(0, 0, 100, 10))).toEqual(box(0, 0, 100, 10));
    expect(flipQuad(box(0, 0, 100, 10))).toEqual([
      [100, 10],
      [0, 10],
      [0, 0],
      [100, 0],
    ]);
    expect(subQuad(box(0, 0, 100, 10), 0.25, 0.5)).toEqual(box(25, 0, 50, 10));
  });
  it('rotates images and maps points back to the original', () => {
    const im = img(3, 2, (x, y) => y * 3 + x);
    for (const deg of [90, 180, 270] as const) {
      const r = rotateImage(im, deg);
      for (let y = 0; y < r.height; y++)
        for (let x = 0; x < r.width; x++) {
          const [ox, oy] = unrotatePoint([x, y], deg, 3, 2);
          expect(r.data[(y * r.width + x) * 4]).toBe(oy * 3 + ox);
        }
    }
  });
  it('sizes the detector input in multiples of 32 within a pixel budget', () => {
    expect(detSize(6000, 8000, 1280, 0)).toEqual({ w: 1120, h: 1472 }); // 1280² pixels
    expect(detSize(620, 230, 1600, 0)).toEqual({ w: 608, h: 224 }); // small images are not upscaled
    expect(detSize(1000, 9000, 1280, 0)).toEqual({ w: 416, h: 3840 }); // a long screenshot keeps its text size
    expect(detSize(100, 20000, 1280, 0)).toEqual({ w: 32, h: 4096 }); // hard cap per side
    expect(detSize(620, 230, 1280, 0)).toEqual({ w: 608, h: 224 });
    expect(detSize(10, 10, 1280, 0)).toEqual({ w: 32, h: 32 });
  });
});
