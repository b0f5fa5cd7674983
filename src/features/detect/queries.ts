/**
 * Post-processing for detectors that return one box per query (DETR family). Pure, unit-tested.
 * RT-DETR scores every (query, class) pair with a sigmoid and has no "no object" class; boxes are
 * normalised (cx, cy, w, h) relative to the whole image (its processor resizes without padding).
 */
import type { Candidate } from './nms';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function decodeSigmoidQueries(
  logits: ArrayLike<number>,
  boxes: ArrayLike<number>,
  numQueries: number,
  numClasses: number,
  width: number,
  height: number,
  minScore: number,
): Candidate[] {
  if (logits.length !== numQueries * numClasses || boxes.length !== numQueries * 4) {
    throw new RangeError(
      `unexpected detector output: ${logits.length} logits and ${boxes.length} box values for ${numQueries} queries × ${numClasses} classes`,
    );
  }
  // sigmoid(x) ≥ minScore  ⇔  x ≥ logit(minScore): skip the exp for the vast majority of pairs.
  const minLogit = Math.log(minScore / (1 - minScore));
  const out: Candidate[] = [];
  for (let q = 0; q < numQueries; q++) {
    const cx = boxes[q * 4] * width;
    const cy = boxes[q * 4 + 1] * height;
    const w = boxes[q * 4 + 2] * width;
    const h = boxes[q * 4 + 3] * height;
    for (let c = 0; c < numClasses; c++) {
      const l = logits[q * numClasses + c];
      if (!(l >= minLogit)) continue;
      out.push({ classId: c, score: sigmoid(l), box: { xmin: cx - w / 2, ymin: cy - h / 2, xmax: cx + w / 2, ymax: cy + h / 2 } });
    }
  }
  return out;
}
