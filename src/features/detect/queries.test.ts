import { describe, expect, it } from 'vitest';
import { decodeSigmoidQueries } from './queries';

describe('decodeSigmoidQueries (RT-DETR)', () => {
  it('scores every (query, class) pair with a sigmoid and scales normalised centre boxes to pixels', () => {
    const logit = (p: number) => Math.log(p / (1 - p));
    // 2 queries × 3 classes
    const logits = [logit(0.9), logit(0.01), logit(0.6), logit(0.02), logit(0.03), logit(0.04)];
    const boxes = [0.5, 0.5, 0.2, 0.4, 0.1, 0.1, 0.1, 0.1];
    const c = decodeSigmoidQueries(logits, boxes, 2, 3, 200, 100, 0.05);
    expect(c.map((k) => k.classId)).toEqual([0, 2]); // no "no object" class: the last class counts
    expect(c[0].score).toBeCloseTo(0.9);
    expect(c[0].box.xmin).toBeCloseTo(80);
    expect(c[0].box.xmax).toBeCloseTo(120);
    expect(c[0].box.ymin).toBeCloseTo(30);
    expect(c[0].box.ymax).toBeCloseTo(70);
  });
  it('rejects mismatched shapes', () => expect(() => decodeSigmoidQueries([0], [0, 0, 0, 0], 2, 1, 1, 1, 0.5)).toThrow(RangeError));
});
