import type { ModelEntry } from '../../model-store/catalog-types';
import { settings } from '../../runtime/settings';
import { chooseBackend } from '../../runtime/backend';
import { getCapabilities } from '../../runtime/capabilities';
import { pageStore } from '../../runtime/page-store';
import { lastWebGpuFailure } from '../../runtime/tasks';
import { downloadCheck } from './download-check';

/**
 * Before running a model: ask when it needs a download above 100 MB (the files of the dtype that will
 * really run that are not stored yet) or may not fit the device's memory; false when the user declines.
 */
export async function confirmDownload(entry: ModelEntry): Promise<boolean> {
  const caps = await getCapabilities();
  const { dtype } = chooseBackend(settings.get().backend, caps, entry, lastWebGpuFailure());
  const missing = await pageStore().missingFiles(entry, dtype);
  const { question } = downloadCheck(entry, dtype, { missing, deviceMemoryGB: caps.deviceMemoryGB });
  return question ? window.confirm(question) : true;
}
