/**
 * The PaddleOCR pipeline in pure TypeScript, independent of the ONNX runtime: the same code runs in
 * the browser worker (onnxruntime-web) and in Node (onnxruntime-node) for the equivalence test and
 * the benchmark. Stages:
 *   detection (DB): resize → probability map → binary map → connected components → minimum-area
 *   rectangles → score filter → unclip;
 *   page orientation: a page whose lines are mostly vertical is turned 90°, a page whose lines the
 *   angle classifier mostly reads upside down is turned 180°, and detection runs again;
 *   per line: crop and rectify (affine sampling of the rotated box), angle classifier (flip
 *   upside-down lines), batched recognition, CTC greedy decoding, English words the recogniser
 *   nearly read corrected against a word list (lexicon.ts);
 *   reading order (rows, then columns) and the full text.
 */
import { ctcGreedy } from './ctc';
import { correctWords, letterClasses, type Emitted, type Lexicon } from './lexicon';
import { components, dist, minAreaRect, quadMeanScore, readingOrder, rectCorners, unclipRect, type Point, type Quad } from './geometry';

export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}
export interface Tensor {
  data: Float32Array;
  dims: number[];
}
export type ModelName = 'det' | 'cls' | 'rec';
/** Runs one of the three models on one input tensor and returns its (only) output. */
export type RunModel = (model: ModelName, input: Tensor) => Promise<Tensor>;

/** Where a run of the pipeline is: finding lines, checking their orientation, reading them (`done` of `total` lines). */
export interface OcrStep {
  step: 'detect' | 'classify' | 'recognize';
  done: number;
  total: number;
}

export interface OcrHooks {
  /** Awaited before every model call; a cancelled run rejects there (in the worker: InferContext.checkpoint). */
  checkpoint?: () => Promise<void>;
  onStep?: (s: OcrStep) => void;
}

export interface OcrLine {
  text: string;
  score: number;
  /** Corners in original image pixels: top-left, top-right, bottom-right, bottom-left of the text. */
  box: Quad;
}
export interface OcrOutput {
  /** Full text in reading order: rows joined by "\n", boxes on the same row by a space. */
  text: string;
  lines: OcrLine[];
  /** Clockwise rotation (degrees) the page needed to be read upright. */
  rotation: 0 | 90 | 180 | 270;
  /** Milliseconds in each model (all its calls) and in everything else (pre/post-processing, geometry). */
  timing: { det: number; cls: number; rec: number; other: number };
}

export interface OcrOptions {
  /**
   * Detector input budget: at most detMaxSide² pixels (the side of the equivalent square), so a long
   * screenshot or receipt keeps its text size instead of being shrunk by its longest side; no side
   * above DET_HARD_MAX_SIDE. Multiples of 32.
   */
  detMaxSide: number;
  /** First, cheap detection pass: at most detFirstSide² pixels (see detect). */
  detFirstSide: number;
  /** A box (text height plus the unclip margin) this tall in the detector's input is found well. */
  detMinBox: number;
  /** Shortest side the detector input is brought up to (small images are upscaled). */
  detMinSide: number;
  /** Probability threshold of the binary map. */
  binThresh: number;
  /** Minimum mean probability inside a box. */
  boxThresh: number;
  unclipRatio: number;
  /** Lines recognised with a lower mean character probability are dropped. */
  dropScore: number;
  /** Line crops per recognition batch, at most. */
  recBatch: number;
  /** A batch takes the next (wider) crop only while that crop is at most this much wider than its first. */
  recBatchSpread: number;
  /** Blank columns after every crop (the recogniser drops a last character that touches the edge). */
  recPad: number;
  /** Run the angle classifier (upside-down pages and lines). */
  useCls: boolean;
  /**
   * The widest lines classified first: when all of them read upright (none turned, ≥ 80% of their width
   * surely upright), the page is settled and the other lines are not classified.
   */
  clsSample: number;
  /**
   * Margin added around an image whose ink reaches its border, as a fraction of its shorter side
   * (clamped to padMin..padMax px), filled with the image's own background colour: a crop cut tight
   * to the ink (a line or a word from a scan or a screenshot) gives the detector no edge to find and
   * the recogniser a first and last character cut by the border. 0: off.
   */
  pad: number;
  padMin: number;
  padMax: number;
  /**
   * An image at least this many times wider than tall is a strip (a line or a word cut from a page):
   * when the detector finds nothing in it, or only boxes on one row that fill its height, the strip is
   * read as one line (0: off). Word boxes read one by one lose letters at their cut edges.
   */
  stripAspect: number;
  /** A strip read with a lower mean confidence is read turned by 180° too, and the surer reading kept. */
  stripSure: number;
  /** Horizontal stretch of line crops before recognition (wider glyph gaps keep spaces). */
  recStretch: number;
  /** A word gap whose space probability reaches this gets its space even when blank wins (0: off; see ctc.ts). */
  spaceRescue: number;
  /** Word list for correcting unlisted words (lexicon.ts); none: the recogniser's reading as it is. */
  lexicon?: Lexicon;
  /** Use `lexicon` (a user setting: off for text that is not English prose, like code or names). */
  useLexicon: boolean;
  /** Largest log-probability deficit of a listed word against the recogniser's reading. */
  lexiconMargin: number;
}

