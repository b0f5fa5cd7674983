/**
 * The names of the model store's caches (Cache API). Constants only, with no imports, so that the service
 * worker, the tests and the benchmarks import them instead of copying the strings. Renaming one orphans what
 * users have stored under the old name.
 */
export const MODEL_CACHE = 'model-files-v1';
/** Followed by the runtime's tag: one cache per ONNX Runtime build (runtime.ts). */
export const RUNTIME_CACHE_PREFIX = 'ort-runtime-';
