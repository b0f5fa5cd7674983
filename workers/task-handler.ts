/** What each task's worker code provides to the generic worker loop. */
import type { ModelEntry } from '../src/model-store/catalog-types';
import type { Backend, Dtype, Progress, TaskInput } from '../src/protocol/messages';

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

export interface LoadedModel<P = unknown, O = unknown> {
  /** Validate and decode one input (not timed; errors are reported for that item only). */
  prepare(input: TaskInput, options: Record<string, unknown>): Promise<P>;
  /** Run the model on one prepared input (timed: pre-processing, model and post-processing). */
  infer(prepared: P, options: Record<string, unknown>, ctx?: InferContext): Promise<O>;
  dispose(): Promise<void>;
}

export interface TaskHandler {
  load(ctx: LoadContext): Promise<LoadedModel>;
}

export const inputName = (input: TaskInput): string =>
  input.kind === 'file' ? input.file.name : input.kind === 'bitmap' ? input.name : (input.name ?? input.text.slice(0, 80));
