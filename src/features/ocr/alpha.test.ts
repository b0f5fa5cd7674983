import { describe, expect, it } from 'vitest';
import { flattenAlpha } from './alpha';

describe('flattenAlpha', () => {
  it('leaves opaque images alone', () => {
    const d = new Uint8ClampedArray([10, 20, 30, 255, 200, 200, 200, 255]);
    expect(flattenAlpha(d)).toBe('none');
    expect([...d]).toEqual([10, 20, 30, 255, 200, 200, 200, 255]);
  });
  it('puts dark text on a transparent background on white', () => {
    const d = new Uint8ClampedArray([0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128]);
    expect(flattenAlpha(d)).toBe('white');
    expect([...d]).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 127, 127, 127, 255]);
  });
  it('puts white text on a transparent background on black, so it stays readable', () => {
    const d = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 64]);
    expect(flattenAlpha(d)).toBe('black');
    expect([...d]).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 64, 64, 64, 255]);
  });
});
