import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { fitWithin, inspectImageHeader, MAX_PIXELS, MAX_SIDE } from './image-input';
import { AppError } from '../../protocol/errors';

/** A PNG whose header claims the given size (body need not be decodable: only the header is read). */
function pngHeader(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4);
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  return new Uint8Array(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), ihdr, deflateSync(Buffer.alloc(8))]));
}

function jpegHeader(width: number, height: number, orientation?: number): Uint8Array {
  const parts: number[] = [0xff, 0xd8];
  if (orientation) {
    // APP1 Exif with one IFD entry: Orientation (0x0112), SHORT, count 1.
    const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
    const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    parts.push(0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload);
  } else {
    // APP0 JFIF, as real files have.
    parts.push(0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0);
  }
  parts.push(0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1);
  parts.push(0xff, 0xd9);
  return new Uint8Array(parts);
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code + ': ' + (e as AppError).message;
  }
  return 'no error';
};

describe('inspectImageHeader', () => {
  it('reads PNG and JPEG dimensions from the header alone', () => {
    expect(inspectImageHeader('a.png', pngHeader(640, 480))).toEqual({ type: 'png', width: 640, height: 480 });
    expect(inspectImageHeader('a.jpg', jpegHeader(500, 416))).toMatchObject({ type: 'jpg', width: 500, height: 416 });
  });

  it('applies EXIF orientation 5-8 (rotated 90°) to the displayed size', () => {
    expect(inspectImageHeader('r.jpg', jpegHeader(400, 300, 6))).toMatchObject({ width: 300, height: 400, orientation: 6 });
    expect(inspectImageHeader('r.jpg', jpegHeader(400, 300, 3))).toMatchObject({ width: 400, height: 300 });
  });

  it('rejects an empty file by name', () => {
    expect(code(() => inspectImageHeader('empty.jpg', new Uint8Array(0)))).toBe('bad-input: “empty.jpg” is empty (0 bytes).');
  });

  it('rejects a non-image whatever its extension says', () => {
    const text = new TextEncoder().encode('hello, this is not an image at all, just text');
    expect(code(() => inspectImageHeader('photo.jpg', text))).toMatch(/^bad-input: “photo.jpg” is not an image/);
  });

  it('rejects formats the app does not decode', () => {
    // Photoshop: signature, version 1, 6 reserved bytes, 3 channels, height 20, width 30.
    const psd = new Uint8Array([0x38, 0x42, 0x50, 0x53, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 20, 0, 0, 0, 30, 0, 8, 0, 3]);
    expect(code(() => inspectImageHeader('art.psd', psd))).toMatch(/^bad-input: “art.psd” is a PSD image/);
  });

  it('rejects enormous dimensions before decoding', () => {
    expect(code(() => inspectImageHeader('bomb.png', pngHeader(50_000, 50_000)))).toMatch(/^input-too-large: “bomb.png” is 50,000×50,000 pixels/);
    expect(code(() => inspectImageHeader('wide.png', pngHeader(MAX_SIDE + 1, 10)))).toMatch(/^input-too-large/);
    const side = Math.ceil(Math.sqrt(MAX_PIXELS)) + 1;
    expect(code(() => inspectImageHeader('big.png', pngHeader(side, side)))).toMatch(/^input-too-large/);
  });

  it('accepts 10,000+ px per side within the pixel budget', () => {
    expect(inspectImageHeader('pano.png', pngHeader(12_000, 4_000))).toMatchObject({ width: 12_000, height: 4_000 });
  });

  it('rejects files above the byte limit without reading them', () => {
    expect(code(() => inspectImageHeader('huge.png', pngHeader(10, 10), 500 * 1024 * 1024))).toMatch(/^input-too-large: “huge.png” is 500 MB/);
  });

  it('rejects a header with zero dimensions', () => {
    expect(code(() => inspectImageHeader('zero.png', pngHeader(0, 10)))).toMatch(/^bad-input/);
  });
});

describe('fitWithin', () => {
  it('never upscales', () => expect(fitWithin(300, 200, 1024)).toEqual({ width: 300, height: 200, scale: 1 }));
  it('fits the longest side and keeps the aspect ratio', () => {
    expect(fitWithin(4000, 3000, 1000)).toEqual({ width: 1000, height: 750, scale: 0.25 });
    expect(fitWithin(3000, 4000, 1000)).toEqual({ width: 750, height: 1000, scale: 0.25 });
  });
  it('keeps at least one pixel for extreme aspect ratios', () => expect(fitWithin(20000, 1, 100).height).toBe(1));
});
