/** Display helpers for detections: filtering, per-class colours, drawing on a canvas. Pure except `drawDetections`. */
import type { Detection } from './yolox';

export { DEFAULT_THRESHOLD, MIN_SCORE } from './params';

/** Detections the user wants to see: score ≥ threshold and class not hidden; keeps the score order. */
export function visibleDetections(dets: readonly Detection[], threshold: number, hidden: ReadonlySet<string> = new Set()): Detection[] {
  return dets.filter((d) => d.score >= threshold && !hidden.has(d.label));
}

/** 16 colours that stay apart from each other and carry white text. */
const PALETTE = [
  '#d62728',
  '#1f77b4',
  '#2ca02c',
  '#9467bd',
  '#e6550d',
  '#0f9ba8',
  '#c71585',
  '#6b8e23',
  '#b8860b',
  '#4363d8',
  '#8c564b',
  '#5a4fcf',
  '#2e8b57',
  '#a0522d',
  '#7f7f00',
  '#b5179e',
];
/** The most common COCO classes get fixed, distinct colours; others a hash into the palette. */
const FIXED = [
  'person',
  'car',
  'dog',
  'cat',
  'bicycle',
  'truck',
  'bus',
  'motorcycle',
  'bed',
  'couch',
  'chair',
  'bottle',
  'cup',
  'backpack',
  'umbrella',
  'dining table',
];

/** A stable colour per class name. */
export function classColour(label: string): string {
  const fixed = FIXED.indexOf(label);
  if (fixed >= 0) return PALETTE[fixed];
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return PALETTE[(h >>> 0) % PALETTE.length];
}

/** Class names with counts at the given threshold, most frequent first (for the class filter). */
export function classCounts(lists: readonly (readonly Detection[])[], threshold: number): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const d of list) if (d.score >= threshold) counts.set(d.label, (counts.get(d.label) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export const formatScore = (s: number) => `${(s * 100).toFixed(0)}%`;

/**
 * Draw boxes and labels on a 2D context whose pixels are `scale` × the detections' coordinates. Line
 * width and font grow with the image so labels stay readable on large images.
 */
export function drawDetections(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  dets: readonly Detection[],
  scale: number,
  width: number,
  height: number,
) {
  const side = Math.max(width, height);
  const line = Math.max(2, Math.round(side / 320));
  const font = Math.max(12, Math.round(side / 45));
  ctx.lineWidth = line;
  ctx.font = `600 ${font}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  for (const d of [...dets].reverse()) {
    const colour = classColour(d.label);
    const x = d.box.xmin * scale;
    const y = d.box.ymin * scale;
    const w = (d.box.xmax - d.box.xmin) * scale;
    const h = (d.box.ymax - d.box.ymin) * scale;
    ctx.strokeStyle = colour;
    ctx.strokeRect(x, y, w, h);
    const text = `${d.label} ${formatScore(d.score)}`;
    const tw = ctx.measureText(text).width + font * 0.6;
    const th = font * 1.3;
    const ty = y - th >= 0 ? y - th : y; // above the box when there is room, else inside
    const tx = Math.min(Math.max(0, x - line / 2), Math.max(0, width - tw));
    ctx.fillStyle = colour;
    ctx.fillRect(tx, ty, tw, th);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, tx + font * 0.3, ty + font * 0.15);
  }
}
