/**
 * The one protocol between the UI and the inference workers (a discriminated union on `type`).
 * Every request carries an id; the worker answers with any number of `progress` and `partial`
 * messages and exactly one `result` or `error` for that id.
 */
import type { AppErrorPayload } from './errors';
import type { TaskId, TaskOptions, TaskOutput } from './tasks';

export type { TaskId, TaskOptions, TaskOutput } from './tasks';
export type Backend = 'webgpu' | 'wasm';
export type BackendPreference = 'auto' | Backend;
export type Dtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** Settings the worker needs that only the page knows. */
export interface WorkerConfig {
  /** Absolute URL of the ONNX Runtime files on this origin, e.g. `http://host/ort/`. */
  ortBaseUrl: string;
  /** Absolute URL of the self-hosted model folder, e.g. `http://host/models/`. */
  localModelUrl: string;
  /** Hugging Face Hub base URL, or null when the user turned remote downloads off. */
  hubHost: string | null;
  /** WASM threads to use (1 when SharedArrayBuffer is missing). */
  numThreads: number;
}

/** An input to a task: files travel as File (structured clone shares the bytes, no copy). */
export type TaskInput =
  | { kind: 'file'; file: File }
  | { kind: 'text'; text: string; name?: string }
  /** A video frame (live camera): travels in the run request's transfer list, so the page no longer owns it. */
  | { kind: 'bitmap'; bitmap: ImageBitmap; name: string };

export interface RunRequest<T extends TaskId = TaskId> {
  type: 'run';
  id: number;
  task: T;
  modelId: string;
  backend: Backend;
  inputs: TaskInput[];
  options?: TaskOptions<T>;
  /** A dtype the model's catalog entry has files for, instead of the backend's default (benchmark, tuning). */
  dtype?: Dtype;
}

export type ToWorker<T extends TaskId = TaskId> =
  | { type: 'init'; config: WorkerConfig }
  | RunRequest<T>
  | { type: 'cancel'; id: number }
  /** Test and diagnostics hook: makes the worker throw an uncaught error, as a real crash would. */
  | { type: 'crash' }
  /** Test and diagnostics hook: the worker's next run waits forever without a word, as a hung runtime would. */
  | { type: 'stall' }
  /** Diagnostics: the worker answers with a `status` message. */
  | { type: 'status' };

export interface DownloadProgress {
  stage: 'download';
  modelId: string;
  file: string;
  /** Bytes of this file received so far, and its size when known. */
  loaded: number;
  total: number | null;
  /** Bytes of all the model's files received so far, and their total when known. */
  totalLoaded: number;
  totalBytes: number | null;
  fromCache: boolean;
}
export type Progress =
  | DownloadProgress
  | { stage: 'verify'; modelId: string; file: string }
  | { stage: 'load'; modelId: string; backend: Backend }
  | { stage: 'run'; index: number; count: number }
  /** Within item `index` of `count`: a named step, `done` of `total` units (e.g. OCR: reading lines 48 of 120). */
  | { stage: 'step'; index: number; count: number; step: string; done: number; total: number }
  /** Text generation: one streamed piece of generated text (`index`: the generation step it belongs to). */
  | { stage: 'token'; index: number; text: string }
  /** Long text: step `index` of `count` (map: one chunk summarised; reduce: partial summaries combined). */
  | { stage: 'chunk'; phase: 'map' | 'reduce'; index: number; count: number; round: number }
  /** Text tasks: token counts of the input and of the output (the output's once it is known). */
  | { stage: 'text-stats'; inputTokens: number; outputTokens?: number; chunks: number }
  /** Page side: the worker stopped making progress (`reason`), was restarted, and the run is tried again. */
  | { stage: 'retry'; reason: string };

export interface ItemResult<O = unknown> {
  /** File name, or the first 80 characters of a text. */
  input: string;
  /** Inference time measured in the worker (model pre/post-processing included, decode excluded). */
  ms?: number;
  output?: O;
  error?: AppErrorPayload;
}

export interface RunInfo {
  modelId: string;
  backend: Backend;
  dtype: Dtype;
  /** ms spent creating the session(s); 0 when the model was already warm. */
  loadMs: number;
  threads: number;
  /** Set when the requested backend failed and the run fell back to another. */
  fallback?: { from: Backend; reason: string };
  /** Set when the worker stopped making progress and the run was retried in a fresh worker. */
  retried?: { reason: string };
  /** Page side: set when the run used the choice tuned for this device (why, in words). */
  tuned?: string;
}

/** What a worker sends back; a task's worker sends its task's outputs (`T`). */
export type FromWorker<T extends TaskId = TaskId> =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'partial'; id: number; index: number; item: ItemResult<TaskOutput<T>> }
  | { type: 'result'; id: number; info: RunInfo; items: ItemResult<TaskOutput<T>>[] }
  | { type: 'error'; id: number; error: AppErrorPayload }
  /** Diagnostics: the model the worker keeps loaded, how many models are loaded and not disposed (at most one), and the runs it holds. */
  | { type: 'status'; loaded: string[]; live: number; queued: number };
