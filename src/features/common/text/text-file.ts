/**
 * Reading a dropped or picked text file: refuses binary data ("this does not look like text")
 * from the bytes, not the name, and decodes UTF-8 (with or without BOM) or UTF-16 with a BOM.
 */
import { AppError } from '../../../protocol/errors';
import { formatBytes } from '../../../lib/format';

/** Largest text file accepted (the text is chunked; beyond this the tab's memory is the limit). */
export const MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Decodes bytes as text, or returns null when they do not look like text: NUL bytes, invalid UTF-8
 * (without a UTF-16 BOM), or more than 1 % control characters other than tab, newline, CR and form feed.
 */
export function decodeText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    else {
      if (bytes.includes(0)) return null;
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    }
  } catch {
    return null;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) control++;
  }
  if (control > Math.max(0, text.length * 0.01)) return null;
  return text;
}

export async function readTextFile(file: File): Promise<string> {
  if (file.size === 0) throw new AppError('bad-input', `“${file.name}” is empty (0 bytes).`);
  if (file.size > MAX_TEXT_FILE_BYTES) {
    throw new AppError('bad-input', `“${file.name}” is ${formatBytes(file.size)}; text files up to ${formatBytes(MAX_TEXT_FILE_BYTES)} are accepted.`);
  }
  const text = decodeText(new Uint8Array(await file.arrayBuffer()));
  if (text === null) throw new AppError('bad-input', `“${file.name}” does not look like text (it contains binary data). Drop a plain-text or Markdown file.`);
  if (!text.trim()) throw new AppError('bad-input', `“${file.name}” contains only whitespace.`);
  return text;
}
