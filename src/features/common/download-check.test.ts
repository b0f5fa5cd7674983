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
  files: [
    { path: 'onnx/model_quantized.onnx', approxSize: size, dtype: 'q8' },
    { path: 'onnx/model_q4f16.onnx', approxSize: 10, dtype: 'q4f16' },
  ],
  backends: { wasm: { dtype: 'q8', recommended: true } },
  approxMemoryMB,
});

describe('downloadCheck', () => {
  it('asks above 100 MB, for the dtype that will be downloaded, unless stored', () => {
    expect(downloadCheck(entry(200e6), 'q8', {}).question).toMatch(/about 19\d(\.\d)? MB .*Download it now\?/s);
    expect(downloadCheck(entry(200e6), 'q4f16', {}).question).toBeNull();
    expect(downloadCheck(entry(200e6), 'q8', { missing: [] }).question).toBeNull();
    expect(downloadCheck(entry(50e6), 'q8', {}).question).toBeNull();
  });
  it('counts only the files still missing of a model stored in part', () => {
    const e = entry(150e6);
    e.files.push({ path: 'onnx/other.onnx', approxSize: 60e6, dtype: 'q8' });
    expect(downloadCheck(e, 'q8', {}).question).toMatch(/about 200 MB \(kept/);
    expect(downloadCheck(e, 'q8', { missing: [e.files[0]] }).question).toMatch(/about 143 MB more \(of 200 MB: the rest is stored already\)/);
    expect(downloadCheck(e, 'q8', { missing: [e.files[2]] }).question).toBeNull();
  });
  it('warns when the model needs more than half the device memory', () => {
    const c = downloadCheck(entry(50e6, 1500), 'q8', { deviceMemoryGB: 2 });
    expect(c.memoryWarning).toMatch(/about 1\.5 GB of memory .* reports 2 GB/);
    expect(c.question).toMatch(/Run it anyway\?$/);
    expect(downloadCheck(entry(50e6, 1500), 'q8', { deviceMemoryGB: 8 }).question).toBeNull();
    expect(downloadCheck(entry(50e6, 1500), 'q8', {}).question).toBeNull(); // unknown memory: no guess
  });
});
