import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../model-store/catalog-types';
import { downloadCheck } from './download-check';

const entry = (size: number, approxMemoryMB?: number): ModelEntry => ({
  id: 'x/y',
  task: 'summarization',
  title: 'Model Y',
  description: '',
  source: 'hub',
  revision: 'main',
  licence: '',
  files: [{ path: 'onnx/model_quantized.onnx', approxSize: size, dtype: 'q8' }, { path: 'onnx/model_q4f16.onnx', approxSize: 10, dtype: 'q4f16' }],
  backends: { wasm: { dtype: 'q8', recommended: true } },
  approxMemoryMB,
});

describe('downloadCheck', () => {
  it('asks above 100 MB, for the dtype that will be downloaded, unless stored', () => {
    expect(downloadCheck(entry(200e6), 'q8', { stored: false }).question).toMatch(/about 19\d(\.\d)? MB .*Download it now\?/s);
    expect(downloadCheck(entry(200e6), 'q4f16', { stored: false }).question).toBeNull();
    expect(downloadCheck(entry(200e6), 'q8', { stored: true }).question).toBeNull();
    expect(downloadCheck(entry(50e6), 'q8', { stored: false }).question).toBeNull();
  });
  it('warns when the model needs more than half the device memory', () => {
    const c = downloadCheck(entry(50e6, 1500), 'q8', { stored: false, deviceMemoryGB: 2 });
    expect(c.memoryWarning).toMatch(/about 1\.5 GB of memory .* reports 2 GB/);
    expect(c.question).toMatch(/Run it anyway\?$/);
    expect(downloadCheck(entry(50e6, 1500), 'q8', { stored: false, deviceMemoryGB: 8 }).question).toBeNull();
    expect(downloadCheck(entry(50e6, 1500), 'q8', { stored: false }).question).toBeNull(); // unknown memory: no guess
  });
});