export const DEFAULT_OPTIONS: OcrOptions = {
  detMaxSide: 1600,
  detFirstSide: 960,
  detMinBox: 24,
  detMinSide: 0,
  binThresh: 0.3,
  boxThresh: 0.5,
  unclipRatio: 2.4,
  dropScore: 0.5,
  recBatch: 8,
  recBatchSpread: 0.05,
  recPad: 16,
  useCls: true,
  clsSample: 8,
  pad: 0.25,
  padMin: 8,
  padMax: 32,
  stripAspect: 2.5,
  stripSure: 0.8,
  recStretch: 1,
  spaceRescue: 0.2,
  useLexicon: true,
  lexiconMargin: 3,
};

const REC_H = 48;
/** Narrowest recogniser input (PaddleOCR pads to 320; padding only costs time, results are the same within noise). */
const REC_MIN_W = 48;
const REC_MAX_W = 3200;
const CLS_H = 48;
const CLS_W = 192;

/** Turn an RGBA image clockwise by a multiple of 90°. */
export function rotateImage(img: RgbaImage, deg: 0 | 90 | 180 | 270): RgbaImage {
  if (deg === 0) return img;
  const { width: w, height: h, data } = img;
  const W = deg === 180 ? w : h;
  const H = deg === 180 ? h : w;
  const out = new Uint8ClampedArray(W * H * 4);
  const src = new Uint32Array(data.buffer, data.byteOffset, w * h);
  const dst = new Uint32Array(out.buffer);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let X: number, Y: number;
      if (deg === 90) [X, Y] = [h - 1 - y, x];
      else if (deg === 180) [X, Y] = [w - 1 - x, h - 1 - y];
      else [X, Y] = [y, w - 1 - x];
      dst[Y * W + X] = src[y * w + x];
    }
  }
  return { data: out, width: W, height: H };
}

/**
 * The colour of the image's border (per channel, the median of its outermost pixels): the background a
 * margin should have. Alpha is already composited.
 */
export function borderColor(img: RgbaImage): [number, number, number] {
  const { width: w, height: h, data } = img;
  const idx: number[] = [];
  const step = Math.max(1, Math.floor((2 * (w + h)) / 2000));
  for (let x = 0; x < w; x += step) idx.push(x, (h - 1) * w + x);
  for (let y = 0; y < h; y += step) idx.push(y * w, y * w + w - 1);
  const med = (c: number) => {
    const v = idx.map((i) => data[i * 4 + c]).sort((a, b) => a - b);
    return v[v.length >> 1];
  };
  return [med(0), med(1), med(2)];
}

/**
 * Whether ink comes close to the image's border: a pixel within the outermost rows or columns (15% of
 * the shorter side, 2 to 8 px) that differs from the background colour by more than a quarter of the
 * range. A page with a margin gets no padding (its detection is unchanged); a crop cut tight to its
 * text (the scanned lines of the dev set keep 2–3 px) does.
 */
export function inkAtBorder(img: RgbaImage, color: [number, number, number]): boolean {
  const { width: w, height: h } = img;
  const band = Math.min(8, Math.max(2, Math.round(0.15 * Math.min(w, h))));
  const ink = inkTest(img, color);
  for (let k = 0; k < band; k++) {
    for (let x = 0; x < w; x++) if (ink(x, k) || ink(x, h - 1 - k)) return true;
    for (let y = 0; y < h; y++) if (ink(k, y) || ink(w - 1 - k, y)) return true;
  }
  return false;
}

/** Ink: a pixel whose luminance differs from the background colour's by more than a quarter of the range. */
function inkTest(img: RgbaImage, color: [number, number, number]): (x: number, y: number) => boolean {
  const { width: w, data } = img;
  const bg = 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2];
  return (x, y) => {
    const i = (y * w + x) * 4;
    return Math.abs(0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2] - bg) > 64;
  };
}

/** The image with `m` pixels of `color` around it. */
export function padImage(img: RgbaImage, m: number, color?: [number, number, number]): RgbaImage {
  if (m <= 0) return img;
  color ??= borderColor(img);
  const W = img.width + 2 * m,
    H = img.height + 2 * m;
  const out = new Uint8ClampedArray(W * H * 4);
  const fill = new Uint32Array(out.buffer);
  fill.fill(new Uint32Array(Uint8ClampedArray.of(color[0], color[1], color[2], 255).buffer)[0]);
  const src = img.data;
  for (let y = 0; y < img.height; y++) out.set(src.subarray(y * img.width * 4, (y + 1) * img.width * 4), ((y + m) * W + m) * 4);
  return { data: out, width: W, height: H };
}

