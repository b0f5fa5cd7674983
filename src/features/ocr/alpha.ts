/** Flattening transparent images for OCR. Pure, unit-tested; used by the worker and by the Node pipeline. */

/**
 * Composite RGBA pixels (straight alpha) in place onto an opaque background that contrasts with what
 * is visible: white, unless the visible pixels are light on average (white text on a transparent
 * background, as in logos and dark-mode screenshots), then black. Returns the background used, or
 * 'none' when the image had no transparency.
 */
export function flattenAlpha(data: Uint8ClampedArray | Uint8Array): 'none' | 'white' | 'black' {
  let sumL = 0;
  let sumA = 0;
  let transparent = false;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3];
    if (a === 255) continue;
    transparent = true;
    break;
  }
  if (!transparent) return 'none';
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3];
    if (!a) continue;
    sumL += (0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]) * a;
    sumA += a;
  }
  const bg = sumA && sumL / sumA > 160 ? 0 : 255;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3] / 255;
    for (let k = 0; k < 3; k++) data[i + k] = Math.round(data[i + k] * a + bg * (1 - a));
    data[i + 3] = 255;
  }
  return bg ? 'white' : 'black';
}
