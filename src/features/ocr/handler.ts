/**
 * OCR in the worker. The default model runs the PaddleOCR v4 pipeline (./pipeline.ts, the same code
 * the Node equivalence test runs) on three ONNX sessions created with onnxruntime-web, the SAME copy
 * transformers.js uses (one runtime, one set of /ort/ files). Its files come through the model store
 * (verified, cached, offline). Image-to-text models (TrOCR) run through transformers.js and read
 * the whole image as one line (./image-to-text.ts); Florence-2 models read the whole page, with a box
 * per line (./florence.ts).
 */
import type { PretrainedConfig } from '@huggingface/transformers';
import type { TaskInput } from '../../protocol/messages';
import { AppError } from '../../protocol/errors';
import type { LoadContext, LoadedModel, TaskHandler } from '../../../workers/task-handler';
import { decodeImage, type DecodedImage } from '../common/image-decode';
import { flattenAlpha } from './alpha';
import { readLine, type ImageToText } from './image-to-text';
import { readPage, type Florence } from './florence';
import { checkpointEachStep } from '../../../workers/step-checkpoint';
import { parseDictionary } from './ctc';
import { parseWordList } from './lexicon';
import { OCR_FILES, PADDLE_MODEL_ID, recFileFor } from './files';
import type { Point, Quad } from './geometry';
import { decodeSize } from './decode-size';
import { arrange, ocr, type ModelName, type OcrOutput, type OcrStep, type RunModel } from './pipeline';

/** How the steps of a page read in the progress line. */
const STEP_WORDS: Record<OcrStep['step'], string> = {
  detect: 'Finding lines of text',
  classify: 'Checking which way up the lines are',
  recognize: 'Reading lines',
};

function toOriginal(out: OcrOutput, img: DecodedImage): OcrOutput {
  const s = img.scale;
  const W = img.header.width,
    H = img.header.height;
  const map = ([x, y]: Point): Point => [
    Math.round(Math.min(W, Math.max(0, (x + 0.5) / s)) * 10) / 10,
    Math.round(Math.min(H, Math.max(0, (y + 0.5) / s)) * 10) / 10,
  ];
  return { ...out, lines: out.lines.map((l) => ({ ...l, box: l.box.map(map) as Quad })) };
}

/**
 * The shared decoder, at OCR's pixel budget, keeping the alpha channel so that transparent images are
 * flattened on a contrasting background (./alpha.ts): white text on a transparent background is read too.
 */
async function prepareImage(input: TaskInput): Promise<DecodedImage> {
  if (input.kind !== 'file') throw new AppError('bad-input', 'OCR needs an image file.');
  const img = await decodeImage(input.file, decodeSize, { alpha: 'straight' });
  flattenAlpha(img.data);
  return img;
}

async function readFile(ctx: LoadContext, path: string): Promise<Response> {
  if (!ctx.fetchModelFile) throw new AppError('internal', 'The worker cannot read model files.');
  const res = await ctx.fetchModelFile(path);
  if (!res.ok) throw new AppError('model', `The OCR model file ${path} could not be read (${res.status}).`);
  return res;
}

async function loadPaddle(ctx: LoadContext): Promise<LoadedModel<'ocr', DecodedImage>> {
  // The very module transformers.js imports (same package, same entry): one runtime, one set of /ort/ files.
  // (The plain WASM build measured no faster here.)
  const ort = await import('onnxruntime-web/webgpu');
  // transformers.js configured this same runtime (wasmPaths on our origin, threads); keep it so.
  const wasm = ctx.transformers.env.backends.onnx.wasm!;
  ort.env.wasm.wasmPaths = wasm.wasmPaths;
  ort.env.wasm.numThreads = wasm.numThreads;
  ort.env.wasm.proxy = false;
  const ep = ctx.backend === 'webgpu' ? 'webgpu' : 'wasm';
  const create = async (file: string) =>
    ort.InferenceSession.create(new Uint8Array(await (await readFile(ctx, file)).arrayBuffer()), {
      executionProviders: [ep],
      graphOptimizationLevel: 'all',
    });
  // One after the other: the WebGPU execution provider refuses to create two sessions at once
  // ("another WebGPU EP inference session is being created").
  const det = await create(OCR_FILES.det);
  const cls = await create(OCR_FILES.cls);
  const rec = await create(recFileFor(ctx.dtype));
  const dict = await (await readFile(ctx, OCR_FILES.dict)).text();
  const lexicon = parseWordList(await (await readFile(ctx, OCR_FILES.words)).text());
  const sessions: Record<ModelName, typeof det> = { det, cls, rec };
  const chars = parseDictionary(dict);
  const runModel: RunModel = async (name, input) => {
    const s = sessions[name];
    const tensor = new ort.Tensor('float32', input.data, input.dims);
    const out = await s.run({ [s.inputNames[0]]: tensor });
    const t = out[s.outputNames[0]];
    const data = (t.location === 'cpu' ? t.data : await t.getData()) as Float32Array;
    const result = { data: new Float32Array(data), dims: [...t.dims] };
    tensor.dispose();
    t.dispose();
    return result;
  };
  return {
    prepare: (input) => prepareImage(input),
    async infer(img, options, ctx) {
      // Stops at the next model call when the run is cancelled; reports each step (a dense page on a phone takes seconds).
      const hooks = ctx && {
        checkpoint: ctx.checkpoint,
        onStep: (s: OcrStep) => ctx.progress({ stage: 'step', index: ctx.index, count: ctx.count, step: STEP_WORDS[s.step], done: s.done, total: s.total }),
      };
      return toOriginal(await ocr(runModel, img, chars, { ...options, lexicon }, hooks), img);
    },
    async dispose() {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
    },
  };
}

