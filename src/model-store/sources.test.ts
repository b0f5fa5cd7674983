import { describe, expect, it } from 'vitest';
import { cacheKey, hubUrl, isModelId, parseModelUrl, sourcesFor } from './sources';

const cfg = { localModelUrl: 'http://app.test/models/', hubHost: 'https://hub.test/' };

describe('sources', () => {
  it('stores every file under its self-hosted URL', () => {
    expect(cacheKey(cfg, 'org/m', 'onnx/model.onnx')).toBe('http://app.test/models/org/m/onnx/model.onnx');
    expect(cacheKey({ ...cfg, localModelUrl: 'http://app.test/sub/models' }, 'org/m', 'a.json')).toBe('http://app.test/sub/models/org/m/a.json');
  });
  it('tries the own origin first, then the hub, and only the own origin when the hub is off', () => {
    expect(sourcesFor(cfg, 'org/m', 'config.json', 'v1.0')).toEqual([
      { kind: 'self-hosted', url: 'http://app.test/models/org/m/config.json' },
      { kind: 'hub', url: 'https://hub.test/org/m/resolve/v1.0/config.json' },
    ]);
    expect(sourcesFor({ ...cfg, hubHost: null }, 'org/m', 'config.json')).toHaveLength(1);
    expect(hubUrl('https://hub.test', 'a/b', 'x.json')).toBe('https://hub.test/a/b/resolve/main/x.json');
  });
  it('recognises model-file URLs from both places', () => {
    expect(parseModelUrl(cfg, 'http://app.test/models/org/m/onnx/model_quantized.onnx')).toEqual({
      modelId: 'org/m',
      path: 'onnx/model_quantized.onnx',
      revision: 'main',
    });
    expect(parseModelUrl(cfg, 'https://hub.test/org/m/resolve/main/config.json?download=1')).toEqual({
      modelId: 'org/m',
      path: 'config.json',
      revision: 'main',
    });
  });
  it('ignores other URLs', () => {
    expect(parseModelUrl(cfg, 'http://app.test/ort/ort-wasm-simd-threaded.wasm')).toBeNull();
    expect(parseModelUrl(cfg, 'http://app.test/models/onlyone')).toBeNull();
    expect(parseModelUrl({ ...cfg, hubHost: null }, 'https://hub.test/org/m/resolve/main/config.json')).toBeNull();
    expect(parseModelUrl(cfg, 'https://hub.test/org/m/blob/main/config.json')).toBeNull();
  });
  it('validates model ids', () => {
    expect(isModelId('Xenova/vit-base-patch16-224')).toBe(true);
    expect(isModelId('../etc')).toBe(false);
    expect(isModelId('a/b/c')).toBe(false);
  });
});
