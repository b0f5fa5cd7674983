import { describe, expect, it } from 'vitest';
import { classColour, classCounts, visibleDetections } from './overlay';

const d = (label: string, score: number) => ({ label, score, box: { xmin: 0, ymin: 0, xmax: 1, ymax: 1 } });

describe('detections display', () => {
  const dets = [d('cat', 0.9), d('dog', 0.5), d('cat', 0.2)];
  it('filters by threshold (inclusive) and hidden classes, keeping the order', () => {
    expect(visibleDetections(dets, 0.5)).toEqual([dets[0], dets[1]]);
    expect(visibleDetections(dets, 0.1, new Set(['cat']))).toEqual([dets[1]]);
    expect(visibleDetections([], 0.1)).toEqual([]);
  });
  it('counts classes at the threshold, most frequent first', () => {
    expect(classCounts([dets, [d('dog', 0.3)]], 0.25)).toEqual([
      { label: 'dog', count: 2 },
      { label: 'cat', count: 1 },
    ]);
  });
  it('gives each class a stable colour, different for different classes', () => {
    expect(classColour('cat')).toBe(classColour('cat'));
    expect(new Set(['person', 'car', 'dog', 'cat', 'bicycle', 'truck', 'bed', 'couch', 'backpack', 'umbrella'].map(classColour)).size).toBe(10);
    expect(classColour('toothbrush')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
