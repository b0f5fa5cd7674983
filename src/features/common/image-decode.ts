/**
 * The one way a worker turns an image into RGBA pixels: the header checked first (type, size, dimensions:
 * clear messages for wrong, corrupt and huge files), EXIF orientation applied, downscaled while decoding,
 * then drawn on an OffscreenCanvas. Used by every image task's handler, for files and for camera frames.
 */
import { AppError } from '../../protocol/errors';
import { fitWithin, HEADER_BYTES, inspectImageHeader, type ImageHeader } from './image-input';

export interface DecodedImage {
  header: ImageHeader;
  /** RGBA pixels at the decoded size. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
  /** decoded size / original size */
  scale: number;
}

/** The decoded size: a longest side, or a budget computed from the original size (e.g. OCR's pixel count). */
export type DecodeSize = number | ((width: number, height: number) => { width: number; height: number; scale: number });

export interface DecodeOptions {
  /**
   * `white` (default): transparent pixels composited on white. `straight`: the alpha channel kept, not
   * premultiplied, for a caller that flattens it itself (OCR picks a background that contrasts with the ink).
   */
  alpha?: 'white' | 'straight';
}

export async function readHeader(file: Blob & { name?: string }): Promise<ImageHeader> {
  const name = file.name ?? 'image';
  const head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  try {
    return inspectImageHeader(name, head, file.size);
  } catch (err) {
    // A JPEG with a huge metadata block: retry on the whole file when it is small enough.
    if (err instanceof AppError && err.code === 'bad-input' && file.size > HEADER_BYTES && file.size <= 32 * 1024 * 1024) {
      return inspectImageHeader(name, new Uint8Array(await file.arrayBuffer()), file.size);
    }
    throw err;
  }
}

export async function decodeImage(file: Blob & { name?: string }, size: DecodeSize, { alpha = 'white' }: DecodeOptions = {}): Promise<DecodedImage> {
  const name = file.name ?? 'image';
  const header = await readHeader(file);
  const target = typeof size === 'number' ? fitWithin(header.width, header.height, size) : size(header.width, header.height);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      ...(alpha === 'straight' ? { premultiplyAlpha: 'none' as const } : {}),
      ...(target.scale < 1 ? { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' as const } : {}),
    });
  } catch (err) {
    throw new AppError('bad-input', `“${name}” could not be decoded: the file is corrupt or truncated.`, String(err));
  }
  try {
    const { width, height } = bitmap;
    const data = bitmapPixels(bitmap, width, height, alpha === 'white');
    return { header, data, width, height, scale: width / header.width };
  } finally {
    bitmap.close();
  }
}

/** The RGBA pixels of `bitmap` drawn at `width` × `height` (on white first when `onWhite`). The caller closes it. */
export function bitmapPixels(bitmap: ImageBitmap, width: number, height: number, onWhite: boolean): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new AppError('internal', 'This browser cannot draw images in a worker (no OffscreenCanvas 2D).');
  if (onWhite) {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
  }
  ctx.drawImage(bitmap, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height).data;
}
