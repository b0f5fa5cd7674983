/** What the app remembers about each stored model (IndexedDB via idb-keyval). */
import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';
import type { SourceKind } from './sources';

export interface StoredFileMeta {
  path: string;
  size: number;
  source: SourceKind;
  /** True when the bytes matched the catalog's SHA-256; false when the catalog gave none to check. */
  verified: boolean;
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
  delete(id: string): Promise<void>;
  all(): Promise<StoredModelMeta[]>;
}

export function idbMetaStore(): MetaStore {
  let store: UseStore | undefined;
  const s = () => (store ??= createStore('model-store', 'models'));
  return {
    get: (id) => get<StoredModelMeta>(id, s()),
    set: (meta) => set(meta.id, meta, s()),
    delete: (id) => del(id, s()),
    all: async () => (await entries<string, StoredModelMeta>(s())).map(([, v]) => v),
  };
}

export function memoryMetaStore(): MetaStore {
  const m = new Map<string, StoredModelMeta>();
  return {
    get: async (id) => structuredClone(m.get(id)),
    set: async (meta) => void m.set(meta.id, structuredClone(meta)),
    delete: async (id) => void m.delete(id),
    all: async () => [...m.values()].map((v) => structuredClone(v)),
  };
}

export const modelBytes = (meta: StoredModelMeta) => Object.values(meta.files).reduce((a, f) => a + f.size, 0);
export const modelVerified = (meta: StoredModelMeta) => Object.values(meta.files).every((f) => f.verified);
