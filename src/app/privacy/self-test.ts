/**
 * Offline self-test: with every request to another origin refused (the service worker's strict local mode, on
 * for the test's duration), each stored model runs on a built-in sample input. A pass is the proof that the
 * device can do that task with the network off.
 */
import { CATALOG } from '../../model-store/catalog';
import type { ModelEntry } from '../../model-store/catalog-types';
import type { TaskInput } from '../../protocol/messages';
import { pageStore, runtimeBaseUrl } from '../../runtime/page-store';
import { runTask } from '../../runtime/tasks';
import { settings } from '../../runtime/settings';
import { STRICT_MESSAGE } from './egress';

export interface SelfTestResult {
  modelId: string;
  task: string;
  title: string;
  ok: boolean;
  ms: number;
  /** What the run gave (a label, the text read, a count), or why it failed. */
  detail: string;
}

const SAMPLE_TEXT =
  'The city library will open a new reading room next month. It will hold maps, letters and photographs ' +
  'from three centuries of the harbour, and volunteers will guide visitors on weekends.';

/** A built-in sample image: a word in large black letters on white, and a red disc (drawn, so nothing is fetched). */
export async function sampleImage(): Promise<File> {
  const canvas = new OffscreenCanvas(480, 240);
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, 480, 240);
  g.fillStyle = '#c62828';
  g.beginPath();
  g.arc(390, 120, 60, 0, 2 * Math.PI);
  g.fill();
  g.fillStyle = '#000';
  g.font = 'bold 56px sans-serif';
  g.fillText('OFFLINE', 24, 140);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], 'self-test.png', { type: 'image/png' });
}

const tellServiceWorker = async (on: boolean) => {
  const reg = await navigator.serviceWorker?.ready;
  reg?.active?.postMessage({ type: STRICT_MESSAGE, on });
  navigator.serviceWorker?.controller?.postMessage({ type: STRICT_MESSAGE, on });
};

/** The models stored whole (every file of their WASM dtype), with the runtime stored too. */
export async function storedModels(): Promise<ModelEntry[]> {
  const store = pageStore();
  const list = await store.list();
  const out: ModelEntry[] = [];
  for (const meta of list) {
    const entry = CATALOG.find((m) => m.id === meta.id);
    if (entry && !(await store.missingFiles(entry, entry.backends.wasm.dtype)).length) out.push(entry);
  }
  return out;
}

function describe(output: unknown): string {
  if (Array.isArray(output)) {
    const first = output[0] as { label?: string; score?: number } | undefined;
    return first?.label ? `${first.label} (${Math.round(100 * (first.score ?? 0))}%)` : `${output.length} results`;
  }
  if (output && typeof output === 'object') {
    const o = output as { text?: string; summary?: string; detections?: unknown[] };
    if (typeof o.text === 'string') return o.text ? `read “${o.text.slice(0, 60)}”` : 'no text found';
    if (typeof o.summary === 'string') return `“${o.summary.slice(0, 60)}…”`;
    if (Array.isArray(o.detections)) return `${o.detections.length} objects`;
  }
  return 'done';
}

export async function runSelfTest(onResult: (r: SelfTestResult) => void): Promise<{ results: SelfTestResult[]; runtime: boolean }> {
  const runtime = (await pageStore().runtimeStatus(runtimeBaseUrl())).stored;
  const models = await storedModels();
  const results: SelfTestResult[] = [];
  await tellServiceWorker(true);
  try {
    const image = await sampleImage();
    for (const entry of models) {
      const imageTask = entry.task === 'image-classification' || entry.task === 'object-detection' || entry.task === 'ocr';
      const inputs: TaskInput[] = imageTask ? [{ kind: 'file', file: image }] : [{ kind: 'text', text: SAMPLE_TEXT, name: 'sample' }];
      const t = performance.now();
      let r: SelfTestResult;
      try {
        const out =
          entry.task === 'text-classification'
            ? await runTask(entry.task, entry.id, inputs, {}, { labels: ['news', 'sport'], template: 'This text is about {}.', multiLabel: false }).promise
            : await runTask(entry.task, entry.id, inputs).promise;
        const item = out.items[0];
        r = item?.error
          ? { modelId: entry.id, task: entry.task, title: entry.title, ok: false, ms: performance.now() - t, detail: item.error.message }
          : { modelId: entry.id, task: entry.task, title: entry.title, ok: true, ms: performance.now() - t, detail: describe(item?.output) };
      } catch (e) {
        r = {
          modelId: entry.id,
          task: entry.task,
          title: entry.title,
          ok: false,
          ms: performance.now() - t,
          detail: e instanceof Error ? e.message : String(e),
        };
      }
      results.push(r);
      onResult(r);
    }
  } finally {
    await tellServiceWorker(settings.get().strictLocal);
  }
  return { results, runtime };
}
