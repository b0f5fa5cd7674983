/**
 * Summarisation in the worker: DistilBART-style encoder-decoders through the `summarization`
 * pipeline, instruction-tuned LLMs through `text-generation` with a chat prompt. Long text is
 * chunked and map-reduced here (off the page's thread); tokens stream to the page as progress.
 */
import { AppError } from '../../protocol/errors';
import type { TaskInput } from '../../protocol/messages';
import type { InferContext, LoadContext, LoadedModel, TaskHandler } from '../../../workers/task-handler';
import { isTextModel } from '../common/text/text-model-entry';
import { checkpointEachStep } from '../../../workers/step-checkpoint';
import { summarizeText, type GenPipeline } from './engine';
import { parseSettings } from './prompt';

export const handler: TaskHandler<'summarization'> = {
  async load({ entry, backend, dtype, transformers }: LoadContext): Promise<LoadedModel<'summarization', string>> {
    const kind = isTextModel(entry) ? entry.kind : undefined;
    if (!isTextModel(entry) || (kind !== 'chat' && kind !== 'seq2seq')) throw new AppError('model', `${entry.title} is not a summarisation model.`);
    // The two pipelines' declared types differ; summarizeText uses what both have (GenPipeline).
    const pipe = (await transformers.pipeline(kind === 'chat' ? 'text-generation' : 'summarization', entry.id, {
      device: backend,
      dtype,
      revision: entry.revision,
    })) as unknown as GenPipeline & { model: Parameters<typeof checkpointEachStep>[0]; dispose(): Promise<void> };
    return {
      async prepare(input: TaskInput) {
        if (input.kind !== 'text') throw new AppError('bad-input', 'Summarisation needs text.');
        if (!input.text.trim()) throw new AppError('bad-input', 'The text is empty.');
        return input.text;
      },
      async infer(text, options, ctx?: InferContext) {
        const signal = ctx?.signal ?? new AbortController().signal;
        let inputTokens = 0;
        // A Stop is seen at the next token (and between chunks), not after the whole map-reduce.
        const undo = ctx ? checkpointEachStep(pipe.model, ctx.checkpoint) : () => {};
        const r = await summarizeText({
          transformers,
          pipe,
          kind,
          contextTokens: entry.contextTokens,
          text,
          settings: parseSettings(options),
          signal,
          onInputTokens: (n) => {
            inputTokens = n;
            ctx?.progress({ stage: 'text-stats', inputTokens: n, chunks: 0 });
          },
          onStep: (s) => {
            if (s.phase !== 'single') ctx?.progress({ stage: 'chunk', phase: s.phase, index: s.index, count: s.count, round: s.round });
          },
          onText: (t, call) => ctx?.progress({ stage: 'token', index: call, text: t }),
        }).finally(undo);
        ctx?.progress({ stage: 'text-stats', inputTokens, outputTokens: r.outputTokens, chunks: r.chunks });
        return options.diagnostics ? { summary_text: r.summary_text, token_ids: r.tokenIds, timings: r.timings } : { summary_text: r.summary_text };
      },
      dispose: () => pipe.dispose(),
    };
  },
};
