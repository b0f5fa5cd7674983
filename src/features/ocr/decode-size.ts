/**
 * Decoding budget of OCR images: at most DECODE_MAX_PIXELS (≈ 3460² px, 48 MB of RGBA) and
 * DECODE_MAX_SIDE per side. Detection runs on far fewer pixels; recognition crops lines from this
 * decoded copy, so a 6000×8000 scan is read from a 3000×4000 copy instead of 190 MB of pixels, and a
 * long screenshot keeps its text size. Pure: the worker and the Node pipeline (tests, benchmark) share it.
 */
export const DECODE_MAX_PIXELS = 12_000_000;
export const DECODE_MAX_SIDE = 8192;

export function decodeSize(w: number, h: number): { width: number; height: number; scale: number } {
  const scale = Math.min(1, Math.sqrt(DECODE_MAX_PIXELS / (w * h)), DECODE_MAX_SIDE / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)), scale };
}
