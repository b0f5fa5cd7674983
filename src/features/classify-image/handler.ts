/** Image classification in the worker: transformers.js `image-classification` pipeline, top-5 labels. */
import type { TaskInput } from '../../protocol/messages';
import { AppError } from '../../protocol/errors';
import type { LoadContext, LoadedModel, TaskHandler } from '../../../workers/task-handler';
import { decodeImage } from '../common/image-decode';
import type { Label } from './task';

/** Classifiers resize to ~224-384 px; decoding larger only costs memory and time. */
const DECODE_MAX_SIDE = 1024;
export const TOP_K = 5;

export const handler: TaskHandler<'image-classification'> = {
  async load({ entry, backend, dtype, transformers }: LoadContext): Promise<LoadedModel<'image-classification', InstanceType<typeof transformers.RawImage>>> {
    const { pipeline, RawImage } = transformers;
    const classify = await pipeline('image-classification', entry.id, { device: backend, dtype, revision: entry.revision });
    return {
      async prepare(input: TaskInput) {
        if (input.kind !== 'file') throw new AppError('bad-input', 'Image classification needs an image file.');
        const img = await decodeImage(input.file, DECODE_MAX_SIDE);
        return new RawImage(img.data, img.width, img.height, 4).rgb();
      },
      async infer(image) {
        const out = await classify(image, { top_k: TOP_K });
        return (Array.isArray(out) ? out.flat() : [out]).map(({ label, score }): Label => ({ label, score })).sort((a, b) => b.score - a.score);
      },
      dispose: () => classify.dispose(),
    };
  },
};
