import { describe, expect, it } from 'vitest';
import { egressReason } from './egress';

describe('why a request left the device', () => {
  it('names the model and file of a Hub download', () => {
    expect(egressReason({ path: '/Xenova/mobilevit-small/resolve/main/onnx/model_quantized.onnx' })).toBe(
      'model download: Xenova/mobilevit-small (onnx/model_quantized.onnx)',
    );
    expect(egressReason({ path: '/api/models/Xenova/vit-base-patch16-224/revision/main' })).toBe('model information: Xenova/vit-base-patch16-224');
    expect(egressReason({ path: '/favicon.ico' })).toBe('other');
  });
});
