/** Plain-text export of OCR results (Copy all, Download TXT). Pure, unit-tested. */
import type { ItemResult } from '../../protocol/messages';
import type { OcrOutput } from './pipeline';

/** Confidence below which a line is marked as doubtful in the UI. */
export const LOW_CONFIDENCE = 0.8;

/** One image: its text. Several: each under a header with its file name; images without text are noted. */
export function allText(items: (ItemResult<OcrOutput> | undefined)[]): string {
  const done = items.flatMap((i) => (i?.output && !i.error ? [{ input: i.input, text: i.output.text }] : []));
  if (done.length === 1 && items.length === 1) return done[0].text;
  return done.map((i) => `=== ${i.input} ===\n${i.text || '(no text found)'}`).join('\n\n');
}
