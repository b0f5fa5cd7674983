import { describe, expect, it } from 'vitest';
import { clearTuning, loadTuning, outputSignature, pickFastest, saveTuning, tunedChoice, tunedWhy, type TunedChoice } from './tuning';
import { browserName, describeDevice, deviceKey, threadCounts } from './device';
import type { Capabilities } from './backend';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
};

const choice: TunedChoice = {
  task: 'image-classification',
  modelId: 'onnx-model-zoo/mobilenetv2-12-int8',
  backend: 'wasm',
  threads: 2,
  dtype: 'q8',
  p50: 31.2,
  date: '2026-12-01T07:00:00.000Z',
  others: [{ backend: 'wasm', threads: 1, dtype: 'q8', p50: 48.4 }],
};

describe('pickFastest', () => {
  it('keeps the fastest setting whose output equals the reference (the first that ran)', () => {
    const { best, rejected } = pickFastest([
      { backend: 'wasm', threads: 1, dtype: 'q8', p50: 48, signature: 'label:finch' },
      { backend: 'wasm', threads: 2, dtype: 'q8', p50: 31, signature: 'label:finch' },
      { backend: 'wasm', threads: 2, dtype: 'fp32', p50: 20, signature: 'label:robin' },
      { backend: 'webgpu', threads: 1, dtype: 'fp32', error: 'no adapter' },
    ]);
    expect(best).toMatchObject({ threads: 2, dtype: 'q8' });
    expect(rejected.map((r) => r.why)).toEqual(['output differs from the default setting', 'no adapter']);
  });
  it('has no choice when nothing ran', () => expect(pickFastest([{ backend: 'wasm', threads: 1, dtype: 'q8', error: 'x' }]).best).toBeUndefined());
  it('prefers the earlier candidate on a tie', () =>
    expect(
      pickFastest([
        { backend: 'wasm', threads: 1, dtype: 'q8', p50: 30, signature: 's' },
        { backend: 'wasm', threads: 2, dtype: 'q8', p50: 30, signature: 's' },
      ]).best?.threads,
    ).toBe(1));
});

describe('outputSignature', () => {
  it('takes the top label, the detection count or the text', () => {
    expect(outputSignature([{ label: 'house finch', score: 0.9 }])).toBe('label:house finch');
    expect(outputSignature({ detections: [{}, {}], width: 1 })).toBe('detections:2');
    expect(outputSignature({ text: 'hello\nworld', lines: [] })).toBe('text:hello\nworld');
    expect(outputSignature({ summary_text: 'short' })).toBe('text:short');
  });
});

describe('tunedWhy', () => {
  it('says the setting, the date and what it beat', () =>
    expect(tunedWhy(choice)).toBe('WASM 2 threads — tuned on 2026-12-01: p50 31 ms vs 48 ms at 1 thread'));
  it('names the dtype where candidates differed in it, and ignores candidates whose output differed', () =>
    expect(
      tunedWhy({
        ...choice,
        threads: 1,
        dtype: 'fp32',
        p50: 9.34,
        others: [
          { backend: 'wasm', threads: 1, dtype: 'q8', p50: 44 },
          { backend: 'wasm', threads: 2, dtype: 'fp32', p50: 5, note: 'output differs' },
        ],
      }),
    ).toBe('WASM 1 thread, fp32 — tuned on 2026-12-01: p50 9.3 ms vs 44 ms at 1 thread (q8)'));
});

describe('stored tuning', () => {
  it('is used on the same device and model, and dropped when the device changes', () => {
    const s = memory();
    saveTuning({ deviceKey: 'A', choices: { 'image-classification': choice } }, s);
    expect(tunedChoice('image-classification', choice.modelId, 'A', s)).toEqual(choice);
    expect(tunedChoice('image-classification', 'other/model', 'A', s)).toBeUndefined();
    expect(tunedChoice('ocr', choice.modelId, 'A', s)).toBeUndefined();
    expect(loadTuning('B', s)).toBeUndefined();
    expect(loadTuning('A', s)).toBeUndefined(); // removed, not only hidden
    saveTuning({ deviceKey: 'A', choices: {} }, s);
    clearTuning(s);
    expect(s.getItem('tuning-v1')).toBeNull();
  });
  it('ignores a corrupt entry', () => {
    const s = memory();
    s.setItem('tuning-v1', '{not json');
    expect(loadTuning('A', s)).toBeUndefined();
  });
});

describe('device description', () => {
  const caps: Capabilities = {
    webgpu: { available: true, fallbackAdapter: true, shaderF16: false, vendor: 'google', architecture: 'swiftshader' },
    crossOriginIsolated: true,
    sharedArrayBuffer: true,
    hardwareConcurrency: 2,
    deviceMemoryGB: 8,
  };
  it('describes cores, memory, the adapter and the browser; its key changes with the browser version', () => {
    const d = describeDevice(caps, {
      userAgent: 'x',
      userAgentData: {
        brands: [
          { brand: 'Not=A?Brand', version: '99' },
          { brand: 'Chromium', version: '156' },
        ],
        platform: 'Linux',
      },
    });
    expect(d).toMatchObject({
      cores: 2,
      memoryGB: 8,
      browser: 'Chromium 156',
      webgpu: { available: true, adapter: 'google swiftshader', software: true, shaderF16: false },
    });
    const d2 = describeDevice(caps, { userAgent: 'x', userAgentData: { brands: [{ brand: 'Chromium', version: '157' }] } });
    expect(deviceKey(d)).not.toBe(deviceKey(d2));
    expect(deviceKey(d)).toBe('2 cores · threads · google swiftshader (software) · Chromium 156');
  });
  it('reads the browser from the user agent string without userAgentData', () => {
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0')).toBe('Firefox 153');
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15')).toBe('Safari 18');
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)')).toBe('WebKit 605');
  });
  it('offers 1 … cores threads only with shared memory', () => {
    expect(threadCounts({ cores: 4, crossOriginIsolated: true, sharedArrayBuffer: true })).toEqual([1, 2, 3, 4]);
    expect(threadCounts({ cores: 4, crossOriginIsolated: false, sharedArrayBuffer: true })).toEqual([1]);
    expect(threadCounts({ cores: 4, crossOriginIsolated: true, sharedArrayBuffer: false })).toEqual([1]);
  });
});
