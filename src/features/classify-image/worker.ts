/** Image classification in the worker: transformers.js `image-classification` pipeline, top-5 labels. */
import type { TaskInput } from '../../protocol/messages';
import { AppError } from '../../protocol/errors';
import type { LoadContext, LoadedModel, TaskHandler } from '../../../workers/task-handler';
import { decodeImage } from '../common/image-decode';

export interface Label {
  label: string;
  score: number;
}

/** Classifiers resize to ~224-384 px; decoding larger only costs memory and time. */
const DECODE_MAX_SIDE = 1024;
export const TOP_K = 5;

export const handler: TaskHandler = {
  async load({ entry, backend, dtype, transformers }: LoadContext): Promise<LoadedModel> {
    const { pipeline, RawImage } = transformers;
    const classify = await pipeline('image-classification', entry.id, { device: backend, dtype, revision: entry.revision });
    return {
      async prepare(input: TaskInput) {
        if (input.kind !== 'file') throw new AppError('bad-input', 'Image classification needs an image file.');
        const img = await decodeImage(input.file, DECODE_MAX_SIDE);
        return new RawImage(img.data, img.width, img.height, 4).rgb();
      },
      async infer(image) {
        const out = (await classify(image as InstanceType<typeof RawImage>, { top_k: TOP_K })) as Label[];
        return out.map(({ label, score }) => ({ label, score })).sort((a, b) => b.score - a.score);
      },
      dispose: () => classify.dispose(),
    };
  },
};