/** The margin `pad` adds to an image of this size (px). */
export const padSize = (w: number, h: number, o: Pick<OcrOptions, 'pad' | 'padMin' | 'padMax'>) =>
  o.pad > 0 ? Math.round(Math.min(o.padMax, Math.max(o.padMin, o.pad * Math.min(w, h)))) : 0;

/** Map a point of the image turned clockwise by `deg` back to the original image. */
export function unrotatePoint(p: Point, deg: 0 | 90 | 180 | 270, w: number, h: number): Point {
  // w, h: size of the ORIGINAL image; pixel-centre coordinates.
  const [X, Y] = p;
  if (deg === 90) return [Y, h - 1 - X];
  if (deg === 180) return [w - 1 - X, h - 1 - Y];
  if (deg === 270) return [w - 1 - Y, X];
  return [X, Y];
}

type Norm = 'det' | 'rec';
const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];

/**
 * Sample the quad (pixel-centre coordinates, corners TL, TR, BR, BL) of `img` into an outW×outH
 * region of a CHW float tensor of row width `stride`, in BGR order (PaddleOCR reads with OpenCV),
 * normalised for the detector or the recogniser. Bilinear, with supersampling when shrinking.
 */
export function sampleQuad(
  img: RgbaImage,
  q: Quad,
  outW: number,
  outH: number,
  dst: Float32Array,
  offset: number,
  stride: number,
  planeSize: number,
  norm: Norm,
) {
  const { width: w, height: h, data } = img;
  const [p0, p1, , p3] = q;
  const ux = (p1[0] - p0[0]) / outW,
    uy = (p1[1] - p0[1]) / outW;
  const vx = (p3[0] - p0[0]) / outH,
    vy = (p3[1] - p0[1]) / outH;
  const ku = Math.max(1, Math.min(4, Math.ceil(Math.hypot(ux, uy) - 0.01)));
  const kv = Math.max(1, Math.min(4, Math.ceil(Math.hypot(vx, vy) - 0.01)));
  const inv = 1 / (ku * kv);
  // Per-channel affine normalisation: value = px * a[c] + b[c], channels in BGR order.
  const a = new Float32Array(3),
    b = new Float32Array(3);
  for (let c = 0; c < 3; c++) {
    // PaddleOCR applies its mean/std in the order of OpenCV's BGR planes: plane c gets MEAN[c], STD[c].
    if (norm === 'det') {
      a[c] = 1 / 255 / DET_STD[c];
      b[c] = -DET_MEAN[c] / DET_STD[c];
    } else {
      a[c] = 2 / 255;
      b[c] = -1;
    }
  }
  for (let v = 0; v < outH; v++) {
    for (let u = 0; u < outW; u++) {
      let r = 0,
        g = 0,
        bl = 0;
      for (let sv = 0; sv < kv; sv++) {
        const fv = v + (sv + 0.5) / kv;
        for (let su = 0; su < ku; su++) {
          const fu = u + (su + 0.5) / ku;
          let x = p0[0] + fu * ux + fv * vx;
          let y = p0[1] + fu * uy + fv * vy;
          if (x < 0) x = 0;
          else if (x > w - 1) x = w - 1;
          if (y < 0) y = 0;
          else if (y > h - 1) y = h - 1;
          const x0 = x | 0,
            y0 = y | 0;
          const x1 = x0 + 1 < w ? x0 + 1 : x0,
            y1 = y0 + 1 < h ? y0 + 1 : y0;
          const fx = x - x0,
            fy = y - y0;
          const i00 = (y0 * w + x0) * 4,
            i01 = (y0 * w + x1) * 4,
            i10 = (y1 * w + x0) * 4,
            i11 = (y1 * w + x1) * 4;
          const w00 = (1 - fx) * (1 - fy),
            w01 = fx * (1 - fy),
            w10 = (1 - fx) * fy,
            w11 = fx * fy;
          r += data[i00] * w00 + data[i01] * w01 + data[i10] * w10 + data[i11] * w11;
          g += data[i00 + 1] * w00 + data[i01 + 1] * w01 + data[i10 + 1] * w10 + data[i11 + 1] * w11;
          bl += data[i00 + 2] * w00 + data[i01 + 2] * w01 + data[i10 + 2] * w10 + data[i11 + 2] * w11;
        }
      }
      const o = offset + v * stride + u;
      dst[o] = bl * inv * a[0] + b[0];
      dst[o + planeSize] = g * inv * a[1] + b[1];
      dst[o + 2 * planeSize] = r * inv * a[2] + b[2];
    }
  }
}

export const DET_HARD_MAX_SIDE = 4096;

