/** What the app remembers about each stored model (IndexedDB via idb-keyval). */
import { createStore, del, entries, get, set, update, type UseStore } from 'idb-keyval';
import type { SourceKind } from './sources';

export interface StoredFileMeta {
  path: string;
  size: number;
  source: SourceKind;
  /** True when the bytes matched the catalog's SHA-256; false when the catalog gave none to check. */
  verified: boolean;
  /** SHA-256 of the stored bytes: the catalog's, or (no checksum in the catalog) the first download's, checked by Re-verify. */
  sha256?: string;
  storedAt: number;
}

export interface StoredModelMeta {
  id: string;
  files: Record<string, StoredFileMeta>;
  firstStoredAt: number;
  lastUsedAt: number;
}

export interface MetaStore {
  get(id: string): Promise<StoredModelMeta | undefined>;
  set(meta: StoredModelMeta): Promise<void>;
  /**
   * Read-modify-write in one step (one IndexedDB transaction: two tabs storing files of the same model at
   * once do not lose each other's entries). `fn` gets the current value and returns the new one.
   */
  update(id: string, fn: (old: StoredModelMeta | undefined) => StoredModelMeta): Promise<void>;
  delete(id: string): Promise<void>;
  all(): Promise<StoredModelMeta[]>;
}

export function idbMetaStore(): MetaStore {
  let store: UseStore | undefined;
  const s = () => (store ??= createStore('model-store', 'models'));
  return {
    get: (id) => get<StoredModelMeta>(id, s()),
    set: (meta) => set(meta.id, meta, s()),
    update: (id, fn) => update<StoredModelMeta>(id, fn, s()),
    delete: (id) => del(id, s()),
    all: async () => (await entries<string, StoredModelMeta>(s())).map(([, v]) => v),
  };
}

export function memoryMetaStore(): MetaStore {
  const m = new Map<string, StoredModelMeta>();
  return {
    get: async (id) => structuredClone(m.get(id)),
    set: async (meta) => void m.set(meta.id, structuredClone(meta)),
    update: async (id, fn) => void m.set(id, structuredClone(fn(structuredClone(m.get(id))))),
    delete: async (id) => void m.delete(id),
    all: async () => [...m.values()].map((v) => structuredClone(v)),
  };
}

export const modelBytes = (meta: StoredModelMeta) => Object.values(meta.files).reduce((a, f) => a + f.size, 0);
export const modelVerified = (meta: StoredModelMeta) => Object.values(meta.files).every((f) => f.verified);
