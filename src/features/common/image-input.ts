/**
 * Image input checks that run BEFORE anything is decoded: type sniffed from the bytes (not the file
 * name), dimensions read from the header, limits applied. Pure logic, unit-tested.
 */
import { imageSize } from 'image-size';
import { AppError } from '../../protocol/errors';

export const SUPPORTED_TYPES = ['jpg', 'png', 'webp', 'gif', 'bmp'] as const;
/** Largest side we accept. Larger images are refused before decoding (a decode bomb guard). */
export const MAX_SIDE = 30_000;
/** Largest pixel count we accept (≈ 480 MB as RGBA while decoding). */
export const MAX_PIXELS = 120_000_000;
/** Largest file we read at all. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export interface ImageHeader {
  type: (typeof SUPPORTED_TYPES)[number];
  /** Dimensions as displayed (EXIF orientation applied). */
  width: number;
  height: number;
  orientation?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Read the type and size from the first bytes of a file. Throws AppError('bad-input'|'input-too-large'). */
export function inspectImageHeader(name: string, bytes: Uint8Array, fileSize = bytes.byteLength): ImageHeader {
  if (fileSize === 0) throw new AppError('bad-input', `“${name}” is empty (0 bytes).`);
  if (fileSize > MAX_FILE_BYTES) {
    throw new AppError('input-too-large', `“${name}” is ${Math.round(fileSize / 1048576)} MB; images up to ${MAX_FILE_BYTES / 1048576} MB are accepted.`);
  }
  let info: ReturnType<typeof imageSize>;
  try {
    info = imageSize(bytes);
  } catch {
    throw new AppError('bad-input', `“${name}” is not an image this app can read. Supported formats: JPEG, PNG, WebP, GIF and BMP.`);
  }
  const type = info.type as ImageHeader['type'];
  if (!SUPPORTED_TYPES.includes(type)) {
    throw new AppError(
      'bad-input',
      `“${name}” is a ${String(info.type).toUpperCase()} image, which this app cannot read. Supported formats: JPEG, PNG, WebP, GIF and BMP.`,
    );
  }
  let { width, height } = info;
  if (!width || !height) throw new AppError('bad-input', `“${name}” has no valid dimensions in its header; the file is corrupt.`);
  if (info.orientation && info.orientation >= 5) [width, height] = [height, width];
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw new AppError(
      'input-too-large',
      `“${name}” is ${fmt(width)}×${fmt(height)} pixels, too large to decode safely on this device (limit: ${fmt(MAX_SIDE)} px per side and ${MAX_PIXELS / 1e6} megapixels). Downscale it and try again.`,
    );
  }
  return { type, width, height, ...(info.orientation ? { orientation: info.orientation } : {}) };
}

/** Size to decode to: fit inside maxSide keeping the aspect ratio; never upscale. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), scale };
}

/** Bytes needed to find the header: JPEG headers can sit after a large EXIF block. */
export const HEADER_BYTES = 512 * 1024;
