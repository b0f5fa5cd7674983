/** Boxes and non-maximum suppression. Pure, unit-tested, shared by the worker and the Node equivalence test. */

/** Pixel coordinates: top-left (xmin, ymin) to bottom-right (xmax, ymax). */
export interface Box {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** A candidate detection before labels are attached. */
export interface Candidate {
  classId: number;
  score: number;
  box: Box;
}

export const area = (b: Box) => Math.max(0, b.xmax - b.xmin) * Math.max(0, b.ymax - b.ymin);

/** Intersection over union; 0 for disjoint or empty boxes. */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a.xmax, b.xmax) - Math.max(a.xmin, b.xmin);
  const h = Math.min(a.ymax, b.ymax) - Math.max(a.ymin, b.ymin);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression, highest score first. Class-aware by default: a box only suppresses
 * boxes of its own class. Ties keep the earlier candidate. Returns the kept candidates sorted by score.
 * Greedy NMS is monotone in the score threshold (a box is only ever suppressed by higher-scoring boxes),
 * so filtering the result by a higher threshold later gives the same set as running NMS at that threshold.
 */
export function nms<C extends Candidate>(candidates: readonly C[], iouThreshold: number, classAware = true): C[] {
  const order = candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => Number.isFinite(c.score) && area(c.box) > 0)
    .sort((a, b) => b.c.score - a.c.score || a.i - b.i)
    .map(({ c }) => c);
  const kept: C[] = [];
  for (const c of order) {
    let suppressed = false;
    for (const k of kept) {
      if (classAware && k.classId !== c.classId) continue;
      if (iou(k.box, c.box) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(c);
  }
  return kept;
}