/** Detector input size: ≤ maxSide² pixels and ≤ DET_HARD_MAX_SIDE per side, shortest ≥ minSide where possible, multiples of 32. */
export function detSize(w: number, h: number, maxSide: number, minSide: number): { w: number; h: number } {
  let s = 1;
  if (Math.min(w, h) < minSide) s = minSide / Math.min(w, h);
  if (w * h * s * s > maxSide * maxSide) s = maxSide / Math.sqrt(w * h);
  if (Math.max(w, h) * s > DET_HARD_MAX_SIDE) s = DET_HARD_MAX_SIDE / Math.max(w, h);
  const r32 = (x: number) => Math.max(32, Math.round(x / 32) * 32);
  return { w: r32(w * s), h: r32(h * s) };
}

/** DB post-processing of one probability map (size mw×mh) into text quads in image coordinates. */
export function dbBoxes(map: Float32Array, mw: number, mh: number, scaleX: number, scaleY: number, o: OcrOptions): { quad: Quad; score: number }[] {
  const bin = new Uint8Array(mw * mh);
  for (let i = 0; i < bin.length; i++) bin[i] = map[i] > o.binThresh ? 1 : 0;
  const out: { quad: Quad; score: number }[] = [];
  const comps = components(bin, mw, mh, 4);
  comps.sort((a, b) => b.pixels - a.pixels);
  for (const c of comps.slice(0, 1000)) {
    const rect = minAreaRect(c.points);
    if (Math.min(rect.width, rect.height) < 2) continue;
    const score = quadMeanScore(map, mw, mh, rectCorners(rect));
    if (score < o.boxThresh) continue;
    const grown = unclipRect(rect, o.unclipRatio);
    if (Math.min(grown.width, grown.height) < 5) continue;
    const q = rectCorners(grown).map(([x, y]) => [
      Math.min(Math.max((x + 0.5) * scaleX - 0.5, -0.5), mw * scaleX - 0.5),
      Math.min(Math.max((y + 0.5) * scaleY - 0.5, -0.5), mh * scaleY - 0.5),
    ]) as Quad;
    out.push({ quad: q, score });
  }
  return out;
}

async function detectAt(run: RunModel, img: RgbaImage, o: OcrOptions, maxSide: number): Promise<{ quads: Quad[]; scale: number }> {
  const { w, h } = detSize(img.width, img.height, maxSide, o.detMinSide);
  const plane = w * h;
  const input = new Float32Array(3 * plane);
  const full: Quad = [
    [-0.5, -0.5],
    [img.width - 0.5, -0.5],
    [img.width - 0.5, img.height - 0.5],
    [-0.5, img.height - 0.5],
  ];
  sampleQuad(img, full, w, h, input, 0, w, plane, 'det');
  const out = await run('det', { data: input, dims: [1, 3, h, w] });
  const mh = out.dims[2],
    mw = out.dims[3];
  return { quads: dbBoxes(out.data, mw, mh, img.width / mw, img.height / mh, o).map((b) => b.quad), scale: Math.sqrt((mw * mh) / (img.width * img.height)) };
}

/**
 * Text detection at a scale chosen from the text itself: a first pass with at most detFirstSide² pixels;
 * when its lines are tall enough there (median box height ≥ detMinBox px), they are kept; else (small
 * text on a big page, or nothing found) a second pass at the scale that brings them to that height,
 * within the detMaxSide² budget. A receipt or a page of ordinary print is found in the cheap pass.
 */
export async function detect(run: RunModel, img: RgbaImage, o: OcrOptions): Promise<Quad[]> {
  const first = Math.min(o.detFirstSide, o.detMaxSide);
  const cheap = await detectAt(run, img, o, first);
  if (first >= o.detMaxSide) return cheap.quads;
  const full = detSize(img.width, img.height, o.detMaxSide, o.detMinSide);
  const fullScale = Math.sqrt((full.w * full.h) / (img.width * img.height));
  if (fullScale <= cheap.scale * 1.05) return cheap.quads; // the budget allows no larger input
  let want = o.detMaxSide;
  if (cheap.quads.length) {
    const hs = cheap.quads.map((q) => Math.min(quadW(q), quadH(q)) * cheap.scale).sort((a, b) => a - b);
    const median = hs[hs.length >> 1];
    if (median >= o.detMinBox) return cheap.quads;
    // The side of the square budget that gives the scale at which the median box reaches detMinBox.
    want = Math.min(o.detMaxSide, (first * o.detMinBox) / median);
  }
  return (await detectAt(run, img, o, Math.max(first, want))).quads;
}

const quadW = (q: Quad) => Math.max(dist(q[0], q[1]), dist(q[3], q[2]));
const quadH = (q: Quad) => Math.max(dist(q[0], q[3]), dist(q[1], q[2]));

