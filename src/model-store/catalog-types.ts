import type { Dtype, TaskId } from '../protocol/messages';

export interface FileSpec {
  /** Path inside the model folder, e.g. `onnx/model_quantized.onnx`. */
  path: string;
  /** Exact size in bytes when known (checked after download). */
  size?: number;
  /** Approximate size for display when the exact one is not known (Hub models). */
  approxSize?: number;
  /** SHA-256 (hex) when known: the file is verified before it is stored. */
  sha256?: string;
  /** Only needed for this dtype (weights); files without dtype are always needed. */
  dtype?: Dtype;
}

export interface BackendSupport {
  dtype: Dtype;
  /** Whether `auto` should pick this backend when it is available (int8 models gain nothing on WebGPU). */
  recommended: boolean;
  /** Needs the `shader-f16` WebGPU feature. */
  needsF16?: boolean;
}

export interface ModelEntry {
  /** `<org>/<name>`, the same on the Hub and in a self-hosted folder. */
  id: string;
  task: TaskId;
  title: string;
  description: string;
  /** Where it is expected to come from by default (the store still tries the self-hosted folder first). */
  source: 'self-hosted' | 'hub';
  revision: string;
  licence: string;
  homepage?: string;
  files: FileSpec[];
  backends: { wasm: BackendSupport; webgpu?: BackendSupport };
  /** Peak memory needed while running, for warnings before download. */
  approxMemoryMB?: number;
  /**
   * A tiny random-weight model generated for tests (tooling/gen-text-models): listed apart as a test
   * model and only where the site serves it, never chosen automatically; its output is meaningless.
   */
  testOnly?: boolean;
}

export function filesFor(entry: ModelEntry, dtype: Dtype): FileSpec[] {
  return entry.files.filter((f) => !f.dtype || f.dtype === dtype);
}

export function bytesFor(entry: ModelEntry, dtype: Dtype): { bytes: number; exact: boolean } {
  let bytes = 0;
  let exact = true;
  for (const f of filesFor(entry, dtype)) {
    if (f.size !== undefined) bytes += f.size;
    else {
      exact = false;
      bytes += f.approxSize ?? 0;
    }
  }
  return { bytes, exact };
}
