import type { ModelEntry } from '../../model-store/catalog-types';

/** Image-classification models the app knows. The first is the default. */
export const IMAGE_CLASSIFICATION_MODELS: ModelEntry[] = [
  {
    id: 'onnx-model-zoo/mobilenetv2-12-int8',
    task: 'image-classification',
    title: 'MobileNetV2 (int8)',
    description: 'Fast ImageNet-1k classifier (1000 everyday objects and animals). Runs well on any CPU.',
    source: 'self-hosted',
    revision: 'main',
    licence: 'Apache-2.0',
    homepage: 'https://github.com/onnx/models',
    files: [
      { path: 'config.json', size: 65482, sha256: 'ccddebfc476015332cf3e7e62f9aa9575ef869b1543e2465c69e23c8cd71d544' },
      { path: 'preprocessor_config.json', size: 384, sha256: '88730c28a48ffc4102fdde8fcca9a952da285332cd8d748fa9769a17a988cec2' },
      {
        path: 'onnx/model_quantized.onnx',
        size: 3655047,
        sha256: '3e907a8ae00b9e2118347e694db57ccfafee85217e74146ef52445a86fdf984c',
        dtype: 'q8',
      },
      // fp32, derived at build time from the int8 file (tooling/classifier-fp32: the QLinear* operators dequantized,
      // deterministic): for WebGPU, which has no int8 kernels, and for WASM where tuning measures it faster.
      { path: 'onnx/model.onnx', size: 13977865, sha256: '1ea000323fed2b4d290e13de6c077d73694879ac64aaa11fa92db94dd66c4ce1', dtype: 'fp32' },
    ],
    // WASM: int8 by default (tuning may pick fp32). WebGPU: the fp32 file; auto still picks WASM for this small model.
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp32', recommended: false } },
    approxMemoryMB: 60,
  },
  {
    id: 'Xenova/mobilevit-small',
    task: 'image-classification',
    title: 'MobileViT-small',
    description: 'Mobile vision transformer, ImageNet-1k (downloaded from the Hugging Face Hub).',
    source: 'hub',
    revision: 'main',
    licence: 'Apple sample code licence',
    homepage: 'https://huggingface.co/Xenova/mobilevit-small',
    files: [
      { path: 'config.json', approxSize: 70_000 },
      { path: 'preprocessor_config.json', approxSize: 500 },
      { path: 'onnx/model_quantized.onnx', approxSize: 6_000_000, dtype: 'q8' },
      { path: 'onnx/model.onnx', approxSize: 22_500_000, dtype: 'fp32' },
    ],
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp32', recommended: true } },
    approxMemoryMB: 150,
  },
  {
    id: 'Xenova/vit-base-patch16-224',
    task: 'image-classification',
    title: 'ViT-base/16',
    description: 'Vision transformer, ImageNet-1k, more accurate and much larger (Hugging Face Hub).',
    source: 'hub',
    revision: 'main',
    licence: 'Apache-2.0',
    homepage: 'https://huggingface.co/Xenova/vit-base-patch16-224',
    files: [
      { path: 'config.json', approxSize: 70_000 },
      { path: 'preprocessor_config.json', approxSize: 300 },
      { path: 'onnx/model_quantized.onnx', approxSize: 88_000_000, dtype: 'q8' },
      { path: 'onnx/model_fp16.onnx', approxSize: 173_000_000, dtype: 'fp16' },
    ],
    backends: { wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp16', recommended: true, needsF16: true } },
    approxMemoryMB: 600,
  },
];
