/**
 * File Handling: a file opened with the installed app ("Open with" on desktop, `file_handlers` in the
 * manifest) arrives through `window.launchQueue` and is routed like a share.
 */
import type { TaskId } from '../../protocol/messages';
import { openShared } from './inbox';

interface LaunchParams {
  files?: readonly { getFile(): Promise<File> }[];
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void;
}

export function consumeLaunches(routeOf: (task: TaskId) => string) {
  const queue = (window as unknown as { launchQueue?: LaunchQueue }).launchQueue;
  queue?.setConsumer((params) => {
    if (!params.files?.length) return;
    void Promise.all(params.files.map((h) => h.getFile())).then((files) => openShared({ files, text: '' }, routeOf));
  });
}
