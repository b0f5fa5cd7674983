import { bytesFor, type ModelEntry } from '../../model-store/catalog-types';
import { formatBytes } from '../../protocol/errors';
import { pageStore } from '../../runtime/page-store';

export const CONFIRM_ABOVE_BYTES = 100 * 1024 * 1024;

/** Ask before a download above 100 MB; false when the user declines. */
export async function confirmDownload(entry: ModelEntry): Promise<boolean> {
  const stored = (await pageStore().list()).some((m) => m.id === entry.id);
  const { bytes, exact } = bytesFor(entry, entry.backends.wasm.dtype);
  if (stored || bytes <= CONFIRM_ABOVE_BYTES) return true;
  return window.confirm(
    `${entry.title} needs a download of ${exact ? '' : 'about '}${formatBytes(bytes)} (kept on this device for offline use)${entry.approxMemoryMB ? ` and about ${entry.approxMemoryMB} MB of memory while running` : ''}. Download it now?`,
  );
}
