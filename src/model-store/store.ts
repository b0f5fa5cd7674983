/**
 * The model store: the one module that downloads, verifies and caches model files.
 *
 * - Sources, in order: the app's own self-hosted folder (`/models/<org>/<name>/...`), then the Hub.
 * - Downloads stream with per-file and per-model progress; sizes and SHA-256 from the catalog are
 *   checked before anything is stored, so a broken, truncated or HTML-fallback response never lands
 *   in the cache under a model's name.
 * - Files are stored in the Cache API under their self-hosted URL; metadata lives in IndexedDB.
 * - `fetch` is installed as transformers.js's `env.fetch`, so every file the library asks for goes
 *   through the store: cached files are served without touching the network (offline works).
 */
import { createSHA256 } from 'hash-wasm';
import { AppError, formatBytes, isQuotaError } from '../protocol/errors';
import type { Dtype } from '../protocol/messages';
import { filesFor, type FileSpec, type ModelEntry } from './catalog-types';
import { idbMetaStore, type MetaStore, type StoredModelMeta } from './metadata';
import { cacheKey, parseModelUrl, sourcesFor, type SourceConfig, type SourceKind } from './sources';

export const MODEL_CACHE = 'model-files-v1';

/** The subset of the Cache API the store uses (a real Cache in browsers, a fake in unit tests). */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, res: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
}

export interface FileProgress {
  file: string;
  loaded: number;
  total: number | null;
  fromCache: boolean;
}

export interface EnsureOptions {
  signal?: AbortSignal;
  onProgress?: (p: FileProgress & { totalLoaded: number; totalBytes: number | null }) => void;
  onVerify?: (file: string) => void;
}

export interface StoreDeps {
  config: SourceConfig;
  cache: () => Promise<CacheLike>;
  meta?: MetaStore;
  fetch?: typeof fetch;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  now?: () => number;
}

const isHtml = (res: Response, path: string) =>
  /text\/html/i.test(res.headers.get('content-type') ?? '') && !/\.html?$/i.test(path);

export class ModelStore {
  readonly config: SourceConfig;
  private readonly getCache: () => Promise<CacheLike>;
  private readonly meta: MetaStore;
  private readonly net: typeof fetch;
  private readonly estimate?: StoreDeps['estimate'];
  private readonly now: () => number;
  /** Catalog file specs by model id, so files fetched by transformers.js are verified too. */
  private readonly known = new Map<string, ModelEntry>();
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(deps: StoreDeps) {
    this.config = deps.config;
    this.getCache = deps.cache;
    this.meta = deps.meta ?? idbMetaStore();
    this.net = deps.fetch ?? ((input, init) => fetch(input, init));
    this.estimate = deps.estimate;
    this.now = deps.now ?? Date.now;
  }

  register(entries: ModelEntry[]) {
    for (const e of entries) this.known.set(e.id, e);
  }

  private spec(modelId: string, path: string): FileSpec | undefined {
    return this.known.get(modelId)?.files.find((f) => f.path === path);
  }

  /** Make sure every file the model needs for `dtype` is stored and verified; report progress. */
  async ensure(entry: ModelEntry, dtype: Dtype, opts: EnsureOptions = {}): Promise<void> {
    this.register([entry]);
    const files = filesFor(entry, dtype);
    const cache = await this.getCache();
    const cached = await Promise.all(files.map((f) => cache.match(cacheKey(this.config, entry.id, f.path))));
    const missing = files.filter((_, i) => !cached[i]);
    const sizeOf = (f: FileSpec) => f.size ?? f.approxSize;
    const totalBytes = files.every((f) => sizeOf(f) !== undefined) ? files.reduce((a, f) => a + (sizeOf(f) ?? 0), 0) : null;
    let doneBytes = 0;
    for (let i = 0; i < files.length; i++) {
      if (cached[i]) {
        const size = Number(cached[i]!.headers.get('content-length')) || sizeOf(files[i]) || 0;
        doneBytes += size;
        opts.onProgress?.({ file: files[i].path, loaded: size, total: size, fromCache: true, totalLoaded: doneBytes, totalBytes });
      }
    }
    if (missing.length) await this.checkRoom(entry, missing);
    for (const f of missing) {
      let last = 0;
      await this.download(entry.id, f.path, entry.revision, {
        signal: opts.signal,
        onVerify: opts.onVerify,
        onProgress: (p) => {
          doneBytes += p.loaded - last;
          last = p.loaded;
          opts.onProgress?.({ ...p, totalLoaded: doneBytes, totalBytes });
        },
      });
    }
    await this.touch(entry.id);
    await this.prune(entry);
  }

