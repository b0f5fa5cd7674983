/**
 * Geometry for the OCR pipeline, pure TypeScript (no OpenCV): connected components of the
 * detector's binary map, convex hull, minimum-area rectangle (rotating calipers), PaddleOCR's
 * "unclip" expansion, quad scoring, box ordering and reading order. Unit-tested in geometry.test.ts.
 */
export type Point = [number, number];
/** Four corners: top-left, top-right, bottom-right, bottom-left (PaddleOCR's order). */
export type Quad = [Point, Point, Point, Point];

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
export const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Convex hull (Andrew's monotone chain), counter-clockwise in y-up terms, no collinear points. */
export function convexHull(points: Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  upper.pop();
  lower.pop();
  return lower.concat(upper);
}

export interface RotatedRect {
  center: Point;
  /** Side lengths along `axis` and along its normal. */
  width: number;
  height: number;
  /** Unit vector of the `width` side. */
  axis: Point;
}

/** Minimum-area enclosing rectangle by rotating calipers over the hull edges. */
export function minAreaRect(points: Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { center: [0, 0], width: 0, height: 0, axis: [1, 0] };
  if (hull.length === 1) return { center: [...hull[0]] as Point, width: 0, height: 0, axis: [1, 0] };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const len = dist(a, b);
    if (len === 0) continue;
    const u: Point = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
    const n: Point = [-u[1], u[0]];
    let minU = Infinity,
      maxU = -Infinity,
      minN = Infinity,
      maxN = -Infinity;
    for (const p of hull) {
      const pu = p[0] * u[0] + p[1] * u[1];
      const pn = p[0] * n[0] + p[1] * n[1];
      if (pu < minU) minU = pu;
      if (pu > maxU) maxU = pu;
      if (pn < minN) minN = pn;
      if (pn > maxN) maxN = pn;
    }
    const area = (maxU - minU) * (maxN - minN);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cn = (minN + maxN) / 2;
      best = { center: [cu * u[0] + cn * n[0], cu * u[1] + cn * n[1]], width: maxU - minU, height: maxN - minN, axis: u };
    }
  }
  return best!;
}

/** Corners of a rotated rectangle, ordered top-left, top-right, bottom-right, bottom-left. */
export function rectCorners(r: RotatedRect): Quad {
  const [cx, cy] = r.center;
  const u = r.axis;
  const n: Point = [-u[1], u[0]];
  const hw = r.width / 2;
  const hh = r.height / 2;
  const pts: Point[] = [
    [cx - u[0] * hw - n[0] * hh, cy - u[1] * hw - n[1] * hh],
    [cx + u[0] * hw - n[0] * hh, cy + u[1] * hw - n[1] * hh],
    [cx + u[0] * hw + n[0] * hh, cy + u[1] * hw + n[1] * hh],
    [cx - u[0] * hw + n[0] * hh, cy - u[1] * hw + n[1] * hh],
  ];
  return orderQuad(pts);
}

/**
 * PaddleOCR's `get_mini_boxes` ordering: sort by x; of the two leftmost the upper one is top-left,
 * of the two rightmost the upper one is top-right.
 */
export function orderQuad(pts: Point[]): Quad {
  const s = [...pts].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [l1, l2] = s[0][1] <= s[1][1] ? [s[0], s[1]] : [s[1], s[0]];
  const [r1, r2] = s[2][1] <= s[3][1] ? [s[2], s[3]] : [s[3], s[2]];
  return [l1, r1, r2, l2];
}

/**
 * PaddleOCR's unclip: grow the shrunk text kernel back by distance = area × ratio / perimeter.
 * For a rectangle, the offset polygon's minimum-area rectangle is the rectangle grown by that
 * distance on every side (pyclipper's rounded corners do not change it).
 */
export function unclipRect(r: RotatedRect, ratio: number): RotatedRect {
  const area = r.width * r.height;
  const perimeter = 2 * (r.width + r.height);
  const d = perimeter > 0 ? (area * ratio) / perimeter : 0;
  return { ...r, width: r.width + 2 * d, height: r.height + 2 * d };
}

/** Whether p lies inside the convex quad (either winding). */
export function insideQuad(q: Quad, p: Point): boolean {
  let pos = false,
    neg = false;
  for (let i = 0; i < 4; i++) {
    const c = cross(q[i], q[(i + 1) % 4], p);
    if (c > 1e-9) pos = true;
    else if (c < -1e-9) neg = true;
    if (pos && neg) return false;
  }
  return true;
}

/** Mean of `map` inside the quad (PaddleOCR's `box_score_fast`). */
export function quadMeanScore(map: Float32Array, w: number, h: number, q: Quad): number {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(w - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(h - 1, Math.ceil(Math.max(...ys)));
  let sum = 0,
    n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (insideQuad(q, [x, y])) {
        sum += map[y * w + x];
        n++;
      }
    }
  }
  return n ? sum / n : 0;
}

