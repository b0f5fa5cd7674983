/**
 * Mutated image files for the decode-path fuzz test (e2e/fuzz.spec.ts): real photos cut short, with
 * bytes flipped, with headers that lie about their dimensions, with their signature swapped, or replaced
 * by noise. Deterministic (a seeded generator): the same 1,000 files every run.
 */
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Mutation =
  'truncated' | 'flipped' | 'huge-png-header' | 'huge-jpeg-header' | 'zero-png-header' | 'wrong-signature' | 'noise' | 'empty' | 'chunk-dropped';

/** Offset of the JPEG SOFn segment's height field, or -1. */
function jpegSof(b: Uint8Array): number {
  for (let i = 2; i + 9 < b.length;) {
    if (b[i] !== 0xff) return -1;
    const m = b[i + 1];
    const len = (b[i + 2] << 8) | b[i + 3];
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return i + 5;
    i += 2 + len;
  }
  return -1;
}

export function mutate(src: Uint8Array, kind: Mutation, r: () => number): Uint8Array {
  const b = src.slice();
  const at = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo));
  switch (kind) {
    case 'truncated':
      return b.subarray(0, at(1, b.length - 1));
    case 'flipped': {
      const n = at(1, 40);
      for (let i = 0; i < n; i++) b[at(0, b.length)] ^= 1 << at(0, 8);
      return b;
    }
    case 'huge-png-header':
    case 'zero-png-header': {
      // PNG IHDR width and height (big endian, bytes 16–23); the CRC is left stale, as a hand-edited file.
      const dv = new DataView(b.buffer, b.byteOffset);
      if (b[0] !== 0x89) return b;
      const big = kind === 'huge-png-header';
      dv.setUint32(16, big ? at(20_000, 2 ** 31 - 1) : 0);
      dv.setUint32(20, big ? at(20_000, 2 ** 31 - 1) : at(0, 3));
      return b;
    }
    case 'huge-jpeg-header': {
      const o = jpegSof(b);
      if (o < 0) return b;
      const h = at(30_000, 65_535);
      const w = at(30_000, 65_535);
      b[o] = h >> 8;
      b[o + 1] = h & 0xff;
      b[o + 2] = w >> 8;
      b[o + 3] = w & 0xff;
      return b;
    }
    case 'wrong-signature':
      // A JPEG's bytes behind a PNG signature or the other way round.
      b.set(b[0] === 0xff ? [0x89, 0x50, 0x4e, 0x47] : [0xff, 0xd8, 0xff, 0xe0], 0);
      return b;
    case 'noise': {
      const n = new Uint8Array(at(1, 200_000));
      for (let i = 0; i < n.length; i++) n[i] = at(0, 256);
      // Half of them start with a valid signature, so that they get past the first check.
      if (r() < 0.5) n.set(src.subarray(0, Math.min(n.length, src[0] === 0x89 ? 33 : 20)), 0);
      return n;
    }
    case 'empty':
      return new Uint8Array(0);
    case 'chunk-dropped': {
      // A block of bytes cut out of the middle (a bad copy).
      const a = at(8, b.length - 2);
      const e = Math.min(b.length, a + at(1, 4096));
      return new Uint8Array([...b.subarray(0, a), ...b.subarray(e)]);
    }
  }
}

const KINDS: Mutation[] = [
  'truncated',
  'flipped',
  'flipped',
  'huge-png-header',
  'huge-jpeg-header',
  'zero-png-header',
  'wrong-signature',
  'noise',
  'empty',
  'chunk-dropped',
];

/** Write `count` mutated files made from `sources` into `dir`; returns their paths and how each was made. */
export function writeFuzzSet(sources: string[], dir: string, count: number, seed = 1): { file: string; kind: Mutation; source: string }[] {
  const r = rng(seed);
  const srcs = sources.map((s) => ({ name: path.basename(s), bytes: new Uint8Array(fs.readFileSync(s)) }));
  fs.mkdirSync(dir, { recursive: true });
  const out: { file: string; kind: Mutation; source: string }[] = [];
  for (let i = 0; i < count; i++) {
    const src = srcs[i % srcs.length];
    let kind = KINDS[Math.floor(r() * KINDS.length)];
    // Header edits that exist in the source's own format.
    const png = src.bytes[0] === 0x89;
    if (kind === 'huge-png-header' && !png) kind = 'huge-jpeg-header';
    else if (kind === 'huge-jpeg-header' && png) kind = 'huge-png-header';
    else if (kind === 'zero-png-header' && !png) kind = 'wrong-signature';
    const bytes = mutate(src.bytes, kind, r);
    const ext = path.extname(src.name);
    const file = path.join(dir, `${String(i).padStart(4, '0')}-${kind}${ext}`);
    fs.writeFileSync(file, bytes);
    out.push({ file, kind, source: src.name });
  }
  return out;
}
