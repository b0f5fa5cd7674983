import { describe, expect, it } from 'vitest';
import { buildExport, exportFileName } from './export';

describe('buildExport', () => {
  const info = { modelId: 'org/m', backend: 'wasm' as const, dtype: 'q8' as const, loadMs: 5, threads: 1 };
  it('produces the shared shape with successful items and lists failures apart', () => {
    const doc = buildExport(
      'image-classification',
      info,
      [
        { input: 'a.jpg', ms: 12.5, output: [{ label: 'x', score: 0.9 }] },
        { input: 'b.txt', error: { code: 'bad-input', message: '“b.txt” is not an image' } },
        undefined,
      ],
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(doc).toEqual({
      task: 'image-classification',
      model: 'org/m',
      backend: 'wasm',
      dtype: 'q8',
      threads: 1,
      items: [{ input: 'a.jpg', ms: 12.5, output: [{ label: 'x', score: 0.9 }] }],
      errors: [{ input: 'b.txt', error: '“b.txt” is not an image' }],
      exportedAt: '2026-01-02T03:04:05.000Z',
    });
  });
  it('records a WebGPU fallback', () => {
    const doc = buildExport('ocr', { ...info, fallback: { from: 'webgpu', reason: 'no adapter' } }, []);
    expect(doc.fallback).toEqual({ from: 'webgpu', reason: 'no adapter' });
    expect(doc.errors).toBeUndefined();
  });
  it('names files by task and time', () => expect(exportFileName('ocr', new Date('2026-01-02T03:04:05Z'))).toBe('ocr-2026-01-02-03-04-05.json'));
});