/** The quad as the recogniser should read it: tall boxes are turned 90° counter-clockwise (as PaddleOCR). */
export function uprightQuad(q: Quad): Quad {
  return quadH(q) >= 1.5 * quadW(q) ? [q[1], q[2], q[3], q[0]] : q;
}
export const flipQuad = (q: Quad): Quad => [q[2], q[3], q[0], q[1]];

/** The part of a quad between fractions f0 and f1 of its width. */
export function subQuad(q: Quad, f0: number, f1: number): Quad {
  const lerp = (a: Point, b: Point, f: number): Point => [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  return [lerp(q[0], q[1], f0), lerp(q[0], q[1], f1), lerp(q[3], q[2], f1), lerp(q[3], q[2], f0)];
}

/**
 * Angle classifier on line crops: the probability that each line is upside down. The classifier
 * sees 48×192 (4:1); squashing a long line into that makes it guess, so long lines are judged on up
 * to three 4:1 pieces (start, middle, end) and the pieces' log-odds are averaged.
 */
export async function classifyAngles(run: RunModel, img: RgbaImage, quads: Quad[], batch = 24): Promise<{ flipped: boolean; p180: number }[]> {
  const pieces: { line: number; q: Quad }[] = [];
  quads.forEach((q, line) => {
    const ratio = quadW(q) / Math.max(1, quadH(q));
    const n = ratio <= 5 ? 1 : Math.min(3, Math.ceil(ratio / 4));
    if (n === 1) pieces.push({ line, q });
    else {
      const f = 4 / ratio; // width fraction of one 4:1 piece
      for (let k = 0; k < n; k++) {
        const start = n === 1 ? 0 : ((1 - f) * k) / (n - 1);
        pieces.push({ line, q: subQuad(q, start, start + f) });
      }
    }
  });
  const logit = new Float64Array(quads.length);
  const count = new Int32Array(quads.length);
  const plane = CLS_H * CLS_W;
  for (let s = 0; s < pieces.length; s += batch) {
    const part = pieces.slice(s, s + batch);
    const data = new Float32Array(part.length * 3 * plane);
    part.forEach(({ q }, i) => {
      const ratio = quadW(q) / Math.max(1, quadH(q));
      const cw = Math.min(CLS_W, Math.max(1, Math.ceil(CLS_H * ratio)));
      sampleQuad(img, q, cw, CLS_H, data, i * 3 * plane, CLS_W, plane, 'rec');
    });
    const out = await run('cls', { data, dims: [part.length, 3, CLS_H, CLS_W] });
    part.forEach(({ line }, i) => {
      const p0 = Math.min(Math.max(out.data[i * 2], 1e-6), 1 - 1e-6);
      const p1 = Math.min(Math.max(out.data[i * 2 + 1], 1e-6), 1 - 1e-6);
      logit[line] += Math.log(p1 / p0);
      count[line]++;
    });
  }
  return quads.map((_, i) => {
    const p180 = 1 / (1 + Math.exp(-logit[i] / Math.max(1, count[i])));
    return { flipped: p180 > 0.9, p180 };
  });
}

/**
 * Recognition: crops sorted by aspect ratio; a batch holds crops within `recBatchSpread` of each
 * other's width (padding a short crop to a long one's width costs time: batches of 8 regardless
 * of width padded ≈ 15% of the columns), and every crop gets `recPad` blank columns on its right,
 * without which the recogniser tends to drop a last character that touches the edge.
 */
export async function recognize(
  run: RunModel,
  img: RgbaImage,
  quads: Quad[],
  chars: string[],
  o: Pick<OcrOptions, 'recBatch' | 'recBatchSpread' | 'recPad' | 'recStretch' | 'spaceRescue'> &
    Partial<Pick<OcrOptions, 'lexicon' | 'useLexicon' | 'lexiconMargin'>>,
  onBatch?: (lines: number) => void,
): Promise<{ text: string; score: number }[]> {
  const { recBatch: batch, recBatchSpread: spread, recPad: pad, recStretch: stretch, spaceRescue } = o;
  const ratios = quads.map((q) => (stretch * quadW(q)) / Math.max(1, quadH(q)));
  const order = quads.map((_, i) => i).sort((i, j) => ratios[i] - ratios[j]);
  const res = new Array<{ text: string; score: number }>(quads.length);
  let letters: number[] | undefined;
  for (let s = 0; s < order.length;) {
    let e = s + 1;
    while (e < order.length && e - s < batch && ratios[order[e]] <= ratios[order[s]] * (1 + spread)) e++;
    const ids = order.slice(s, e);
    s = e;
    const widths = ids.map((i) => Math.min(REC_MAX_W, Math.max(1, Math.ceil(REC_H * ratios[i]))));
    const W = Math.max(REC_MIN_W, Math.ceil((Math.max(...widths) + pad) / 8) * 8);
    const plane = REC_H * W;
    const data = new Float32Array(ids.length * 3 * plane);
    ids.forEach((i, k) => sampleQuad(img, quads[i], widths[k], REC_H, data, k * 3 * plane, W, plane, 'rec'));
    const out = await run('rec', { data, dims: [ids.length, 3, REC_H, W] });
    const [, steps, classes] = out.dims;
    ids.forEach((i, k) => {
      const offset = k * steps * classes;
      if (!o.lexicon || o.useLexicon === false) return (res[i] = ctcGreedy(out.data, steps, classes, chars, offset, 0, spaceRescue));
      const emitted: Emitted[] = [];
      const d = ctcGreedy(out.data, steps, classes, chars, offset, 0, spaceRescue, emitted);
      letters ??= letterClasses(chars);
      res[i] = {
        ...d,
        text: correctWords(
          d.text,
          emitted,
          out.data,
          steps,
          classes,
          chars,
          offset,
          o.lexicon,
          letters,
          o.lexiconMargin === undefined ? {} : { margin: o.lexiconMargin },
        ),
      };
    });
    onBatch?.(ids.length);
  }
  return res;
}

/** Width of the window, in line heights, on which a long strip's orientation is checked. */
const STRIP_WINDOW = 10;
/** How much surer the turned window's reading must be: an upside-down line reads as garbage (≈0.5) upright. */
const STRIP_TURN_GAIN = 0.1;

/**
 * Whether an unsure strip is worth reading turned by 180°. A short strip: always (one more short read). A long
 * one (a 4,000 px line costs as much to read as a page): only when a window in its middle, read both ways in one
 * batch, reads clearly better turned; text upside down reads as garbage upright and well turned, while a strip
 * that reads badly both ways (dashes, noise, a script the model does not know) gains nothing from a second read.
 */
async function readsBetterTurned(run: RunModel, img: RgbaImage, q: Quad, chars: string[], o: Parameters<typeof recognize>[4]): Promise<boolean> {
  const f = (STRIP_WINDOW * quadH(q)) / Math.max(1, quadW(q));
  if (f >= 0.5) return true;
  const win = subQuad(q, 0.5 - f / 2, 0.5 + f / 2);
  const [up, down] = await recognize(run, img, [win, flipQuad(win)], chars, { ...o, lexicon: undefined });
  return down.score > up.score + STRIP_TURN_GAIN;
}

/** Median slope (radians) of the wide boxes' top edges: the page's tilt. */
export function skewAngle(quads: Quad[]): number {
  const a = quads.filter((q) => quadW(q) > 2 * quadH(q)).map((q) => Math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]));
  if (!a.length) return 0;
  a.sort((x, y) => x - y);
  return a[a.length >> 1];
}

