import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OCR_MODELS } from '../../src/features/ocr/models';
import { OCR_FILES } from '../../src/features/ocr/files';
import { optimizeModel } from './optimize.mjs';
import { packageAssetsDir, REC_SOURCE, wordListBytes } from './prepare.mjs';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
const root = path.resolve(__dirname, '..', '..');
const src = packageAssetsDir(root)!;
const rec = new Uint8Array(fs.readFileSync(path.join(src, REC_SOURCE)));
const fused = optimizeModel(rec, { quantize: false });
const int8 = optimizeModel(rec, { quantize: true });
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A deterministic input: smooth stripes in [-1, 1], like a normalised text crop. */
function input(n: number, w: number) {
  const data = new Float32Array(n * 3 * 48 * w);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * Math.cos(i * 0.011);
  return new ort.Tensor('float32', data, [n, 3, 48, w]);
}
async function run(bytes: Uint8Array, x: InstanceType<typeof ort.Tensor>) {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  try {
    const out = await s.run({ [s.inputNames[0]]: x });
    return out[s.outputNames[0]];
  } finally {
    await s.release();
  }
}

describe('PaddleOCR recogniser rewrite', () => {
  it('is deterministic and matches the catalog (size and SHA-256 of both derived files)', () => {
    const files = OCR_MODELS[0].files;
    const spec = (p: string) => files.find((f) => f.path === p)!;
    expect(fused.bytes.length).toBe(spec(OCR_FILES.recFused).size);
    expect(sha256(fused.bytes)).toBe(spec(OCR_FILES.recFused).sha256);
    expect(int8.bytes.length).toBe(spec(OCR_FILES.recInt8).size);
    expect(sha256(int8.bytes)).toBe(spec(OCR_FILES.recInt8).sha256);
    expect(sha256(optimizeModel(rec, { quantize: true }).bytes)).toBe(sha256(int8.bytes));
  });

  it('rewrites every block: folds, hardswish, 8-bit pointwise convolutions', () => {
    expect(fused.stats).toMatchObject({ folded1: 28, swishes: 28, folded3: 25, quantized: 0 });
    expect(int8.stats.quantized).toBe(15);
  });

  it('the fused model computes the same numbers as the original', async () => {
    const x = input(2, 160);
    const [a, b] = [await run(rec, x), await run(fused.bytes, x)];
    expect(b.dims).toEqual(a.dims);
    let max = 0;
    const da = a.data as Float32Array,
      db = b.data as Float32Array;
    for (let i = 0; i < da.length; i++) max = Math.max(max, Math.abs(da[i] - db[i]));
    expect(max).toBeLessThan(1e-4);
  });

  it('the 8-bit model stays close: same best class at almost every time step', async () => {
    const x = input(2, 160);
    const [a, b] = [await run(rec, x), await run(int8.bytes, x)];
    expect(b.dims).toEqual(a.dims);
    const [n, steps, classes] = a.dims as number[];
    const da = a.data as Float32Array,
      db = b.data as Float32Array;
    let same = 0;
    const argmax = (d: Float32Array, o: number) => {
      let best = 0;
      for (let c = 1; c < classes; c++) if (d[o + c] > d[o + best]) best = c;
      return best;
    };
    for (let t = 0; t < n * steps; t++) if (argmax(da, t * classes) === argmax(db, t * classes)) same++;
    expect(same / (n * steps)).toBeGreaterThan(0.95);
  });
});

describe('OCR word list', () => {
  it('is derived deterministically and matches the catalog (size and SHA-256)', () => {
    const spec = OCR_MODELS[0].files.find((f) => f.path === OCR_FILES.words)!;
    const bytes = wordListBytes(root)!;
    expect(bytes.length).toBe(spec.size);
    expect(sha256(bytes)).toBe(spec.sha256);
    const words = new TextDecoder().decode(bytes).split('\n');
    expect(words).toContain('also');
    expect(words.every((w) => /^[a-z]*$/.test(w))).toBe(true);
  });
});
