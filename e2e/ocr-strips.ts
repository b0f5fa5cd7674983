/**
 * Strip-shaped and degenerate images for OCR (bad input, issue #12), written as PNG files: used by
 * e2e/ocr-real.spec.ts (each gets a result or "No text found") and bench/ocr-real.bench.mjs (time per image).
 * `text`: what the app must read ('' = nothing to read); undefined: any result is acceptable (no letters).
 */
import path from 'node:path';
import sharp from 'sharp';

export interface StripImage {
  name: string;
  path: string;
  text?: string;
}

/** A PNG of `text` set in `px`-high Liberation Sans, cut tight to its box (no margin). */
async function textPng(text: string, px: number, file: string) {
  const w = Math.ceil(text.length * px * 0.62) + 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${px}"><rect width="100%" height="100%" fill="#fff"/><text x="1" y="${Math.round(px * 0.8)}" font-family="Liberation Sans" font-size="${px}" fill="#000">${text}</text></svg>`;
  await sharp(Buffer.from(svg)).trim({ background: '#ffffff', threshold: 10 }).png().toFile(file);
}

const raw = (w: number, h: number, fill: (x: number, y: number) => number) => {
  const px = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px[y * w + x] = fill(x, y);
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).png();
};

export const LONG_LINE = 'Offline text recognition works on this device, with no network at all';

/** Writes the images into `dir` and lists them. */
export async function writeStripImages(dir: string): Promise<StripImage[]> {
  const f = (name: string) => path.join(dir, name);
  await raw(1, 60, (_, y) => (y > 10 && y < 50 ? 0 : 255)).toFile(f('one-by-sixty.png'));
  // 4,000 × 30 px: a long strip with dashes every 40 px (no letters).
  await raw(4000, 30, (x, y) => (y > 12 && y < 17 && x % 40 < 20 ? 0 : 255)).toFile(f('strip-4000x30.png'));
  await raw(400, 300, (x, y) => ((x - 200) ** 2 + (y - 150) ** 2 < 9 ? 0 : 255)).toFile(f('white-one-dot.png'));
  await raw(300, 200, () => 0).toFile(f('all-black.png'));
  await textPng('A', 40, f('single-char.png'));
  await textPng('receipt', 12, f('word-12px.png'));
  await textPng('Offline text recognition', 30, f('tight-line.png'));
  await sharp(f('tight-line.png')).rotate(180).toFile(f('tight-line-upside-down.png'));
  // A long line (≈ 31 : 1): its orientation is checked on a window, and its first and last letters touch the edges.
  await textPng(LONG_LINE, 30, f('long-line.png'));
  await sharp(f('long-line.png')).rotate(180).toFile(f('long-line-upside-down.png'));
  const list: [string, string | undefined][] = [
    ['one-by-sixty.png', ''],
    ['strip-4000x30.png', undefined],
    ['white-one-dot.png', ''],
    ['all-black.png', ''],
    ['single-char.png', 'A'],
    ['word-12px.png', 'receipt'],
    ['tight-line.png', 'Offline text recognition'],
    ['tight-line-upside-down.png', 'Offline text recognition'],
    ['long-line.png', LONG_LINE],
    ['long-line-upside-down.png', LONG_LINE],
  ];
  return list.map(([name, text]) => ({ name, path: f(name), text }));
}
