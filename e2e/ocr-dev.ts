/**
 * The real OCR development set (../shared/ocr-dev, see its README): 50 single lines cut tight from scanned
 * papers (exact text) and 20 whole scanned receipts (every text segment with its box). Shared by the OCR
 * tests (e2e/ocr-real.spec.ts) and the benchmark (bench/ocr-real.bench.mjs), so both score the same way:
 *  - CER (src/features/ocr/cer.ts) against the reference text; a receipt's reference is its segments put
 *    in rows by the app's own reading order (arrange), since the data set gives no order; receipts are
 *    compared in upper case (their ground truth is written in capitals);
 *  - bag-of-words F1 (wordF1), which does not depend on reading order at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { cer, wordF1 } from '../src/features/ocr/cer';
import { flattenAlpha } from '../src/features/ocr/alpha';
import { decodeSize } from '../src/features/ocr/decode-size';
import { arrange, type RgbaImage } from '../src/features/ocr/pipeline';
import type { Quad } from '../src/features/ocr/geometry';

export const OCR_DEV_DIR = path.resolve(process.env.OCR_DEV_DIR ?? '../shared/ocr-dev');

export type DevSetName = 'lines' | 'receipts';
export interface DevImage {
  set: DevSetName;
  file: string;
  /** Absolute path. */
  path: string;
  /** The reference text (receipts: segments in rows, see above). */
  ref: string;
}

export function ocrDevSet(set: DevSetName, dir = OCR_DEV_DIR): DevImage[] {
  const truth = JSON.parse(fs.readFileSync(path.join(dir, set, 'truth.json'), 'utf8')) as Record<string, string | { quad: Quad; text: string }[]>;
  return Object.entries(truth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, t]) => ({
      set,
      file,
      path: path.join(dir, set, file),
      ref: typeof t === 'string' ? t : arrange(t.map((s) => ({ text: s.text, score: 1, box: s.quad }))).text,
    }));
}

export interface DevScore {
  errors: number;
  chars: number;
  cer: number;
  f1: number;
}

export function scoreDev(img: DevImage, text: string): DevScore {
  const caseless = img.set === 'receipts';
  const c = caseless ? cer(img.ref.toUpperCase(), text.toUpperCase()) : cer(img.ref, text);
  return { ...c, f1: wordF1(img.ref, text, caseless).f1 };
}

/** A set's CER (all errors over all characters) and mean F1. */
export function aggregate(scores: DevScore[]): { cer: number; f1: number; images: number; chars: number } {
  const chars = scores.reduce((a, s) => a + s.chars, 0);
  const errors = scores.reduce((a, s) => a + s.errors, 0);
  return { cer: chars ? errors / chars : 0, f1: scores.reduce((a, s) => a + s.f1, 0) / Math.max(1, scores.length), images: scores.length, chars };
}

/** Decode a PNG or JPEG as the OCR worker does: within the decoding budget, alpha flattened. */
export async function readImage(file: string): Promise<RgbaImage> {
  const meta = await sharp(file).metadata();
  const target = decodeSize(meta.width, meta.height);
  let im = sharp(file).rotate();
  if (target.scale < 1) im = im.resize(target.width, target.height);
  const { data, info } = await im.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data);
  flattenAlpha(pixels);
  return { data: pixels, width: info.width, height: info.height };
}
