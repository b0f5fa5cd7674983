/**
 * The fp32 MobileNetV2 the app serves next to the int8 one, at
 * /models/onnx-model-zoo/mobilenetv2-12-int8/onnx/model.onnx (the catalog's `fp32` file of that model), derived
 * by ./dequantize.mjs from the int8 file of the first MODELS_DIR folder that has it. Written once per build into
 * node_modules/.cache/mobilenetv2-fp32/ (rewritten only when its bytes change); used by the Vite plugin, the unit
 * test and the benchmark, so all of them read the very same bytes. Without the int8 model, nothing.
 *
 *   node tooling/classifier-fp32/prepare.mjs     (prints the file)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelsDirs } from '../models-dirs.mjs';
import { dequantizeModel } from './dequantize.mjs';

export const CLASSIFIER_ID = 'onnx-model-zoo/mobilenetv2-12-int8';
export const INT8_FILE = 'onnx/model_quantized.onnx';
export const FP32_FILE = 'onnx/model.onnx';

/** The int8 source in the MODELS_DIR folders, or null. */
export function int8Source(dirs) {
  for (const d of dirs) {
    const f = path.join(d, CLASSIFIER_ID, INT8_FILE);
    if (fs.existsSync(f)) return f;
  }
  return null;
}

/** Derive (or refresh) the fp32 file; returns { dir, file } (dir: the model folder to overlay), or null without the source. */
export function prepareClassifierFp32(root, dirs = modelsDirs(undefined, root)) {
  const src = int8Source(dirs);
  if (!src) return null;
  const dir = path.join(root, 'node_modules', '.cache', 'mobilenetv2-fp32');
  const file = path.join(dir, FP32_FILE);
  const bytes = dequantizeModel(fs.readFileSync(src));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || !Buffer.from(bytes).equals(fs.readFileSync(file))) fs.writeFileSync(file, bytes);
  return { dir, file };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = prepareClassifierFp32(process.cwd());
  console.log(r ? r.file : 'no int8 MobileNetV2 in MODELS_DIR');
}
