/**
 * The native reference, in this Node process: the same transformers.js pipeline the app runs, on
 * onnxruntime-node instead of onnxruntime-web, with the same model files, image and options; plus the
 * bare onnxruntime-node session on the preprocessed tensor (model-only time). The runtime is independent
 * of the app's on purpose (that is what is compared); the options come from the app's code.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { env, pipeline, RawImage } from '@huggingface/transformers';
import { tsModule } from './ts-module.mjs';
import { summarize, timeSessionRuns } from './stats.mjs';

const now = () => performance.now();

/** The app worker's own top-k (src/features/classify-image/handler.ts); results sorted by score as there. */
const { TOP_K } = await tsModule('src/features/classify-image/handler.ts');

export function configureTransformers(modelsDir) {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = modelsDir.endsWith(path.sep) ? modelsDir : modelsDir + path.sep;
  env.useFSCache = false;
}

/**
 * transformers.js pipeline on onnxruntime-node with `threads` intra-op threads (session_options are
 * passed through to InferenceSession.create). Image decoding is excluded, as in the browser.
 */
export async function nativePipeline({ modelId, dtype, imagePath, threads, runs, warmup = 0 }) {
  const t0 = now();
  const classify = await pipeline('image-classification', modelId, {
    device: 'cpu',
    dtype,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const loadMs = now() - t0;
  try {
    const image = await RawImage.read(imagePath);
    const infer = async () => {
      const s = now();
      const out = await classify(image, { top_k: TOP_K });
      return { ms: now() - s, out: out.map(({ label, score }) => ({ label, score })).sort((a, b) => b.score - a.score) };
    };
    const first = await infer();
    for (let i = 0; i < warmup; i++) await infer();
    const warm = [];
    for (let i = 0; i < runs; i++) warm.push((await infer()).ms);

    // Pre-processing alone (resize, crop, normalise) on the same image.
    const pre = [];
    let pixelValues;
    for (let i = 0; i < Math.min(runs, 20); i++) {
      const s = now();
      pixelValues = (await classify.processor(image)).pixel_values;
      pre.push(now() - s);
    }
    return {
      loadMs,
      firstMs: first.ms,
      warm: summarize(warm),
      warmSamples: warm,
      preprocess: summarize(pre),
      top5: first.out,
      pixelValues: { dims: [...pixelValues.dims], data: Float32Array.from(pixelValues.data) },
    };
  } finally {
    await classify.dispose();
  }
}

/**
 * Bare onnxruntime-node InferenceSession.run on a preprocessed tensor (e.g. [1,3,224,224]); with `keepOutput`
 * the first output's data of the first run comes back as `output`.
 */
export async function nativeModelOnly({ modelPath, pixelValues, threads, runs, warmup = 0, keepOutput = false }) {
  const t0 = now();
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const loadMs = now() - t0;
  try {
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', pixelValues.data, pixelValues.dims) };
    const { firstMs, warm, argmax, output } = await timeSessionRuns(session, feeds, runs, warmup);
    return { loadMs, firstMs, warm: summarize(warm), warmSamples: warm, argmax, ...(keepOutput ? { output } : {}) };
  } finally {
    await session.release();
  }
}

export const ortNodeVersion = () => ort.env?.versions?.node ?? ort.env?.versions?.common ?? null;
