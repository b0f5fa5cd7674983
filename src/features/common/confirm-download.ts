import type { ModelEntry } from '../../model-store/catalog-types';
import { settings } from '../../app/settings';
import { chooseBackend } from '../../runtime/backend';
import { getCapabilities } from '../../runtime/capabilities';
import { pageStore } from '../../runtime/page-store';
import { lastWebGpuFailure } from '../../runtime/tasks';
import { downloadCheck } from './download-check';

/**
 * Before running a model: ask when it needs a download above 100 MB (for the dtype that will really
 * run) or may not fit the device's memory; false when the user declines.
 */
export async function confirmDownload(entry: ModelEntry): Promise<boolean> {
  const caps = await getCapabilities();
  const { dtype } = chooseBackend(settings.get().backend, caps, entry, lastWebGpuFailure());
  const stored = (await pageStore().list()).some((m) => m.id === entry.id);
  const { question } = downloadCheck(entry, dtype, { stored, deviceMemoryGB: caps.deviceMemoryGB });
  return question ? window.confirm(question) : true;
}