/** Undo a small tilt before sorting into rows, so a receipt photographed askew keeps items and prices together. */
export function deskew(quads: Quad[]): Quad[] {
  const t = skewAngle(quads);
  if (Math.abs(t) < 0.005) return quads;
  const c = Math.cos(t),
    s = Math.sin(t);
  return quads.map((q) => q.map(([x, y]) => [x * c + y * s, -x * s + y * c]) as Quad);
}

/**
 * The strip rule (see OcrOptions.stripAspect): the one quad to read a strip-shaped image by, or null
 * when the image is not a strip or the detector found more than one row of text in it. `img` is the
 * padded image, `m` its margin, `quads` what the detector found in it (already grown by unclipRatio).
 *  - boxes on one row that together span most of the strip's height: their union, so the line is read
 *    in one piece with the margins the detector gives any line (words read one by one lose the letters
 *    at their cut edges, and a gap between two boxes reads as stray characters);
 *  - nothing found (a word crop too small or too faint for the detector): the whole strip, with a
 *    margin of a fifth of its height; a reading the recogniser is not sure of is dropped as usual.
 */
export function stripLine(quads: Quad[], img: RgbaImage, m: number, o: Pick<OcrOptions, 'stripAspect'>): Quad | null {
  const w = img.width - 2 * m,
    h = img.height - 2 * m;
  if (!o.stripAspect || w < o.stripAspect * h) return null;
  if (!quads.length) {
    const margin = Math.min(m, Math.max(2, Math.round(0.2 * h)));
    const l = m - margin - 0.5,
      r = m + w + margin - 0.5,
      t = m - margin - 0.5,
      b = m + h + margin - 0.5;
    return [
      [l, t],
      [r, t],
      [r, b],
      [l, b],
    ];
  }
  const ys = quads.map((q) => q.map((p) => p[1]));
  const tops = ys.map((y) => Math.min(...y)),
    bottoms = ys.map((y) => Math.max(...y));
  // One row: all boxes share a horizontal band of at least 30% of the median box's height.
  const band = Math.min(...bottoms) - Math.max(...tops);
  const heights = tops.map((t, i) => bottoms[i] - t).sort((a, b) => a - b);
  if (band < 0.3 * heights[heights.length >> 1]) return null;
  // The text fills the strip's height (else it is a picture with a line of text somewhere in it).
  let t = Math.min(...tops),
    b = Math.max(...bottoms);
  if (Math.min(b, m + h) - Math.max(t, m) < 0.5 * h) return null;
  // A margin of a tenth of its height above and below at least: boxes that hug the ink of a tight crop
  // leave the recogniser no white above and below the letters, and it then drops the gaps between words
  // ("Offlinetextrecognition…", measured on a 28 px line).
  const margin = Math.min(m, Math.max(2, Math.round(0.1 * h)));
  t = Math.min(t, m - margin - 0.5);
  b = Math.max(b, m + h + margin - 0.5);
  // At the ends: a box edge that cuts through ink cuts a letter the detector saw only in part, and a letter
  // just beyond the box (a thin "l" at the very edge of a tight crop) was not seen at all; the recogniser drops
  // both. The edge moves out over ink, and over gaps narrower than half the strip's height to ink that stands
  // at least 40% of its height (a letter, not a speck of dust or a dot).
  const xs = quads.flatMap((q) => q.map((p) => p[0]));
  const ink = inkTest(img, borderColor(img));
  const y0 = Math.max(0, Math.round(t)),
    y1 = Math.min(img.height - 1, Math.round(b));
  const span = (x: number) => {
    let top = -1,
      bottom = -1;
    for (let y = y0; y <= y1; y++) {
      if (!ink(x, y)) continue;
      if (top < 0) top = y;
      bottom = y;
    }
    return top < 0 ? 0 : bottom - top + 1;
  };
  const inside = (x: number) => x >= 0 && x < img.width;
  const reach = (from: number, dir: -1 | 1) => {
    let x = Math.min(img.width - 1, Math.max(0, Math.round(from)));
    let moved = false;
    while (inside(x + dir) && span(x) > 0 && span(x + dir) > 0) {
      x += dir;
      moved = true;
    }
    for (;;) {
      let g = x + dir;
      while (inside(g) && span(g) === 0 && Math.abs(g - x) <= 0.5 * h) g += dir;
      if (!inside(g) || span(g) === 0) break;
      let e = g,
        tall = span(g);
      while (inside(e + dir) && span(e + dir) > 0) tall = Math.max(tall, span((e += dir)));
      if (tall < 0.4 * h) break;
      x = e;
      moved = true;
    }
    return moved ? x + 1.5 * dir : from;
  };
  const l0 = Math.min(...xs),
    r0 = Math.max(...xs);
  const l = Math.min(l0, reach(l0, -1)),
    r = Math.max(r0, reach(r0, 1));
  return [
    [l, t],
    [r, t],
    [r, b],
    [l, b],
  ];
}

