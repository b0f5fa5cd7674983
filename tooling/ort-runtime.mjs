// The ONNX Runtime Web files the app serves from its own origin, with their sizes and SHA-256: the build
// puts them under a versioned folder (`ort/<tag>/`, the tag derived from their bytes) and hands this
// manifest to the app (__ORT_RUNTIME__), so the model store can store and verify them like model files.
// Shared by the Vite plugins, the benchmarks and the tests (Node side).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The files transformers.js's onnxruntime-web (`onnxruntime-web/webgpu`, the asyncify build) loads, for
 * WASM and WebGPU alike: its module factory and its WebAssembly binary. (The plain and JSEP builds are
 * never asked for while `wasmPaths` is a folder on this origin.)
 */
export const ORT_RUNTIME_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

/**
 * onnxruntime-web's dist folder: the copy that @huggingface/transformers itself imports (it pins its version).
 * ORT_DIST_DIR overrides it (the upgrade test builds a release whose runtime files have other bytes).
 */
export function ortDistDir(root) {
  if (process.env.ORT_DIST_DIR) return path.resolve(process.env.ORT_DIST_DIR);
  const require = createRequire(path.join(root, 'package.json'));
  const transformersEntry = require.resolve('@huggingface/transformers');
  const ortEntry = createRequire(transformersEntry).resolve('onnxruntime-web');
  let dir = path.dirname(ortEntry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'dist');
}

const memo = new Map();

/**
 * `{ version, tag, path, files: [{ name, size, sha256 }] }`: `path` is the folder the app serves them at
 * (`ort/<tag>/`, relative to the app's base URL); `tag` changes whenever any byte of them changes, so a
 * release with another runtime never pairs new code with old files cached under the same URL.
 */
export function ortRuntime(root = process.cwd()) {
  const dist = ortDistDir(root);
  if (memo.has(dist)) return memo.get(dist);
  const version = JSON.parse(fs.readFileSync(path.join(dist, '..', 'package.json'), 'utf8')).version;
  const files = ORT_RUNTIME_FILES.map((name) => {
    const bytes = fs.readFileSync(path.join(dist, name));
    return { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  const tag = createHash('sha256')
    .update(files.map((f) => `${f.name}:${f.sha256}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const runtime = { version, tag, path: `ort/${tag}/`, files, dir: dist };
  memo.set(dist, runtime);
  return runtime;
}

/** The manifest as the app sees it (no local folder). */
export function ortRuntimeManifest(root) {
  const { dir: _dir, ...manifest } = ortRuntime(root);
  return manifest;
}