  /**
   * Delete stored files that the catalog no longer lists for this model (a newer app version may
   * replace a file, as when the OCR recogniser became an 8-bit one); files of the model's other
   * dtypes stay.
   */
  private async prune(entry: ModelEntry) {
    const meta = await this.meta.get(entry.id);
    if (!meta) return;
    const listed = new Set(entry.files.map((f) => f.path));
    const stale = Object.keys(meta.files).filter((p) => !listed.has(p));
    if (!stale.length) return;
    const cache = await this.getCache();
    await Promise.all(stale.map((p) => cache.delete(cacheKey(this.config, entry.id, p))));
    for (const p of stale) delete meta.files[p];
    await this.meta.set(meta);
  }

  /** Refuse before downloading when the browser says the files will not fit. */
  private async checkRoom(entry: ModelEntry, files: FileSpec[]) {
    if (!this.estimate) return;
    const need = files.reduce((a, f) => a + (f.size ?? f.approxSize ?? 0), 0);
    let est: { usage?: number; quota?: number };
    try {
      est = await this.estimate();
    } catch {
      return;
    }
    if (est.quota === undefined) return;
    const free = est.quota - (est.usage ?? 0);
    if (need > free) {
      throw new AppError(
        'quota',
        `Not enough storage space for ${entry.title}: it needs ${formatBytes(need)} but only ${formatBytes(Math.max(0, free))} is available to this app. Delete other models in the Storage panel or free space on the device.`,
      );
    }
  }

