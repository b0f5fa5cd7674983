import { describe, expect, it } from 'vitest';
import { IMAGE_CLASSIFICATION_MODELS } from '../../features/classify-image/models';
import { parseCsv } from '../../features/common/text/csv';
import type { DeviceDescription } from '../../runtime/device';
import { CSV_HEADER, recordsToCsv, recordsToJson } from './exporting';
import type { BenchRecord } from './history';
import { benchSettings, settingKey } from './settings';
import { percentile, summarize } from './stats';

const device: DeviceDescription = {
  cores: 2,
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  webgpu: { available: true, adapter: 'google swiftshader', software: true, shaderF16: false },
  browser: 'Chromium 156',
};

describe('stats', () => {
  it('nearest-rank percentiles, as bench/lib/stats.mjs', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
  it('summarizes with runs per second from the mean', () => {
    expect(summarize([10, 20, 30, 40])).toMatchObject({ n: 4, p50: 20, p95: 40, p99: 40, mean: 25, min: 10, max: 40, runsPerSec: 40 });
    expect(summarize([])).toBeUndefined();
  });
});

describe('benchSettings', () => {
  it('WASM at 1 … cores threads per dtype, WebGPU marked as a software adapter', () => {
    const labels = benchSettings(IMAGE_CLASSIFICATION_MODELS[0], device).map((s) => s.label);
    expect(labels.slice(0, 2)).toEqual(['WASM 1 thread · q8', 'WASM 2 threads · q8']);
    expect(labels.at(-1)).toMatch(/^WebGPU · .* \(software adapter\)$/);
  });
  it('one thread without cross-origin isolation; WebGPU unavailable without an adapter', () => {
    const s = benchSettings(IMAGE_CLASSIFICATION_MODELS[1], { ...device, crossOriginIsolated: false, webgpu: { available: false, reason: 'no adapter' } });
    expect(s.filter((x) => x.backend === 'wasm').map((x) => x.threads)).toEqual([1, 1]); // q8 and fp32
    expect(s.find((x) => x.backend === 'webgpu')).toMatchObject({ dtype: 'fp32', unavailable: 'no adapter' });
    expect(settingKey(s[0])).toBe('wasm/1t/q8');
  });
});

describe('exports', () => {
  const rec: BenchRecord = {
    id: '1',
    date: '2026-12-01T07:00:00.000Z',
    device,
    deviceKey: '2 cores',
    warmRuns: 2,
    inputs: { 'image-classification': 'sample' },
    results: [
      {
        task: 'image-classification',
        modelId: 'm',
        setting: { backend: 'wasm', threads: 1, dtype: 'q8', label: 'WASM 1 thread · q8' },
        loadMs: 100,
        firstMs: 50,
        warm: [30, 40],
        pageMs: [31, 41],
        stats: summarize([30, 40]),
        signature: '=cmd|x',
      },
      {
        task: 'ocr',
        modelId: 'o',
        setting: { backend: 'webgpu', threads: 1, dtype: 'fp32', label: 'WebGPU', unavailable: 'no' },
        warm: [],
        pageMs: [],
        error: 'not available: no',
      },
    ],
  };
  it('CSV: one row per setting, formulas defused', () => {
    const rows = parseCsv(recordsToCsv([rec]));
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows).toHaveLength(3);
    const row = Object.fromEntries(CSV_HEADER.map((h, i) => [h, rows[1][i]]));
    expect(row).toMatchObject({
      task: 'image-classification',
      backend: 'wasm',
      threads: '1',
      'p50 ms': '30',
      'p99 ms': '40',
      'runs per s': '28.57',
      output: "'=cmd|x",
    });
    expect(rows[2][CSV_HEADER.indexOf('error')]).toBe('not available: no');
  });
  it('JSON: the records with how they were timed', () => {
    const doc = recordsToJson([rec], new Date('2026-12-01T08:00:00Z'));
    expect(doc).toMatchObject({ kind: 'benchmark', exportedAt: '2026-12-01T08:00:00.000Z', records: [{ id: '1' }] });
  });
});
