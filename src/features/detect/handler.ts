/**
 * Object detection in the worker. YOLOX (raw head) runs through transformers.js's AutoModel with our own
 * letterbox / decode / NMS (./yolox.ts, shared with the Node equivalence test); DETR-family Hub models
 * run through the `object-detection` pipeline, RT-DETR through its processor with sigmoid scores.
 * Every path returns boxes in the ORIGINAL image's pixels (as displayed, EXIF orientation applied),
 * after class-aware NMS, sorted by score, for all scores ≥ `minScore` (the UI filters further).
 */
import type { TaskInput } from '../../protocol/messages';
import { AppError } from '../../protocol/errors';
import type { LoadContext, LoadedModel, TaskHandler } from '../../../workers/task-handler';
import { bitmapPixels, decodeImage } from '../common/image-decode';
import { fitWithin } from '../common/image-input';
import { detectorFor } from './models';
import { DECODE_MAX_SIDE, IOU_THRESHOLD, MIN_SCORE, PAD_VALUE } from './params';
import { nms, type Candidate } from './nms';
import { decodeSigmoidQueries } from './queries';
import { labelsFromConfig, letterbox, postprocessYolox, YOLOX_NANO, type Detection } from './yolox';
import type { DetectOutput } from './task';

interface Prepared {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** decoded size / original size */
  scale: number;
  origWidth: number;
  origHeight: number;
  decodeMs: number;
}

const now = () => performance.now();
const ms = (t: number) => Math.round(t * 100) / 100;

