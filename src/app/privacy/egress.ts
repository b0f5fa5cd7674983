/**
 * The egress log: every request the app (page, workers) made to another origin, as the service worker saw it
 * (src/sw.ts records; the privacy page reads). Kept 30 days in IndexedDB (idb-keyval). No import of the page's
 * code: the service worker bundles this.
 */
import { createStore, get, set, update } from 'idb-keyval';

export interface EgressEntry {
  /** When (ms since the epoch). */
  t: number;
  host: string;
  path: string;
  method: string;
  /** HTTP status, or 0 when the request failed (no network, refused). */
  status: number;
  /** Bytes received, when the server said (Content-Length), else null. */
  bytes: number | null;
  /** Who asked: 'page' or 'worker' (the service worker's client type), when known. */
  from: string;
  /** Refused by strict local mode: it never left. */
  refused?: boolean;
}

/** The page's message to the service worker that turns strict local mode on or off (src/app/privacy/strict.ts). */
export const STRICT_MESSAGE = 'STRICT_LOCAL';

export const EGRESS_KEEP_MS = 30 * 24 * 3600 * 1000;
const KEY = 'entries';
const store = () => createStore('egress-log-v1', 'log');

export async function recordEgress(e: EgressEntry, now = Date.now()) {
  await update<EgressEntry[]>(KEY, (old) => [...(old ?? []).filter((x) => now - x.t < EGRESS_KEEP_MS), e].slice(-5000), store());
}

export async function readEgress(now = Date.now()): Promise<EgressEntry[]> {
  return ((await get<EgressEntry[]>(KEY, store())) ?? []).filter((x) => now - x.t < EGRESS_KEEP_MS);
}

export const clearEgress = () => set(KEY, [], store());

/** Why the app made a request, from its address: Hub model files and API calls are recognised. */
export function egressReason(e: Pick<EgressEntry, 'path'>): string {
  const file = /^\/([^/]+)\/([^/]+)\/resolve\/[^/]+\/(.+)$/.exec(e.path);
  if (file) return `model download: ${decodeURIComponent(file[1])}/${decodeURIComponent(file[2])} (${decodeURIComponent(file[3])})`;
  const api = /^\/api\/models\/([^/]+)\/([^/?]+)/.exec(e.path);
  if (api) return `model information: ${decodeURIComponent(api[1])}/${decodeURIComponent(api[2])}`;
  return 'other';
}
