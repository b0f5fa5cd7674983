/**
 * Node-side helpers for the object-detection tests: the native reference (onnxruntime-node running the
 * SAME pre/post-processing modules as the app's worker on the same pixels), generated bad-input fixtures,
 * a fake-camera clip, and box maths.
 */
import { expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { iou, type Box } from '../src/features/detect/nms';
import { IOU_THRESHOLD, MIN_SCORE, PAD_VALUE } from '../src/features/detect/params';
import { labelsFromConfig, letterbox, postprocessYolox, YOLOX_NANO, type Detection } from '../src/features/detect/yolox';
import { image, type ExportDoc } from './helpers';
import { modelPath } from '../tooling/models-dirs.mjs';

export const YOLOX_ID = 'megvii/yolox-nano-coco';
/** The MODELS_DIR folder that holds YOLOX (MODELS_DIR may list several). */
export const MODELS = path.dirname(path.dirname(path.dirname(modelPath(`${YOLOX_ID}/config.json`))));

/** COCO val2017 #39769 ground truth for the two cats (xmin, ymin, xmax, ymax). */
export const CATS: Box[] = [
  { xmin: 13, ymin: 52, xmax: 314, ymax: 471 },
  { xmin: 345, ymin: 24, xmax: 640, ymax: 369 },
];

export const asBox = ([xmin, ymin, xmax, ymax]: number[]): Box => ({ xmin, ymin, xmax, ymax });
export const scaleBox = (b: Box, s: number, dx = 0, dy = 0): Box => ({
  xmin: b.xmin * s + dx,
  ymin: b.ymin * s + dy,
  xmax: b.xmax * s + dx,
  ymax: b.ymax * s + dy,
});

/** Every reference box has a detection of `label` with IoU ≥ 0.5. */
export function expectMatches(dets: Detection[], label: string, refs: Box[]) {
  for (const ref of refs) {
    const best = Math.max(0, ...dets.filter((d) => d.label === label).map((d) => iou(d.box, ref)));
    expect(best, `${label} at ${JSON.stringify(ref)}: best IoU in ${JSON.stringify(dets.map((d) => [d.label, d.box]))}`).toBeGreaterThanOrEqual(0.5);
  }
}

/** YOLOX-Nano in Node: decode the file with sharp (lossless for PNG), then the app's own letterbox / decode / NMS. */
export async function nativeYolox(file: string, minScore = MIN_SCORE): Promise<Detection[]> {
  const dir = path.join(MODELS, YOLOX_ID);
  const labels = labelsFromConfig(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')));
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const lb = letterbox(data, info.width, info.height, { ...YOLOX_NANO, padValue: PAD_VALUE });
  const session = await ort.InferenceSession.create(path.join(dir, 'onnx/model.onnx'));
  try {
    const out = await session.run({ images: new ort.Tensor('float32', lb.data, [1, 3, YOLOX_NANO.size, YOLOX_NANO.size]) });
    return postprocessYolox(out.output.data as Float32Array, {
      labels,
      geometry: lb.geometry,
      decodeScale: 1,
      origWidth: info.width,
      origHeight: info.height,
      minScore,
      iouThreshold: IOU_THRESHOLD,
      strides: YOLOX_NANO.strides,
    });
  } finally {
    await session.release();
  }
}

/** Detection's Export JSON: the common document plus the score threshold it was run with. */
export type DetectExport = ExportDoc<Detection[]> & { threshold: number };

type Fixture = { name: string; mimeType: string; buffer: Buffer };
const file = (name: string, mimeType: string, buffer: Buffer): Fixture => ({ name, mimeType, buffer });

/** Awkward but valid images, generated here (no binary fixtures in the repository). */
export async function awkwardImages() {
  const coco = image('coco_000000039769.png');
  const dog = image('yolox_dog.jpg');
  return {
    grey: file('grey.jpg', 'image/jpeg', await sharp(dog).toColourspace('b-w').jpeg().toBuffer()),
    cmyk: file('cmyk.jpg', 'image/jpeg', await sharp(dog).toColourspace('cmyk').jpeg().toBuffer()),
    // Transparent 100 px margin around the cats: boxes move by +100, +100.
    alpha: file(
      'alpha.png',
      'image/png',
      await sharp(coco)
        .extend({ top: 100, bottom: 100, left: 100, right: 100, background: { r: 0, g: 0, b: 0, alpha: 0 } })
        .png()
        .toBuffer(),
    ),
    // Pixels stored rotated 90° anticlockwise with EXIF orientation 6: displayed upright, 640×480.
    rotated: file('rotated.jpg', 'image/jpeg', await sharp(coco).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer()),
    // 10,240 × 7,680: decoded downscaled, boxes mapped back (×16).
    huge: file('huge.jpg', 'image/jpeg', await sharp(coco).resize(10240, 7680).jpeg({ quality: 70 }).toBuffer()),
    tiny: file(
      'tiny.png',
      'image/png',
      await sharp({ create: { width: 1, height: 1, channels: 3, background: { r: 200, g: 10, b: 10 } } })
        .png()
        .toBuffer(),
    ),
  };
}

/**
 * A Y4M clip (what Chromium's --use-file-for-fake-video-capture plays, looped) showing an image: BT.601
 * full-range I420, 640×480, 30 fps, a few identical frames.
 */
export async function fakeCameraClip(src: string, frames = 3): Promise<string> {
  const W = 640;
  const H = 480;
  const { data } = await sharp(src).resize(W, H, { fit: 'contain', background: '#000' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(W * H);
  const u = Buffer.alloc((W / 2) * (H / 2));
  const v = Buffer.alloc((W / 2) * (H / 2));
  const clamp = (x: number) => Math.max(0, Math.min(255, Math.round(x)));
  for (let j = 0; j < H; j++)
    for (let i = 0; i < W; i++) {
      const k = (j * W + i) * 3;
      y[j * W + i] = clamp(0.299 * data[k] + 0.587 * data[k + 1] + 0.114 * data[k + 2]);
    }
  for (let j = 0; j < H / 2; j++)
    for (let i = 0; i < W / 2; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const k = ((2 * j + dy) * W + 2 * i + dx) * 3;
        r += data[k] / 4;
        g += data[k + 1] / 4;
        b += data[k + 2] / 4;
      }
      u[j * (W / 2) + i] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      v[j * (W / 2) + i] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F30:1 Ip A1:1 C420jpeg\n`)];
  for (let f = 0; f < frames; f++) parts.push(Buffer.from('FRAME\n'), y, u, v);
  const out = path.join(os.tmpdir(), `detect-fake-camera-${process.pid}.y4m`);
  fs.writeFileSync(out, Buffer.concat(parts));
  return out;
}
