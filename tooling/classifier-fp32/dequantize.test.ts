/**
 * The fp32 MobileNetV2 derived from the int8 one: deterministic, pinned in the catalog, and the same top-5 labels as
 * the int8 model (the reference: onnxruntime-node through the same transformers.js pipeline the app runs) on every
 * test image. Needs the int8 model (MODELS_DIR, default ../shared/models) and the test images (TEST_IMAGES_DIR).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE_CLASSIFICATION_MODELS } from '../../src/features/classify-image/models';
import { modelsDirs } from '../models-dirs.mjs';
import { dequantizeModel } from './dequantize.mjs';
import { CLASSIFIER_ID, FP32_FILE, INT8_FILE, int8Source } from './prepare.mjs';

const root = path.resolve(__dirname, '..', '..');
const src = int8Source(modelsDirs(undefined, root));
const images = path.resolve(root, process.env.TEST_IMAGES_DIR || '../shared/test-images');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!src)('fp32 MobileNetV2 derived from the int8 file', () => {
  const int8 = new Uint8Array(fs.readFileSync(src!));
  const fp32 = dequantizeModel(int8);

  it('is deterministic and matches the catalog (size and SHA-256)', () => {
    expect(sha256(dequantizeModel(int8))).toBe(sha256(fp32));
    const spec = IMAGE_CLASSIFICATION_MODELS[0].files.find((f) => f.path === FP32_FILE)!;
    expect(spec).toMatchObject({ dtype: 'fp32', size: fp32.length, sha256: sha256(fp32) });
  });

  it('has no quantized operator left', async () => {
    const { createRequire } = await import('node:module');
    const { onnx } = createRequire(import.meta.url)('onnx-proto');
    const ops = new Set<string>(onnx.ModelProto.decode(fp32).graph.node.map((n: { opType: string }) => n.opType));
    expect([...ops].filter((o) => /Quant|QLinear|Integer/.test(o))).toEqual([]);
    expect(ops.has('Conv')).toBe(true);
  });

  it("gives the int8 model's top-5 labels on every test image (onnxruntime-node; labels above 1%, order aside)", async () => {
    // A model folder with both files, read by transformers.js on onnxruntime-node as the app reads it in the browser.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mnv2-fp32-'));
    const model = path.join(dir, CLASSIFIER_ID);
    fs.mkdirSync(path.join(model, 'onnx'), { recursive: true });
    const srcDir = path.dirname(path.dirname(src!));
    for (const f of ['config.json', 'preprocessor_config.json']) fs.copyFileSync(path.join(srcDir, f), path.join(model, f));
    fs.writeFileSync(path.join(model, INT8_FILE), int8);
    fs.writeFileSync(path.join(model, FP32_FILE), fp32);
    const { env, pipeline, RawImage } = await import('@huggingface/transformers');
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = `${dir}${path.sep}`;
    env.useFSCache = false;
    const opts = (dtype: 'q8' | 'fp32') => ({ device: 'cpu' as const, dtype, session_options: { intraOpNumThreads: 1 } });
    const q8 = await pipeline('image-classification', CLASSIFIER_ID, opts('q8'));
    const f32 = await pipeline('image-classification', CLASSIFIER_ID, opts('fp32'));
    const files = fs.readdirSync(images).filter((f) => /\.(jpe?g|png)$/i.test(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    try {
      for (const f of files) {
        const image = await RawImage.read(path.join(images, f));
        const top = async (p: typeof q8) => (await p(image, { top_k: 5 })) as { label: string; score: number }[];
        const [a, b] = [await top(q8), await top(f32)];
        // Every label one model gives at least 1% is in the other's top 5 (near-ties can swap: the int8 model rounds).
        const sure = (x: typeof a) => x.filter((l) => l.score >= 0.01).map((l) => l.label);
        const labels = (x: typeof a) => x.map((l) => l.label);
        expect({ image: f, missing: sure(a).filter((l) => !labels(b).includes(l)) }).toEqual({ image: f, missing: [] });
        expect({ image: f, missing: sure(b).filter((l) => !labels(a).includes(l)) }).toEqual({ image: f, missing: [] });
        // A clear winner (ahead by 10 points or more) stays the winner.
        if (a[0].score - a[1].score >= 0.1) expect({ image: f, top1: b[0].label }).toEqual({ image: f, top1: a[0].label });
      }
    } finally {
      await q8.dispose();
      await f32.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