const mostlyTall = (quads: Quad[]) => {
  let tall = 0,
    flat = 0;
  for (const q of quads) {
    const w = quadW(q),
      h = quadH(q);
    if (h >= 1.5 * w) tall += h;
    else if (w >= 1.5 * h) flat += w;
  }
  return quads.length >= 1 && tall > 2 * flat;
};

/**
 * Lines in reading order (rows, then columns; see readingOrder) and the full text: rows joined by
 * "\n", lines on the same row by a space, whitespace runs collapsed. `frame`: the quads to order by
 * (the upright page's, when the page was turned), by default the lines' own boxes.
 */
export function arrange(read: OcrLine[], frame: Quad[] = read.map((l) => l.box)): { text: string; lines: OcrLine[] } {
  const lines: OcrLine[] = [];
  const textRows: string[] = [];
  for (const row of readingOrder(deskew(frame))) {
    const parts: string[] = [];
    for (const k of row) {
      const text = read[k].text.trim().replace(/\s+/g, ' ');
      parts.push(text);
      lines.push({ ...read[k], text });
    }
    textRows.push(parts.join(' '));
  }
  return { text: textRows.join('\n'), lines };
}

/** The whole pipeline on one RGBA image (alpha already composited). Boxes in this image's pixels. */
export async function ocr(runModel: RunModel, input: RgbaImage, chars: string[], opts: Partial<OcrOptions> = {}, hooks: OcrHooks = {}): Promise<OcrOutput> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  const t0 = performance.now();
  const bg = o.pad > 0 ? borderColor(input) : undefined;
  const m = bg && inkAtBorder(input, bg) ? padSize(input.width, input.height, o) : 0;
  const img = padImage(input, m, bg);
  const clampX = (x: number) => Math.min(Math.max(x - m, -0.5), input.width - 0.5);
  const clampY = (y: number) => Math.min(Math.max(y - m, -0.5), input.height - 0.5);
  const spent = { det: 0, cls: 0, rec: 0 };
  const step = (s: OcrStep['step'], done = 0, total = 0) => hooks.onStep?.({ step: s, done, total });
  const run: RunModel = async (name, input) => {
    await hooks.checkpoint?.();
    const t = performance.now();
    try {
      return await runModel(name, input);
    } finally {
      spent[name] += performance.now() - t;
    }
  };
  let rotation: 0 | 90 | 180 | 270 = 0;
  let work = img;
  let isStrip = false;
  const findLines = async (image: RgbaImage) => {
    const found = await detect(run, image, o);
    const strip = stripLine(found, image, m, o);
    isStrip = !!strip;
    return strip ? [strip] : found;
  };
  step('detect');
  let quads = await findLines(work);
  if (mostlyTall(quads)) {
    rotation = 90;
    work = rotateImage(img, 90);
    quads = await findLines(work);
  }
  let upright = quads.map(uprightQuad);
  let flippedIdx: number[] = [];
  // A strip is one line: rather than classifying it, it is read, and read turned too only when that reading
  // is unsure (below). A line reads upright far more often than not, and a turned one reads as garbage.
  if (o.useCls && upright.length && !isStrip) {
    step('classify', 0, upright.length);
    // The page's orientation first, from its widest lines (the classifier is surest on long text): when they
    // agree that it is upright, the other lines are not classified one by one (a page rarely mixes
    // orientations, and each classified line that looks turned is read twice).
    const bySize = upright.map((_, i) => i).sort((a, b) => quadW(upright[b]) - quadW(upright[a]));
    const sample = bySize.slice(0, o.clsSample);
    let angles = new Array<{ flipped: boolean; p180: number } | undefined>(upright.length);
    const vote = () => {
      let up = 0,
        down = 0;
      angles.forEach((a, i) => {
        if (!a) return;
        const w = quadW(upright[i]);
        if (a.flipped) down += w;
        else if (a.p180 < 0.1) up += w;
      });
      return { up, down };
    };
    (
      await classifyAngles(
        run,
        work,
        sample.map((i) => upright[i]),
      )
    ).forEach((a, k) => (angles[sample[k]] = a));
    let { up, down } = vote();
    const settled = sample.length < upright.length && down === 0 && up >= 0.8 * sample.reduce((a, i) => a + quadW(upright[i]), 0);
    if (!settled && sample.length < upright.length) {
      const rest = bySize.slice(o.clsSample);
      (
        await classifyAngles(
          run,
          work,
          rest.map((i) => upright[i]),
        )
      ).forEach((a, k) => (angles[rest[k]] = a));
      ({ up, down } = vote());
    }
    if (settled) angles = angles.map((a) => a ?? { flipped: false, p180: 0 });
    if (down > up) {
      // The page is upside down: turn it and detect again, so that the reading order is right.
      rotation = ((rotation + 180) % 360) as 0 | 90 | 180 | 270;
      work = rotateImage(img, rotation);
      step('detect');
      quads = await findLines(work);
      upright = quads.map(uprightQuad);
    } else {
      flippedIdx = angles.map((a, i) => (a!.flipped ? i : -1)).filter((i) => i >= 0);
    }
  }
  // Lines to read: every line, and the ones the classifier thinks upside down once more, turned.
  const total = upright.length + flippedIdx.length;
  let done = 0;
  const onBatch = (n: number) => step('recognize', (done += n), total);
  if (total) step('recognize', 0, total);
  const rec = upright.length ? await recognize(run, work, upright, chars, o, onBatch) : [];
  if (isStrip && o.useCls && rec[0].score < o.stripSure && (await readsBetterTurned(run, work, upright[0], chars, o))) {
    const [turned] = await recognize(run, work, [flipQuad(upright[0])], chars, o);
    if (turned.score > rec[0].score) {
      rec[0] = turned;
      quads = [flipQuad(quads[0])];
    }
  }
  if (flippedIdx.length) {
    // The classifier thinks these lines are upside down: read them turned too and keep the surer reading.
    const turned = await recognize(
      run,
      work,
      flippedIdx.map((i) => flipQuad(upright[i])),
      chars,
      o,
      onBatch,
    );
    flippedIdx.forEach((i, k) => {
      if (turned[k].score > rec[i].score) rec[i] = turned[k];
    });
  }
  const keep = quads.map((_, i) => i).filter((i) => rec[i].text.trim() && rec[i].score >= o.dropScore);
  const round = (p: Point): Point => [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10];
  const toInput = (p: Point): Point => {
    const [x, y] = unrotatePoint(p, rotation, img.width, img.height);
    return round([clampX(x), clampY(y)]);
  };
  const read = keep.map((i) => ({ text: rec[i].text, score: Math.round(rec[i].score * 10000) / 10000, box: quads[i].map(toInput) as Quad }));
  const { text, lines } = arrange(
    read,
    keep.map((i) => quads[i]),
  );
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const other = performance.now() - t0 - spent.det - spent.cls - spent.rec;
  return { text, lines, rotation, timing: { det: r1(spent.det), cls: r1(spent.cls), rec: r1(spent.rec), other: r1(other) } };
}
