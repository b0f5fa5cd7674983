/**
 * YOLOX raw-head pre- and post-processing: letterbox (resize keeping the aspect ratio, pad to a square),
 * grid decoding per stride, best class per anchor, class-aware NMS, boxes mapped back to the original
 * image. Pure TypeScript (no DOM), shared by the inference worker and the Node equivalence test so both
 * sides run exactly the same code.
 */
import { nms, type Box, type Candidate } from './nms';

export interface Detection {
  label: string;
  score: number;
  box: Box;
}

export interface LetterboxGeometry {
  /** Side of the square model input. */
  size: number;
  /** resized / source */
  ratio: number;
  /** Size of the resized image inside the square. */
  width: number;
  height: number;
  /** Offset of the resized image inside the square (YOLOX places it top-left: 0, 0). */
  padX: number;
  padY: number;
}

export interface YoloxOptions {
  /** Model input side (416 for YOLOX-Nano/Tiny, 640 for S/M/L/X). */
  size: number;
  strides: number[];
  /** Pad value for the letterbox border (YOLOX's own demo uses 114). */
  padValue: number;
  /** Channel order the model expects. */
  bgr: boolean;
}

export const YOLOX_NANO: YoloxOptions = { size: 416, strides: [8, 16, 32], padValue: 114, bgr: true };

/** Where the source image lands inside the square input (top-left, as YOLOX's preprocessing does). */
export function letterboxGeometry(srcWidth: number, srcHeight: number, size: number): LetterboxGeometry {
  if (!(srcWidth > 0 && srcHeight > 0)) throw new RangeError(`invalid image size ${srcWidth}×${srcHeight}`);
  const ratio = Math.min(size / srcWidth, size / srcHeight);
  const width = Math.min(size, Math.max(1, Math.round(srcWidth * ratio)));
  const height = Math.min(size, Math.max(1, Math.round(srcHeight * ratio)));
  return { size, ratio, width, height, padX: 0, padY: 0 };
}

/**
 * RGBA (or RGB) pixels → float32 CHW tensor data [3, size, size], 0-255, letterboxed. Bilinear resize with
 * half-pixel centres (as OpenCV's INTER_LINEAR, which YOLOX uses); identity copy when no resize is needed.
 */
export function letterbox(
  pixels: ArrayLike<number>,
  srcWidth: number,
  srcHeight: number,
  opts: Pick<YoloxOptions, 'size' | 'padValue' | 'bgr'>,
  channels: 3 | 4 = 4,
): { data: Float32Array; geometry: LetterboxGeometry } {
  const g = letterboxGeometry(srcWidth, srcHeight, opts.size);
  const { size } = g;
  const plane = size * size;
  const data = new Float32Array(3 * plane).fill(opts.padValue);
  // Output channel c reads source channel order[c].
  const order = opts.bgr ? [2, 1, 0] : [0, 1, 2];
  const sx = srcWidth / g.width;
  const sy = srcHeight / g.height;
  const x0 = new Int32Array(g.width);
  const x1 = new Int32Array(g.width);
  const fx = new Float32Array(g.width);
  for (let x = 0; x < g.width; x++) {
    const s = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), srcWidth - 1);
    x0[x] = Math.floor(s);
    x1[x] = Math.min(x0[x] + 1, srcWidth - 1);
    fx[x] = s - x0[x];
  }
  for (let y = 0; y < g.height; y++) {
    const s = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), srcHeight - 1);
    const y0 = Math.floor(s);
    const y1 = Math.min(y0 + 1, srcHeight - 1);
    const fy = s - y0;
    const row0 = y0 * srcWidth;
    const row1 = y1 * srcWidth;
    const out = (y + g.padY) * size + g.padX;
    for (let x = 0; x < g.width; x++) {
      const a = (row0 + x0[x]) * channels;
      const b = (row0 + x1[x]) * channels;
      const c = (row1 + x0[x]) * channels;
      const d = (row1 + x1[x]) * channels;
      const wx = fx[x];
      for (let ch = 0; ch < 3; ch++) {
        const k = order[ch];
        const top = pixels[a + k] + (pixels[b + k] - pixels[a + k]) * wx;
        const bottom = pixels[c + k] + (pixels[d + k] - pixels[c + k]) * wx;
        data[ch * plane + out + x] = top + (bottom - top) * fy;
      }
    }
  }
  return { data, geometry: g };
}

