import { describe, expect, it } from 'vitest';
import { iou, nms, type Box, type Candidate } from './nms';

const box = (xmin: number, ymin: number, xmax: number, ymax: number): Box => ({ xmin, ymin, xmax, ymax });
const cand = (classId: number, score: number, b: Box): Candidate => ({ classId, score, box: b });

describe('iou', () => {
  it('is 1 for identical boxes and 0 for disjoint or touching ones', () => {
    expect(iou(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(iou(box(0, 0, 10, 10), box(20, 20, 30, 30))).toBe(0);
    expect(iou(box(0, 0, 10, 10), box(10, 0, 20, 10))).toBe(0); // sharing an edge
  });
  it('computes overlap over union', () => {
    expect(iou(box(0, 0, 10, 10), box(5, 0, 15, 10))).toBeCloseTo(50 / 150);
    expect(iou(box(0, 0, 10, 10), box(2, 2, 8, 8))).toBeCloseTo(36 / 100);
  });
  it('is 0 for empty boxes', () => expect(iou(box(5, 5, 5, 5), box(5, 5, 5, 5))).toBe(0));
});

describe('nms', () => {
  it('returns nothing for no boxes', () => expect(nms([], 0.45)).toEqual([]));

  it('keeps only the best of boxes that all overlap (one class)', () => {
    const c = [cand(0, 0.6, box(1, 1, 101, 101)), cand(0, 0.9, box(0, 0, 100, 100)), cand(0, 0.7, box(2, 0, 102, 100))];
    expect(nms(c, 0.45)).toEqual([c[1]]);
  });

  it('is class-aware: overlapping boxes of different classes all stay, sorted by score', () => {
    const c = [cand(0, 0.6, box(0, 0, 100, 100)), cand(1, 0.9, box(0, 0, 100, 100)), cand(2, 0.7, box(0, 0, 100, 100))];
    expect(nms(c, 0.45).map((k) => k.classId)).toEqual([1, 2, 0]);
    expect(nms(c, 0.45, false).map((k) => k.classId)).toEqual([1]);
  });

  it('keeps many classes apart while suppressing within each', () => {
    const c = [
      cand(0, 0.9, box(0, 0, 50, 50)),
      cand(0, 0.8, box(2, 2, 52, 52)), // duplicate of the first
      cand(1, 0.85, box(1, 1, 51, 51)), // other class, same place
      cand(1, 0.5, box(200, 200, 260, 260)), // same class, elsewhere
    ];
    expect(nms(c, 0.45)).toEqual([c[0], c[2], c[3]]);
  });

  it('keeps boxes that touch each other or the image border', () => {
    const c = [cand(0, 0.9, box(0, 0, 10, 10)), cand(0, 0.8, box(10, 0, 20, 10)), cand(0, 0.7, box(0, 10, 10, 20))];
    expect(nms(c, 0.45)).toHaveLength(3);
  });

  it('suppresses only above the IoU threshold', () => {
    const a = cand(0, 0.9, box(0, 0, 10, 10));
    const b = cand(0, 0.8, box(5, 0, 15, 10)); // IoU 1/3
    expect(nms([a, b], 0.5)).toHaveLength(2);
    expect(nms([a, b], 0.3)).toEqual([a]);
    expect(nms([a, b], 1 / 3)).toHaveLength(2); // equal is not above
  });

  it('drops empty boxes and non-finite scores; equal scores keep input order', () => {
    const c = [cand(0, 0.5, box(0, 0, 0, 10)), cand(0, NaN, box(0, 0, 10, 10)), cand(1, 0.4, box(0, 0, 5, 5)), cand(2, 0.4, box(0, 0, 5, 5))];
    expect(nms(c, 0.45).map((k) => k.classId)).toEqual([1, 2]);
  });

  it('is monotone in the score threshold (filtering after NMS = NMS after filtering)', () => {
    const c = Array.from({ length: 60 }, (_, i) =>
      cand(i % 3, ((i * 37) % 100) / 100, box((i * 7) % 50, (i * 11) % 40, ((i * 7) % 50) + 30, ((i * 11) % 40) + 25)),
    );
    for (const t of [0.2, 0.5, 0.8]) {
      expect(nms(c, 0.45).filter((k) => k.score >= t)).toEqual(
        nms(
          c.filter((k) => k.score >= t),
          0.45,
        ),
      );
    }
  });
});
