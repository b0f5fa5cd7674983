/** Decode a user's image file in a worker: check the header first, decode downscaled, flatten alpha on white. */
import { AppError } from '../../protocol/errors';
import { fitWithin, HEADER_BYTES, inspectImageHeader, type ImageHeader } from './image-input';

export interface DecodedImage {
  header: ImageHeader;
  /** RGBA pixels at the decoded size (alpha composited on white). */
  data: Uint8ClampedArray;
  width: number;
  height: number;
  /** decoded size / original size */
  scale: number;
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

export async function decodeImage(file: Blob & { name?: string }, maxSide: number): Promise<DecodedImage> {
  const name = file.name ?? 'image';
  const header = await readHeader(file);
  const target = fitWithin(header.width, header.height, maxSide);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      ...(target.scale < 1 ? { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' as const } : {}),
    });
  } catch (err) {
    throw new AppError('bad-input', `“${name}” could not be decoded: the file is corrupt or truncated.`, String(err));
  }
  try {
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new AppError('internal', 'This browser cannot draw images in a worker (no OffscreenCanvas 2D).');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { header, data, width, height, scale: width / header.width };
  } finally {
    bitmap.close();
  }
}