export interface Component {
  /** Boundary points: the leftmost and rightmost pixel of each row (pixel centres). */
  points: Point[];
  pixels: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** 8-connected components of a binary map (non-zero = on). */
export function components(bin: Uint8Array, w: number, h: number, minPixels = 1): Component[] {
  const label = new Int32Array(w * h);
  const queue = new Int32Array(w * h);
  const out: Component[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (!bin[start] || label[start]) continue;
    next++;
    let head = 0,
      tail = 0;
    queue[tail++] = start;
    label[start] = next;
    let x0 = w,
      y0 = h,
      x1 = -1,
      y1 = -1;
    while (head < tail) {
      const i = queue[head++];
      const y = (i / w) | 0;
      const x = i - y * w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= w || (dx === 0 && dy === 0)) continue;
          const j = ny * w + nx;
          if (bin[j] && !label[j]) {
            label[j] = next;
            queue[tail++] = j;
          }
        }
      }
    }
    if (tail < minPixels) continue;
    const rows = y1 - y0 + 1;
    const minX = new Int32Array(rows).fill(w);
    const maxX = new Int32Array(rows).fill(-1);
    for (let k = 0; k < tail; k++) {
      const i = queue[k];
      const y = (i / w) | 0;
      const x = i - y * w;
      const r = y - y0;
      if (x < minX[r]) minX[r] = x;
      if (x > maxX[r]) maxX[r] = x;
    }
    const points: Point[] = [];
    for (let r = 0; r < rows; r++) {
      if (maxX[r] < 0) continue;
      points.push([minX[r], y0 + r]);
      if (maxX[r] !== minX[r]) points.push([maxX[r], y0 + r]);
    }
    out.push({ points, pixels: tail, x0, y0, x1, y1 });
  }
  return out;
}

/** Axis-aligned extent of a quad. */
export function quadBounds(q: Quad): { x0: number; y0: number; x1: number; y1: number } {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/**
 * Reading order: recursive XY-cut over the line boxes. Horizontal whitespace bands split the page
 * top to bottom; a vertical whitespace gutter splits it into columns when both sides hold
 * paragraph-wide lines (so the prices on a receipt or the cells of a table stay on their row).
 * Within a block, boxes are grouped into rows by vertical overlap and each row is read left to right.
 * Returns rows of indices into `boxes`.
 */
export function readingOrder(boxes: Quad[]): number[][] {
  const b = boxes.map(quadBounds);
  const rows: number[][] = [];
  const heights = b.map((r) => r.y1 - r.y0).sort((x, y) => x - y);
  const medH = heights.length ? heights[heights.length >> 1] : 0;

  const rowsOf = (idx: number[]): number[][] => {
    const sorted = [...idx].sort((i, j) => b[i].y0 + b[i].y1 - (b[j].y0 + b[j].y1));
    const out: { ids: number[]; y0: number; y1: number }[] = [];
    for (const i of sorted) {
      const r = b[i];
      const h = r.y1 - r.y0;
      const cy = (r.y0 + r.y1) / 2;
      // Join the last row when the box's centre lies within it and they overlap by half the smaller height.
      const last = out[out.length - 1];
      if (last) {
        const overlap = Math.min(last.y1, r.y1) - Math.max(last.y0, r.y0);
        if (cy > last.y0 && cy < last.y1 && overlap > 0.5 * Math.min(h, last.y1 - last.y0)) {
          last.ids.push(i);
          continue;
        }
      }
      out.push({ ids: [i], y0: r.y0, y1: r.y1 });
    }
    return out.map((r) => r.ids.sort((i, j) => b[i].x0 - b[j].x0));
  };

  /**
   * Gaps in the projection of the boxes on one axis: groups of indices split at the widest gaps
   * (XY-cut: only gaps ≥ minGap and ≥ 80% of the widest one, so a heading's larger gap is cut first).
   */
  const split = (idx: number[], axis: 'x' | 'y', minGap: number): number[][] => {
    const lo = (i: number) => (axis === 'x' ? b[i].x0 : b[i].y0);
    const hi = (i: number) => (axis === 'x' ? b[i].x1 : b[i].y1);
    const sorted = [...idx].sort((i, j) => lo(i) - lo(j));
    const gaps: number[] = [];
    let end = -Infinity;
    sorted.forEach((i, k) => {
      gaps.push(k ? lo(i) - end : -Infinity);
      end = Math.max(end, hi(i));
    });
    const widest = Math.max(...gaps);
    const cut = Math.max(minGap, widest * 0.8);
    const groups: number[][] = [];
    let cur: number[] = [];
    sorted.forEach((i, k) => {
      if (cur.length && gaps[k] >= cut) {
        groups.push(cur);
        cur = [];
      }
      cur.push(i);
    });
    if (cur.length) groups.push(cur);
    return groups;
  };

  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];

  const visit = (idx: number[], depth: number) => {
    if (idx.length <= 1 || depth > 12) {
      rows.push(...rowsOf(idx));
      return;
    }
    // Columns: a clear gutter, with paragraph-wide lines on every side.
    const cols = split(idx, 'x', Math.max(2, medH * 0.8));
    if (cols.length > 1) {
      const span = Math.max(...idx.map((i) => b[i].x1)) - Math.min(...idx.map((i) => b[i].x0));
      const wide = cols.every((c) => c.length >= 2 && median(c.map((i) => b[i].x1 - b[i].x0)) >= 0.25 * span);
      if (wide) {
        for (const c of cols) visit(c, depth + 1);
        return;
      }
    }
    // Bands: horizontal whitespace splits the block top to bottom.
    const bands = split(idx, 'y', Math.max(1, medH * 0.5));
    if (bands.length > 1) {
      for (const band of bands) visit(band, depth + 1);
      return;
    }
    rows.push(...rowsOf(idx));
  };
  visit(
    boxes.map((_, i) => i),
    0,
  );
  return rows;
}