/** Number of anchors the head outputs for a given input size and strides (3549 for 416 and 8/16/32). */
export const anchorCount = (size: number, strides: number[]) => strides.reduce((n, s) => n + Math.floor(size / s) ** 2, 0);

/**
 * Decode YOLOX's raw head [N, 5 + classes] (N anchors, stride 8 grids first, row-major): box centre
 * (p0 + gx) * stride, size exp(p2) * stride, score = objectness × best class probability. Returns the
 * candidates with score ≥ minScore, boxes in letterboxed input pixels.
 */
export function decodeYolox(output: ArrayLike<number>, numClasses: number, size: number, strides: number[], minScore: number): Candidate[] {
  const stride = 5 + numClasses;
  const expected = anchorCount(size, strides);
  if (output.length !== expected * stride) {
    throw new RangeError(`YOLOX output has ${output.length} values, expected ${expected}×${stride} for ${size}px and strides ${strides.join('/')}`);
  }
  const out: Candidate[] = [];
  let i = 0;
  for (const s of strides) {
    const n = Math.floor(size / s);
    for (let gy = 0; gy < n; gy++) {
      for (let gx = 0; gx < n; gx++, i++) {
        const o = i * stride;
        const obj = output[o + 4];
        if (!(obj >= minScore)) continue; // score ≤ obj, and NaN never passes
        let best = 0;
        let bestP = output[o + 5];
        for (let c = 1; c < numClasses; c++) {
          const p = output[o + 5 + c];
          if (p > bestP) {
            bestP = p;
            best = c;
          }
        }
        const score = obj * bestP;
        if (!(score >= minScore)) continue;
        const cx = (output[o] + gx) * s;
        const cy = (output[o + 1] + gy) * s;
        const w = Math.exp(output[o + 2]) * s;
        const h = Math.exp(output[o + 3]) * s;
        if (!Number.isFinite(w) || !Number.isFinite(h)) continue;
        out.push({ classId: best, score, box: { xmin: cx - w / 2, ymin: cy - h / 2, xmax: cx + w / 2, ymax: cy + h / 2 } });
      }
    }
  }
  return out;
}

/**
 * Letterboxed input pixels → original image pixels: undo the padding and the letterbox ratio, then the
 * decode downscale (decodeScale = decoded size / original size), clipped to the original image.
 */
export function mapBox(box: Box, g: LetterboxGeometry, decodeScale: number, origWidth: number, origHeight: number): Box {
  const f = g.ratio * decodeScale;
  const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  return {
    xmin: clip((box.xmin - g.padX) / f, origWidth),
    ymin: clip((box.ymin - g.padY) / f, origHeight),
    xmax: clip((box.xmax - g.padX) / f, origWidth),
    ymax: clip((box.ymax - g.padY) / f, origHeight),
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export interface PostprocessParams {
  labels: readonly string[];
  geometry: LetterboxGeometry;
  decodeScale: number;
  origWidth: number;
  origHeight: number;
  minScore: number;
  iouThreshold: number;
  strides: number[];
}

/** Decode, NMS (class-aware), map back to the original image; sorted by score. */
export function postprocessYolox(output: ArrayLike<number>, p: PostprocessParams): Detection[] {
  const candidates = decodeYolox(output, p.labels.length, p.geometry.size, p.strides, p.minScore);
  const kept = nms(candidates, p.iouThreshold);
  const out: Detection[] = [];
  for (const c of kept) {
    const b = mapBox(c.box, p.geometry, p.decodeScale, p.origWidth, p.origHeight);
    if (b.xmax - b.xmin <= 0 || b.ymax - b.ymin <= 0) continue;
    out.push({
      label: p.labels[c.classId] ?? `class ${c.classId}`,
      score: Math.round(c.score * 1e6) / 1e6,
      box: { xmin: round2(b.xmin), ymin: round2(b.ymin), xmax: round2(b.xmax), ymax: round2(b.ymax) },
    });
  }
  return out;
}

/** Labels in class-id order from a transformers.js-style config (`id2label`). */
export function labelsFromConfig(config: { id2label?: Record<string, string>; num_labels?: number }): string[] {
  const map = config.id2label ?? {};
  const n = config.num_labels ?? Object.keys(map).length;
  return Array.from({ length: n }, (_, i) => map[String(i)] ?? `class ${i}`);
}
