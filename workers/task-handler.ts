/** What each task's worker code provides to the generic worker loop. */
import type { ModelEntry } from '../src/model-store/catalog-types';
import type { Backend, Dtype, TaskInput } from '../src/protocol/messages';

export type Transformers = typeof import('@huggingface/transformers');

export interface LoadContext {
  entry: ModelEntry;
  backend: Backend;
  dtype: Dtype;
  transformers: Transformers;
}

export interface LoadedModel<P = unknown, O = unknown> {
  /** Validate and decode one input (not timed; errors are reported for that item only). */
  prepare(input: TaskInput, options: Record<string, unknown>): Promise<P>;
  /** Run the model on one prepared input (timed: pre-processing, model and post-processing). */
  infer(prepared: P, options: Record<string, unknown>): Promise<O>;
  dispose(): Promise<void>;
}

export interface TaskHandler {
  load(ctx: LoadContext): Promise<LoadedModel>;
}

export const inputName = (input: TaskInput): string =>
  input.kind === 'file' ? input.file.name : (input.name ?? input.text.slice(0, 80));
