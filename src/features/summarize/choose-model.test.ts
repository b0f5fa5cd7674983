import { describe, expect, it } from 'vitest';
import type { Capabilities } from '../../runtime/backend';
import { autoSummarizer } from './choose-model';
import { SUMMARIZATION_MODELS } from './models';

const caps = (webgpu: Capabilities['webgpu'], deviceMemoryGB?: number): Capabilities => ({
  webgpu,
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  hardwareConcurrency: 8,
  deviceMemoryGB,
});

describe('autoSummarizer', () => {
  it('takes the LLM only on a hardware GPU with shader-f16 and enough memory, never a test model', () => {
    const gpu = { available: true, fallbackAdapter: false, shaderF16: true } as Capabilities['webgpu'];
    expect(autoSummarizer(SUMMARIZATION_MODELS, caps(gpu, 8)).id).toBe('onnx-community/Qwen2.5-0.5B-Instruct');
    expect(autoSummarizer(SUMMARIZATION_MODELS, caps(gpu, 2)).id).toBe('Xenova/distilbart-cnn-6-6');
    expect(autoSummarizer(SUMMARIZATION_MODELS, caps({ ...gpu, shaderF16: false })).why).toMatch(/16-bit/);
    expect(autoSummarizer(SUMMARIZATION_MODELS, caps({ ...gpu, fallbackAdapter: true })).why).toMatch(/software/);
    expect(autoSummarizer(SUMMARIZATION_MODELS, caps({ available: false, reason: 'none' })).id).toBe('Xenova/distilbart-cnn-6-6');
  });
});
