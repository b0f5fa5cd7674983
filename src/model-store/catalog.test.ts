import { describe, expect, it } from 'vitest';
import { CATALOG, defaultModelId, modelsForTask, reachable } from './catalog';

describe('models a build can offer', () => {
  it('a build without a model folder offers Hub models and the bundled OCR, and defaults to one of them', () => {
    const none = new Set(['paddlepaddle/ppocr-v4-gutenye']);
    expect(modelsForTask('image-classification', none).every((m) => m.source === 'hub')).toBe(true);
    expect(defaultModelId('image-classification', none)).toBe('Xenova/mobilevit-small');
    expect(defaultModelId('object-detection', none)).toBe('Xenova/yolos-tiny');
    expect(defaultModelId('ocr', none)).toBe('paddlepaddle/ppocr-v4-gutenye');
    expect(modelsForTask('text-classification', none).some((m) => m.testOnly)).toBe(false);
  });
  it('with the self-hosted folder, its models are offered and are the defaults, as before', () => {
    const served = new Set(['paddlepaddle/ppocr-v4-gutenye', 'onnx-model-zoo/mobilenetv2-12-int8', 'megvii/yolox-nano-coco']);
    expect(defaultModelId('image-classification', served)).toBe('onnx-model-zoo/mobilenetv2-12-int8');
    expect(defaultModelId('object-detection', served)).toBe('megvii/yolox-nano-coco');
    expect(CATALOG.filter((m) => m.source === 'hub').every((m) => reachable(m, new Set()))).toBe(true);
  });
});
