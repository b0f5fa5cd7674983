/** The model store as seen from the page (Storage panel, pre-downloads). Workers have their own instance. */
import { CATALOG } from '../model-store/catalog';
import { ORT_RUNTIME } from '../model-store/runtime';
import { browserModelStore, type ModelStore } from '../model-store/store';
import { settings } from './settings';

let store: ModelStore | undefined;
let forHub: string | null | undefined;

export function pageStore(): ModelStore {
  const s = settings.get();
  const hubHost = s.allowHub && !s.strictLocal ? s.hubHost : null;
  if (!store || forHub !== hubHost) {
    store = browserModelStore({ localModelUrl: new URL(`${import.meta.env.BASE_URL}models/`, location.origin).href, hubHost });
    store.register(CATALOG);
    forHub = hubHost;
  }
  return store;
}

/** Absolute URL of this build's ONNX Runtime folder (`…/ort/<tag>/`). */
export const runtimeBaseUrl = () => new URL(`${import.meta.env.BASE_URL}${ORT_RUNTIME.path}`, location.origin).href;

/** Fired on window when what is stored may have changed (a run finished, a model was downloaded or deleted). */
export const STORE_CHANGED = 'model-store-changed';
export const notifyStoreChanged = () => window.dispatchEvent(new Event(STORE_CHANGED));

/** Sizes of the caches the service worker keeps (app shell, ONNX Runtime). */
export async function cacheSizes(): Promise<{ name: string; bytes: number; entries: number }[]> {
  if (typeof caches === 'undefined') return [];
  const out = [];
  for (const name of await caches.keys()) {
    if (name.startsWith('model-files')) continue;
    const cache = await caches.open(name);
    let bytes = 0;
    const reqs = await cache.keys();
    for (const r of reqs) {
      const res = await cache.match(r);
      const len = Number(res?.headers.get('content-length'));
      bytes += len > 0 ? len : ((await res?.clone().blob())?.size ?? 0);
    }
    out.push({ name, bytes, entries: reqs.length });
  }
  return out;
}
