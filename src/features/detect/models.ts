import type { ModelEntry } from '../../model-store/catalog-types';

/**
 * How a detector's raw output becomes boxes:
 *  - `yolox`: raw YOLOX head, decoded here (letterbox, grid decode per stride, class-aware NMS);
 *  - `pipeline`: transformers.js `object-detection` pipeline (DETR-style: softmax with a "no object" class);
 *  - `sigmoid-queries`: DETR-style queries with sigmoid class scores and no "no object" class (RT-DETR),
 *    decoded here because the 4.3.1 pipeline applies DETR's softmax to them.
 */
export type DetectorKind = 'yolox' | 'pipeline' | 'sigmoid-queries';

export interface DetectorInfo {
  kind: DetectorKind;
  /** Model input side for YOLOX models. */
  inputSize?: number;
}

/** Object-detection models the app knows. The first is the default (works offline from the self-hosted folder). */
export const OBJECT_DETECTION_MODELS: ModelEntry[] = [
  {
    id: 'megvii/yolox-nano-coco',
    task: 'object-detection',
    title: 'YOLOX-Nano (COCO)',
    description:
      'Small, fast detector for the 80 COCO classes (people, vehicles, animals, everyday objects). fp32 weights: runs on WebGPU or WASM. Misses small objects at its 416 px input.',
    source: 'self-hosted',
    revision: 'main',
    licence: 'Apache-2.0',
    homepage: 'https://github.com/Megvii-BaseDetection/YOLOX',
    files: [
      { path: 'config.json', size: 3149, sha256: '8664fd67bf17869c522d1fe7ffe0e410e80c1ea8bf8110dd4b0816463c600c27' },
      {
        path: 'onnx/model.onnx',
        size: 3678356,
        sha256: 'e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd',
        dtype: 'fp32',
      },
    ],
    // fp32 convolutions have WebGPU kernels: recommend WebGPU where a hardware adapter exists.
    backends: { wasm: { dtype: 'fp32', recommended: true }, webgpu: { dtype: 'fp32', recommended: true, needsF16: false } },
    approxMemoryMB: 80,
  },
  {
    id: 'Xenova/yolos-tiny',
    task: 'object-detection',
    title: 'YOLOS-tiny',
    description: 'Small vision-transformer detector, COCO classes (Hugging Face Hub). Slower than YOLOX-Nano, finds smaller objects.',
    source: 'hub',
    revision: 'main',
    licence: 'Apache-2.0',
    homepage: 'https://huggingface.co/Xenova/yolos-tiny',
    files: [
      { path: 'config.json', approxSize: 5_000 },
      { path: 'preprocessor_config.json', approxSize: 400 },
      { path: 'onnx/model_quantized.onnx', approxSize: 7_000_000, dtype: 'q8' },
      { path: 'onnx/model.onnx', approxSize: 26_000_000, dtype: 'fp32' },
    ],
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp32', recommended: true } },
    approxMemoryMB: 200,
  },
  {
    id: 'Xenova/detr-resnet-50',
    task: 'object-detection',
    title: 'DETR ResNet-50',
    description: 'Accurate transformer detector, COCO classes (Hugging Face Hub). Large and slow on CPU.',
    source: 'hub',
    revision: 'main',
    licence: 'Apache-2.0',
    homepage: 'https://huggingface.co/Xenova/detr-resnet-50',
    files: [
      { path: 'config.json', approxSize: 6_000 },
      { path: 'preprocessor_config.json', approxSize: 400 },
      { path: 'onnx/model_quantized.onnx', approxSize: 44_000_000, dtype: 'q8' },
      { path: 'onnx/model.onnx', approxSize: 167_000_000, dtype: 'fp32' },
    ],
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp32', recommended: true } },
    approxMemoryMB: 700,
  },
  {
    id: 'onnx-community/rtdetr_r18vd',
    task: 'object-detection',
    title: 'RT-DETR R18',
    description: 'Real-time transformer detector, COCO classes (Hugging Face Hub). Finds small objects that YOLOX-Nano misses.',
    source: 'hub',
    revision: 'main',
    licence: 'Apache-2.0',
    homepage: 'https://huggingface.co/onnx-community/rtdetr_r18vd',
    files: [
      { path: 'config.json', approxSize: 6_000 },
      { path: 'preprocessor_config.json', approxSize: 400 },
      { path: 'onnx/model_quantized.onnx', approxSize: 21_000_000, dtype: 'q8' },
      { path: 'onnx/model.onnx', approxSize: 80_000_000, dtype: 'fp32' },
    ],
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp32', recommended: true } },
    approxMemoryMB: 400,
  },
];

export const DETECTORS: Record<string, DetectorInfo> = {
  'megvii/yolox-nano-coco': { kind: 'yolox', inputSize: 416 },
  'Xenova/yolos-tiny': { kind: 'pipeline' },
  'Xenova/detr-resnet-50': { kind: 'pipeline' },
  'onnx-community/rtdetr_r18vd': { kind: 'sigmoid-queries' },
};

/** Detector kind from the catalog, or from the model's config for models added without an entry here. */
export function detectorFor(modelId: string, modelType?: string): DetectorInfo {
  return (
    DETECTORS[modelId] ??
    (modelType === 'yolox' ? { kind: 'yolox', inputSize: 416 } : modelType?.startsWith('rt_detr') ? { kind: 'sigmoid-queries' } : { kind: 'pipeline' })
  );
}