async function prepareInput(input: TaskInput, maxSide: number): Promise<Prepared> {
  const t0 = now();
  if (input.kind === 'file') {
    const img = await decodeImage(input.file, maxSide);
    return {
      rgba: img.data,
      width: img.width,
      height: img.height,
      scale: img.scale,
      origWidth: img.header.width,
      origHeight: img.header.height,
      decodeMs: now() - t0,
    };
  }
  if (input.kind === 'bitmap') {
    const { bitmap } = input;
    try {
      if (!bitmap.width || !bitmap.height) throw new AppError('bad-input', `“${input.name}” is an empty frame.`);
      const fit = fitWithin(bitmap.width, bitmap.height, maxSide);
      // Camera frames are opaque: drawn as they are.
      const data = bitmapPixels(bitmap, fit.width, fit.height, false);
      return {
        rgba: data,
        width: fit.width,
        height: fit.height,
        scale: fit.width / bitmap.width,
        origWidth: bitmap.width,
        origHeight: bitmap.height,
        decodeMs: now() - t0,
      };
    } finally {
      bitmap.close();
    }
  }
  throw new AppError('bad-input', 'Object detection needs an image or a camera frame.');
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export const handler: TaskHandler<'object-detection'> = {
  async load({ entry, backend, dtype, transformers }: LoadContext): Promise<LoadedModel<'object-detection', Prepared>> {
    const { AutoModel, AutoProcessor, AutoModelForObjectDetection, RawImage, Tensor, pipeline } = transformers;
    const info = detectorFor(entry.id);

    if (info.kind === 'yolox') {
      const size = info.inputSize ?? YOLOX_NANO.size;
      const opts = { ...YOLOX_NANO, size, padValue: PAD_VALUE };
      // model_type "yolox" is unknown to transformers.js: it loads the base class (a harmless warning).
      const model = await AutoModel.from_pretrained(entry.id, { device: backend, dtype, revision: entry.revision });
      const labels = labelsFromConfig(model.config as unknown as { id2label?: Record<string, string>; num_labels?: number });
      return {
        // Camera frames are drawn straight at the model's size; files keep detail for the bilinear letterbox.
        prepare: (input) => prepareInput(input, input.kind === 'bitmap' ? size : DECODE_MAX_SIDE),
        async infer(x, options): Promise<DetectOutput> {
          let t = now();
          const lb = letterbox(x.rgba, x.width, x.height, opts);
          const tensor = new Tensor('float32', lb.data, [1, 3, size, size]);
          const preprocess = now() - t;
          t = now();
          const out = (await model({ images: tensor })) as Record<string, InstanceType<typeof Tensor>>;
          const raw = out.output ?? Object.values(out)[0];
          const data = raw.data as Float32Array;
          const modelMs = now() - t;
          t = now();
          const detections = postprocessYolox(data, {
            labels,
            geometry: lb.geometry,
            decodeScale: x.scale,
            origWidth: x.origWidth,
            origHeight: x.origHeight,
            minScore: num(options.minScore, MIN_SCORE),
            iouThreshold: num(options.iouThreshold, IOU_THRESHOLD),
            strides: opts.strides,
          });
          raw.dispose?.();
          return {
            width: x.origWidth,
            height: x.origHeight,
            detections,
            timing: { decode: ms(x.decodeMs), preprocess: ms(preprocess), model: ms(modelMs), postprocess: ms(now() - t) },
          };
        },
        dispose: async () => {
          await model.dispose();
        },
      };
    }

    const toImage = (x: Prepared) => new RawImage(x.rgba, x.width, x.height, 4).rgb();
    /** Boxes in decoded pixels → original pixels, clipped; NMS; labels. */
    const finish = (cands: Candidate[], x: Prepared, labels: string[], iouThreshold: number): Detection[] => {
      const clip = (v: number, max: number) => Math.round(Math.min(Math.max(v / x.scale, 0), max) * 100) / 100;
      return nms(cands, iouThreshold)
        .map((c) => ({
          label: labels[c.classId] ?? `class ${c.classId}`,
          score: Math.round(c.score * 1e6) / 1e6,
          box: {
            xmin: clip(c.box.xmin, x.origWidth),
            ymin: clip(c.box.ymin, x.origHeight),
            xmax: clip(c.box.xmax, x.origWidth),
            ymax: clip(c.box.ymax, x.origHeight),
          },
        }))
        .filter((d) => d.box.xmax > d.box.xmin && d.box.ymax > d.box.ymin);
    };

    if (info.kind === 'sigmoid-queries') {
      const processor = await AutoProcessor.from_pretrained(entry.id, { revision: entry.revision });
      const model = await AutoModelForObjectDetection.from_pretrained(entry.id, { device: backend, dtype, revision: entry.revision });
      const labels = labelsFromConfig(model.config as unknown as { id2label?: Record<string, string>; num_labels?: number });
      return {
        prepare: (input) => prepareInput(input, DECODE_MAX_SIDE),
        async infer(x, options): Promise<DetectOutput> {
          let t = now();
          const { pixel_values } = (await processor(toImage(x))) as { pixel_values: InstanceType<typeof Tensor> };
          const preprocess = now() - t;
          t = now();
          const out = (await model({ pixel_values })) as { logits: InstanceType<typeof Tensor>; pred_boxes: InstanceType<typeof Tensor> };
          const modelMs = now() - t;
          t = now();
          const [, queries, classes] = out.logits.dims;
          const cands = decodeSigmoidQueries(
            out.logits.data as Float32Array,
            out.pred_boxes.data as Float32Array,
            queries,
            classes,
            x.width,
            x.height,
            num(options.minScore, MIN_SCORE),
          );
          const detections = finish(cands, x, labels, num(options.iouThreshold, IOU_THRESHOLD));
          return {
            width: x.origWidth,
            height: x.origHeight,
            detections,
            timing: { decode: ms(x.decodeMs), preprocess: ms(preprocess), model: ms(modelMs), postprocess: ms(now() - t) },
          };
        },
        dispose: async () => {
          await model.dispose();
        },
      };
    }

    // DETR / YOLOS: the stock pipeline (softmax over classes + "no object"), boxes in the given image's pixels.
    const detect = await pipeline('object-detection', entry.id, { device: backend, dtype, revision: entry.revision });
    const id2label = (detect.model.config as unknown as { id2label?: Record<string, string> }).id2label ?? {};
    const labels = labelsFromConfig({ id2label, num_labels: Math.max(0, ...Object.keys(id2label).map(Number)) + 1 });
    const classOf = new Map(labels.map((l, i) => [l, i]));
    return {
      prepare: (input) => prepareInput(input, DECODE_MAX_SIDE),
      async infer(x, options): Promise<DetectOutput> {
        const t = now();
        const out = (await detect(toImage(x), { threshold: num(options.minScore, MIN_SCORE), percentage: false })).flat();
        const modelMs = now() - t;
        const t1 = now();
        const cands: Candidate[] = out.map((d) => ({ classId: classOf.get(d.label) ?? -1, score: d.score, box: d.box }));
        const detections = finish(cands, x, labels, num(options.iouThreshold, IOU_THRESHOLD));
        // The pipeline does its own pre- and post-processing inside `model`.
        return {
          width: x.origWidth,
          height: x.origHeight,
          detections,
          timing: { decode: ms(x.decodeMs), preprocess: 0, model: ms(modelMs), postprocess: ms(now() - t1) },
        };
      },
      dispose: () => detect.dispose(),
    };
  },
};
