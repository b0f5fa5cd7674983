/**
 * Text classification in the worker: sentiment with the `text-classification` pipeline (all labels,
 * sorted), zero-shot with `zero-shot-classification` on an NLI model (the user's labels, hypothesis
 * template, single- or multi-label). Output for both: [{ label, score }] sorted by score.
 */
import { AppError } from '../../protocol/errors';
import type { TaskInput } from '../../protocol/messages';
import type { LoadContext, LoadedModel, TaskHandler } from '../../../workers/task-handler';
import { isTextModel } from '../common/text/text-model-entry';
import { DEFAULT_TEMPLATE, zeroShotProblem } from './labels';
import { sentimentLabels, zeroShotLabels } from './output';

export const handler: TaskHandler<'text-classification'> = {
  async load({ entry, backend, dtype, transformers }: LoadContext): Promise<LoadedModel<'text-classification', string>> {
    const kind = isTextModel(entry) ? entry.kind : undefined;
    if (kind !== 'sentiment' && kind !== 'nli') throw new AppError('model', `${entry.title} is not a text-classification model.`);
    const options = { device: backend, dtype, revision: entry.revision };
    if (kind === 'nli') {
      const pipe = await transformers.pipeline('zero-shot-classification', entry.id, options);
      return {
        async prepare(input: TaskInput, o) {
          if (input.kind !== 'text') throw new AppError('bad-input', 'Text classification needs text.');
          if (!input.text.trim()) throw new AppError('bad-input', 'The text is empty.');
          const problem = zeroShotProblem(o.labels ?? [], o.template ?? DEFAULT_TEMPLATE);
          if (problem) throw new AppError('bad-input', problem);
          return input.text;
        },
        async infer(text, o) {
          const out = await pipe(text, o.labels ?? [], { hypothesis_template: o.template ?? DEFAULT_TEMPLATE, multi_label: !!o.multiLabel });
          return zeroShotLabels(out);
        },
        dispose: () => pipe.dispose(),
      };
    }
    const pipe = await transformers.pipeline('text-classification', entry.id, options);
    return {
      async prepare(input: TaskInput) {
        if (input.kind !== 'text') throw new AppError('bad-input', 'Text classification needs text.');
        if (!input.text.trim()) throw new AppError('bad-input', 'The text is empty.');
        return input.text;
      },
      async infer(text) {
        const out = await pipe(text, { top_k: null });
        return sentimentLabels(out.flat());
      },
      dispose: () => pipe.dispose(),
    };
  },
};
