import { defineConfig } from 'vitest/config';
import { ortRuntimeManifest } from './tooling/ort-runtime.mjs';

export default defineConfig({
  define: {
    __TEST_HOOKS__: 'true',
    __HUB_HOST__: JSON.stringify('https://huggingface.co/'),
    __SERVED_MODELS__: JSON.stringify(['onnx-model-zoo/mobilenetv2-12-int8', 'megvii/yolox-nano-coco']),
    __HUB_ORIGINS__: JSON.stringify(['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co']),
    __ORT_RUNTIME__: JSON.stringify(ortRuntimeManifest(process.cwd())),
  },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'tooling/**/*.test.ts'],
    environment: 'node',
  },
});