/** Image-to-text models (TrOCR, from the Hub or a self-hosted folder): the whole image is one line. */
async function loadImageToText(ctx: LoadContext, config: PretrainedConfig): Promise<LoadedModel<'ocr', DecodedImage>> {
  const { pipeline, RawImage } = ctx.transformers;
  const read = await pipeline('image-to-text', ctx.entry.id, { device: ctx.backend, dtype: ctx.dtype, revision: ctx.entry.revision, config });
  return {
    prepare: (input) => prepareImage(input),
    async infer(img, _options, ictx) {
      const t0 = performance.now();
      const undo = ictx ? checkpointEachStep(read.model, ictx.checkpoint) : () => {};
      const { text, score } = await readLine(read as unknown as ImageToText, new RawImage(img.data, img.width, img.height, 4).rgb()).finally(undo);
      const W = img.header.width,
        H = img.header.height;
      const box: Quad = [
        [0, 0],
        [W, 0],
        [W, H],
        [0, H],
      ];
      return {
        text,
        lines: text ? [{ text, score, box }] : [],
        rotation: 0,
        timing: { det: 0, cls: 0, rec: performance.now() - t0, other: 0 },
      } satisfies OcrOutput;
    },
    dispose: () => read.dispose(),
  };
}

/**
 * Florence-2 (from the Hub or a self-hosted folder): the whole page, task <OCR_WITH_REGION>, a box and
 * a measured confidence per line, then the same reading order as PaddleOCR's lines. Cancel stops the
 * generation at the next token.
 */
async function loadFlorence(ctx: LoadContext, config: PretrainedConfig): Promise<LoadedModel<'ocr', DecodedImage>> {
  const { AutoProcessor, Florence2ForConditionalGeneration, RawImage } = ctx.transformers;
  const model = await Florence2ForConditionalGeneration.from_pretrained(ctx.entry.id, {
    device: ctx.backend,
    dtype: ctx.dtype,
    revision: ctx.entry.revision,
    config,
  });
  const processor = await AutoProcessor.from_pretrained(ctx.entry.id, { revision: ctx.entry.revision });
  return {
    prepare: (input) => prepareImage(input),
    async infer(img, _options, ictx) {
      const t0 = performance.now();
      // Cancel: the next token's checkpoint rejects.
      const undo = ictx ? checkpointEachStep(model, ictx.checkpoint) : () => {};
      try {
        ictx?.progress({ stage: 'step', index: ictx.index, count: ictx.count, step: 'Reading the page', done: 0, total: 0 });
        const read = await readPage(
          { model, processor } as unknown as Florence,
          new RawImage(img.data, img.width, img.height, 4).rgb(),
          img.width,
          img.height,
          {
            onLines: (n) =>
              ictx?.progress({
                stage: 'step',
                index: ictx.index,
                count: ictx.count,
                step: `Reading the page (${n} line${n > 1 ? 's' : ''} so far)`,
                done: 0,
                total: 0,
              }),
          },
        );
        // Florence's corners are continuous coordinates; toOriginal takes pixel centres.
        const lines = read
          .filter((l) => l.text)
          .map((l) => ({ text: l.text, score: Math.round(l.score * 10000) / 10000, box: l.box.map(([x, y]) => [x - 0.5, y - 0.5]) as Quad }));
        const out: OcrOutput = { ...arrange(lines), rotation: 0, timing: { det: 0, cls: 0, rec: performance.now() - t0, other: 0 } };
        return toOriginal(out, img);
      } finally {
        undo();
      }
    },
    async dispose() {
      await model.dispose();
    },
  };
}

/** Which engine reads with this model: PaddleOCR, or by the model's type (Florence-2, else an image-to-text pipeline). */
async function loadModel(ctx: LoadContext): Promise<LoadedModel<'ocr'>> {
  if (ctx.entry.id === PADDLE_MODEL_ID) return loadPaddle(ctx);
  // Read once and handed on, so the model's loader does not fetch it again.
  const config = await ctx.transformers.AutoConfig.from_pretrained(ctx.entry.id, { revision: ctx.entry.revision });
  return (config as { model_type?: string }).model_type === 'florence2' ? loadFlorence(ctx, config) : loadImageToText(ctx, config);
}

export const handler: TaskHandler<'ocr'> = { load: loadModel };