  /** Download one file (deduplicated while in flight), verify it, then commit it to the cache. */
  download(modelId: string, path: string, revision = 'main', opts: { signal?: AbortSignal; onProgress?: (p: FileProgress) => void; onVerify?: (file: string) => void } = {}): Promise<void> {
    const key = cacheKey(this.config, modelId, path);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.downloadNow(modelId, path, revision, opts).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async downloadNow(
    modelId: string,
    path: string,
    revision: string,
    opts: { signal?: AbortSignal; onProgress?: (p: FileProgress) => void; onVerify?: (file: string) => void },
  ): Promise<void> {
    const spec = this.spec(modelId, path);
    const label = `${modelId}/${path}`;
    // Models published only in a self-hosted folder are never asked of the Hub: it does not have
    // them, and asking would tell a third party which model this user runs.
    const config = this.known.get(modelId)?.source === 'self-hosted' ? { ...this.config, hubHost: null } : this.config;
    let res: Response | undefined;
    let source: SourceKind | undefined;
    let netError: { err: unknown; kind: SourceKind } | undefined;
    for (const src of sourcesFor(config, modelId, path, revision)) {
      try {
        res = await this.net(src.url, { signal: opts.signal, cache: 'no-store' });
      } catch (err) {
        if (opts.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
        netError ??= { err, kind: src.kind };
        continue; // the next source may still answer
      }
      if (res.status === 404 || (res.ok && isHtml(res, path))) {
        res = undefined; // missing here (an HTML page is an app fallback, never a model file)
        continue;
      }
      if (!res.ok) {
        throw new AppError('download', `Could not download ${label}: the server answered ${res.status} ${res.statusText}.`);
      }
      source = src.kind;
      break;
    }
    if (!res || !source) {
      if (netError) {
        const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
        throw new AppError(
          offline ? 'offline' : 'download',
          offline
            ? `${label} is not downloaded yet and this device is offline. Connect once to download it; it then works offline.`
            : `Could not download ${label} from ${netError.kind === 'hub' ? 'the model hub' : 'this site'}: the network request failed. Nothing was saved; try again.`,
          String(netError.err),
        );
      }
      throw new AppError(
        'not-found',
        `${label} was not found in this site's model folder${config.hubHost ? ' or on the model hub' : this.config.hubHost ? '' : ' (downloads from the model hub are turned off in Settings)'}.`,
      );
    }

    const declared = Number(res.headers.get('content-length')) || null;
    const total = spec?.size ?? declared;
    const hasher = spec?.sha256 ? await createSHA256() : null;
    hasher?.init();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    opts.onProgress?.({ file: path, loaded: 0, total, fromCache: false });
    try {
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        hasher?.update(value);
        loaded += value.byteLength;
        opts.onProgress?.({ file: path, loaded, total, fromCache: false });
      }
    } catch (err) {
      if (opts.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
      throw new AppError(
        'download',
        `The download of ${label} broke off after ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}. Nothing was saved; try again when the connection is back.`,
        String(err),
      );
    }
    if (declared !== null && loaded !== declared) {
      throw new AppError('download', `The download of ${label} was incomplete (${formatBytes(loaded)} of ${formatBytes(declared)}). Nothing was saved; try again.`);
    }
    opts.onVerify?.(path);
    if (spec?.size !== undefined && loaded !== spec.size) {
      throw new AppError(
        'checksum',
        `${label} failed verification: expected ${spec.size} bytes, got ${loaded}. The file on the server is not the one this app expects; it was not saved.`,
      );
    }
    const digest = hasher?.digest('hex');
    if (spec?.sha256 && digest !== spec.sha256.toLowerCase()) {
      throw new AppError(
        'checksum',
        `${label} failed its checksum (SHA-256 ${digest?.slice(0, 12)}… instead of ${spec.sha256.slice(0, 12)}…). The file is corrupt or not the expected version; it was not saved.`,
      );
    }

    const body = new Blob(chunks as BlobPart[]);
    const headers = new Headers({
      'content-type': res.headers.get('content-type') ?? 'application/octet-stream',
      'content-length': String(loaded),
      'x-model-source': source,
    });
    const cache = await this.getCache();
    try {
      await cache.put(cacheKey(this.config, modelId, path), new Response(body, { status: 200, headers }));
    } catch (err) {
      if (isQuotaError(err)) {
        throw new AppError('quota', `Storage is full: ${label} (${formatBytes(loaded)}) could not be saved. Delete other models in the Storage panel or free space on the device.`);
      }
      throw err;
    }
    const now = this.now();
    const meta: StoredModelMeta = (await this.meta.get(modelId)) ?? { id: modelId, files: {}, firstStoredAt: now, lastUsedAt: now };
    meta.files[path] = { path, size: loaded, source, verified: !!digest, ...(digest ? { sha256: digest } : {}), storedAt: now };
    await this.meta.set(meta);
  }

  private async touch(modelId: string) {
    const meta = await this.meta.get(modelId);
    if (meta) {
      meta.lastUsedAt = this.now();
      await this.meta.set(meta);
    }
  }

  /**
   * A `fetch` for transformers.js. Model-file URLs (self-hosted or Hub) are answered from the store,
   * downloading through it when needed; a file no source has gets a real 404 (optional files).
   */
  fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const parsed = parseModelUrl(this.config, url);
    if (!parsed) return this.net(input, init);
    const key = cacheKey(this.config, parsed.modelId, parsed.path);
    const cache = await this.getCache();
    const hit = await cache.match(key);
    if (hit) return hit;
    // The catalog lists every file a known model needs: anything else is an optional probe
    // (e.g. tokenizer_config.json for an image model) and is absent without asking any server.
    if (this.known.has(parsed.modelId) && !this.spec(parsed.modelId, parsed.path)) {
      return new Response(null, { status: 404, statusText: 'Not in the catalog' });
    }
    try {
      await this.download(parsed.modelId, parsed.path, parsed.revision, { signal: init?.signal ?? undefined });
    } catch (err) {
      // Files outside the catalog are optional probes (e.g. tokenizer_config.json): absent is fine.
      if (err instanceof AppError && !this.spec(parsed.modelId, parsed.path) && ['not-found', 'offline'].includes(err.code)) {
        return new Response(null, { status: 404, statusText: 'Not Found' });
      }
      throw err;
    }
    return (await cache.match(key)) ?? new Response(null, { status: 404 });
  };

  async list(): Promise<StoredModelMeta[]> {
    return (await this.meta.all()).sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  }

  async remove(modelId: string): Promise<void> {
    const meta = await this.meta.get(modelId);
    const cache = await this.getCache();
    const paths = new Set([...Object.keys(meta?.files ?? {}), ...(this.known.get(modelId)?.files.map((f) => f.path) ?? [])]);
    await Promise.all([...paths].map((p) => cache.delete(cacheKey(this.config, modelId, p))));
    await this.meta.delete(modelId);
  }
}

/** A store on the browser's Cache API and IndexedDB (page or worker). */
export function browserModelStore(config: SourceConfig): ModelStore {
  return new ModelStore({
    config,
    cache: () => caches.open(MODEL_CACHE),
    estimate: navigator.storage?.estimate ? () => navigator.storage.estimate() : undefined,
  });
}
