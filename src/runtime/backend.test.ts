import { describe, expect, it } from 'vitest';
import { chooseBackend, chooseThreads, type Capabilities } from './backend';
import type { ModelEntry } from '../model-store/catalog-types';

const caps = (over: Partial<Capabilities> = {}, gpu: Partial<Capabilities['webgpu']> = {}): Capabilities => ({
  webgpu: { available: true, shaderF16: true, fallbackAdapter: false, ...gpu },
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  hardwareConcurrency: 8,
  ...over,
});
const model = (backends: ModelEntry['backends']): ModelEntry => ({
  id: 'org/m',
  task: 'image-classification',
  title: 'M',
  description: '',
  source: 'hub',
  revision: 'main',
  licence: 'x',
  files: [],
  backends,
});
const gpuModel = model({ wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'fp16', recommended: true, needsF16: true } });
const int8Model = model({ wasm: { dtype: 'q8', recommended: true }, webgpu: { dtype: 'q8', recommended: false } });
const wasmOnly = model({ wasm: { dtype: 'q8', recommended: true } });

describe('chooseBackend', () => {
  it('auto picks WebGPU with its dtype when a hardware adapter is there', () => {
    expect(chooseBackend('auto', caps(), gpuModel)).toMatchObject({ backend: 'webgpu', dtype: 'fp16' });
  });
  it('auto stays on WASM when WebGPU is missing, software-only, lacks f16, or gains nothing', () => {
    expect(chooseBackend('auto', caps({}, { available: false, reason: 'no adapter' }), gpuModel)).toMatchObject({
      backend: 'wasm',
      dtype: 'q8',
      why: 'WASM: no adapter',
    });
    expect(chooseBackend('auto', caps({}, { fallbackAdapter: true }), gpuModel).backend).toBe('wasm');
    expect(chooseBackend('auto', caps({}, { shaderF16: false }), gpuModel).why).toMatch(/shader-f16/);
    expect(chooseBackend('auto', caps(), int8Model).why).toMatch(/no faster/);
    expect(chooseBackend('auto', caps(), wasmOnly).why).toMatch(/no WebGPU build/);
  });
  it('auto avoids WebGPU after it failed in this session', () => {
    expect(chooseBackend('auto', caps(), gpuModel, 'device lost')).toMatchObject({ backend: 'wasm', why: expect.stringMatching(/device lost/) });
  });
  it('a forced backend is honoured (WebGPU failures then fall back at run time)', () => {
    expect(chooseBackend('webgpu', caps({}, { available: false }), int8Model)).toMatchObject({ backend: 'webgpu', dtype: 'q8' });
    expect(chooseBackend('webgpu', caps(), wasmOnly)).toMatchObject({ backend: 'webgpu', dtype: 'q8' });
    expect(chooseBackend('wasm', caps(), gpuModel)).toMatchObject({ backend: 'wasm', dtype: 'q8' });
  });
});

describe('chooseThreads', () => {
  it('uses one thread without shared memory (Safari, no isolation)', () => {
    expect(chooseThreads(caps({ sharedArrayBuffer: false }))).toBe(1);
    expect(chooseThreads(caps({ crossOriginIsolated: false }), 4)).toBe(1);
  });
  it('uses one thread on 2-core devices (measured faster) and half the cores, at most 4, above', () => {
    expect(chooseThreads(caps({ hardwareConcurrency: 2 }))).toBe(1);
    expect(chooseThreads(caps({ hardwareConcurrency: 4 }))).toBe(2);
    expect(chooseThreads(caps({ hardwareConcurrency: 16 }))).toBe(4);
  });
  it('gives throughput tasks (OCR) every core on small devices and all but one above, at most 4', () => {
    expect(chooseThreads(caps({ hardwareConcurrency: 2 }), undefined, 'throughput')).toBe(2);
    expect(chooseThreads(caps({ hardwareConcurrency: 4 }), undefined, 'throughput')).toBe(3);
    expect(chooseThreads(caps({ hardwareConcurrency: 16 }), undefined, 'throughput')).toBe(4);
    expect(chooseThreads(caps({ hardwareConcurrency: 1 }), undefined, 'throughput')).toBe(1);
    expect(chooseThreads(caps({ sharedArrayBuffer: false }), undefined, 'throughput')).toBe(1);
  });
  it('honours an override up to the core count', () => {
    expect(chooseThreads(caps({ hardwareConcurrency: 2 }), 4)).toBe(2);
    expect(chooseThreads(caps({ hardwareConcurrency: 8 }), 2)).toBe(2);
  });
});
