/**
 * Text classification in the worker: sentiment with the `text-classification` pipeline (all labels,
 * sorted), zero-shot with `zero-shot-classification` on an NLI model (the user's labels, hypothesis
 * template, single- or multi-label). Output for both: [{ label, score }] sorted by score.
 */
import { AppError } from '../../protocol/errors';
import type { TaskInput } from '../../protocol/messages';
import type { LoadContext, LoadedModel, TaskHandler } from '../../../workers/task-handler';
import type { TextModelEntry } from '../common/text/text-model';
import type { Label } from './batch';
import { DEFAULT_TEMPLATE, zeroShotProblem } from './labels';
import { sentimentLabels, zeroShotLabels } from './output';

type Classifier = ((text: string, ...args: unknown[]) => Promise<unknown>) & { dispose(): Promise<void> };

export interface ZeroShotOptions {
  labels?: string[];
  template?: string;
  multiLabel?: boolean;
}

export const handler: TaskHandler = {
  async load({ entry, backend, dtype, transformers }: LoadContext): Promise<LoadedModel> {
    const e = entry as TextModelEntry;
    if (e.kind !== 'sentiment' && e.kind !== 'nli') throw new AppError('model', `${entry.title} is not a text-classification model.`);
    const zeroShot = e.kind === 'nli';
    const pipe = (await transformers.pipeline(zeroShot ? 'zero-shot-classification' : 'text-classification', entry.id, {
      device: backend,
      dtype,
      revision: entry.revision,
    })) as unknown as Classifier;
    return {
      async prepare(input: TaskInput, options) {
        if (input.kind !== 'text') throw new AppError('bad-input', 'Text classification needs text.');
        if (!input.text.trim()) throw new AppError('bad-input', 'The text is empty.');
        if (zeroShot) {
          const o = options as ZeroShotOptions;
          const problem = zeroShotProblem(o.labels ?? [], o.template ?? DEFAULT_TEMPLATE);
          if (problem) throw new AppError('bad-input', problem);
        }
        return input.text;
      },
      async infer(text, options): Promise<Label[]> {
        if (zeroShot) {
          const o = options as ZeroShotOptions;
          const out = (await pipe(text as string, o.labels, { hypothesis_template: o.template ?? DEFAULT_TEMPLATE, multi_label: !!o.multiLabel })) as {
            labels: string[];
            scores: number[];
          };
          return zeroShotLabels(out);
        }
        const out = (await pipe(text as string, { top_k: null })) as Label[];
        return sentimentLabels(out);
      },
      dispose: () => pipe.dispose(),
    };
  },
};
