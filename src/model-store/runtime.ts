/**
 * The ONNX Runtime Web files every task needs (its module factory and WebAssembly binary), as this build
 * serves them: under `ort/<tag>/`, with sizes and SHA-256 taken from the files at build time
 * (tooling/ort-runtime.mjs). The model store stores and verifies them in their own cache, named by the
 * same tag, whichever context fetched them first; the service worker only reads that cache and deletes
 * the caches of other runtime versions when it activates.
 */
import { RUNTIME_CACHE_PREFIX } from './cache-names';

export interface RuntimeFile {
  name: string;
  size: number;
  sha256: string;
}
export interface OrtRuntime {
  /** onnxruntime-web's package version (for people). */
  version: string;
  /** Changes whenever any byte of the files changes. */
  tag: string;
  /** Folder relative to the app's base URL, e.g. `ort/e969b9d943f1/`. */
  path: string;
  files: RuntimeFile[];
}

declare const __ORT_RUNTIME__: OrtRuntime;

export const ORT_RUNTIME: OrtRuntime = __ORT_RUNTIME__;

/** The runtime cache of this build; caches of other builds' runtimes are stale. */
export const runtimeCacheName = (rt: OrtRuntime = ORT_RUNTIME) => `${RUNTIME_CACHE_PREFIX}${rt.tag}`;
export const runtimeBytes = (rt: OrtRuntime = ORT_RUNTIME) => rt.files.reduce((a, f) => a + f.size, 0);
/** How the runtime is named in progress and in Storage. */
export const RUNTIME_LABEL = 'ONNX Runtime';

const CONTENT_TYPES: Record<string, string> = { mjs: 'text/javascript', wasm: 'application/wasm' };
export const runtimeContentType = (name: string) => CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
