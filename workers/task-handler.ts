/** What each task's worker code provides to the generic worker loop. */
import type { ModelEntry } from '../src/model-store/catalog-types';
import type { Backend, Dtype, Progress, TaskId, TaskInput, TaskOptions, TaskOutput } from '../src/protocol/messages';

export type Transformers = typeof import('@huggingface/transformers');

export interface LoadContext {
  entry: ModelEntry;
  backend: Backend;
  dtype: Dtype;
  transformers: Transformers;
  /**
   * Read one of the model's files through the model store (verified, cached: works offline). For
   * tasks that run ONNX sessions themselves rather than through transformers.js.
   */
  fetchModelFile?: (path: string) => Promise<Response>;
}

/** What a long-running inference may use: the request's cancel signal, progress reports (e.g. streamed tokens) and its place in the request. */
export interface InferContext {
  signal: AbortSignal;
  /**
   * Call between two model calls of one item: lets the worker's event loop run once, so that a cancel
   * message is handled, then rejects if the request was cancelled. Model calls on WASM compute
   * synchronously and awaiting their promises never yields, so without it a cancel waits for the item.
   */
  checkpoint: () => Promise<void>;
  progress: (p: Progress) => void;
  /** This input's position in the request (for progress within an item). */
  index: number;
  count: number;
}

/**
 * A model of task T, loaded. `P`: what `prepare` hands to `infer` (its own business: the worker loop only
 * passes it on, so a handler's `LoadedModel<T, DecodedImage>` serves as a `LoadedModel<T>`; the methods are
 * declared as methods for that reason).
 */
export interface LoadedModel<T extends TaskId, P = unknown> {
  /** Validate and decode one input (not timed; errors are reported for that item only). */
  prepare(input: TaskInput, options: TaskOptions<T>): Promise<P>;
  /** Run the model on one prepared input (timed: pre-processing, model and post-processing). */
  infer(prepared: P, options: TaskOptions<T>, ctx?: InferContext): Promise<TaskOutput<T>>;
  dispose(): Promise<void>;
}

/** What a task's `handler.ts` exports as `handler`. */
export interface TaskHandler<T extends TaskId> {
  load(ctx: LoadContext): Promise<LoadedModel<T>>;
}

export const inputName = (input: TaskInput): string =>
  input.kind === 'file' ? input.file.name : input.kind === 'bitmap' ? input.name : (input.name ?? input.text.slice(0, 80));
