/**
 * Before a download: its size (ask above 100 MB) and whether the model fits the device's memory
 * (navigator.deviceMemory, in GB, where the browser tells it). Pure decision + a confirm() wrapper.
 */
import { bytesFor, filesFor, type FileSpec, type ModelEntry } from '../../model-store/catalog-types';
import { formatBytes } from '../../lib/format';
import type { Dtype } from '../../protocol/messages';

export const CONFIRM_ABOVE_BYTES = 100 * 1024 * 1024;

export interface DownloadCheck {
  /** A question to ask before going on, or null when nothing needs asking. */
  question: string | null;
  memoryWarning: string | null;
}

/**
 * `missing`: the files still to download (a model broken off part-way has some stored: only the rest counts);
 * all the dtype's files when not given.
 */
export function downloadCheck(entry: ModelEntry, dtype: Dtype, opts: { missing?: FileSpec[]; deviceMemoryGB?: number }): DownloadCheck {
  const missing = opts.missing ?? filesFor(entry, dtype);
  const bytes = missing.reduce((a, f) => a + (f.size ?? f.approxSize ?? 0), 0);
  const exact = missing.every((f) => f.size !== undefined);
  const partial = missing.length > 0 && missing.length < filesFor(entry, dtype).length;
  // A model needing more than half the device's RAM is likely to crash the tab (the browser, the OS and other tabs need the rest).
  const memoryWarning =
    entry.approxMemoryMB && opts.deviceMemoryGB && entry.approxMemoryMB > opts.deviceMemoryGB * 1024 * 0.5
      ? `${entry.title} needs about ${entry.approxMemoryMB >= 1024 ? `${(entry.approxMemoryMB / 1024).toFixed(1)} GB` : `${entry.approxMemoryMB} MB`} of memory while running, and this device reports ${opts.deviceMemoryGB} GB in total: it may not fit, and the tab could be closed by the browser.`
      : null;
  const big = bytes > CONFIRM_ABOVE_BYTES;
  if (!big && !memoryWarning) return { question: null, memoryWarning: null };
  const parts: string[] = [];
  if (memoryWarning) parts.push(`Warning: ${memoryWarning}`);
  if (big) {
    const of = partial ? ` more (of ${formatBytes(bytesFor(entry, dtype).bytes)}: the rest is stored already)` : '';
    parts.push(`${entry.title} needs a download of ${exact ? '' : 'about '}${formatBytes(bytes)}${of} (kept on this device for offline use).`);
  }
  parts.push(big ? 'Download it now?' : 'Run it anyway?');
  return { question: parts.join('\n\n'), memoryWarning };
}
