// Draws the app icons (PNG 192/512, maskable 512, SVG) with no image library: run once, commit the output.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x / size, y / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const teal = [15, 118, 110, 255];
const white = [255, 255, 255, 255];
const clear = [0, 0, 0, 0];
// A chip: rounded square background, white square core with pins, a teal eye in the middle.
function draw(u, v, { maskable }) {
  const m = maskable ? 0 : 0.04;
  const r = maskable ? 0 : 0.2;
  const inBg = (() => {
    if (u < m || v < m || u > 1 - m || v > 1 - m) return false;
    const cx = Math.min(Math.max(u, m + r), 1 - m - r);
    const cy = Math.min(Math.max(v, m + r), 1 - m - r);
    return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
  })();
  if (!inBg) return clear;
  const s = maskable ? 0.2 : 0.13; // keep the design inside the maskable safe zone
  const lo = 0.5 - (0.5 - s - 0.12),
    hi = 1 - lo;
  const core = u > lo && u < hi && v > lo && v < hi;
  const pins =
    [0.38, 0.5, 0.62].some((p) => Math.abs(u - p) < 0.025 || Math.abs(v - p) < 0.025) && u > lo - 0.07 && u < hi + 0.07 && v > lo - 0.07 && v < hi + 0.07;
  if (core) return (u - 0.5) ** 2 + (v - 0.5) ** 2 < 0.011 ? teal : white;
  if (pins) return white;
  return teal;
}
mkdirSync('public/icons', { recursive: true });
writeFileSync(
  'public/icons/icon-192.png',
  png(192, (u, v) => draw(u, v, { maskable: false })),
);
writeFileSync(
  'public/icons/icon-512.png',
  png(512, (u, v) => draw(u, v, { maskable: false })),
);
writeFileSync(
  'public/icons/icon-maskable-512.png',
  png(512, (u, v) => draw(u, v, { maskable: true })),
);
writeFileSync(
  'public/icons/icon.svg',
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect x="4" y="4" width="92" height="92" rx="20" fill="#0f766e"/><g fill="#fff">${[38, 50, 62]
    .map((p) => `<rect x="${p - 2.5}" y="18" width="5" height="64"/><rect x="18" y="${p - 2.5}" width="64" height="5"/>`)
    .join('')}<rect x="25" y="25" width="50" height="50" rx="4"/></g><circle cx="50" cy="50" r="10.5" fill="#0f766e"/></svg>\n`,
);
console.log('icons written to public/icons');
