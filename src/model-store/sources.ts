/** Where a model file can come from, and how to recognise a model-file URL. Pure functions. */
export interface SourceConfig {
  /** Absolute URL of the self-hosted folder, ending in `/`. */
  localModelUrl: string;
  /** Hub base URL ending in `/`, or null when remote downloads are off. */
  hubHost: string | null;
}

export type SourceKind = 'self-hosted' | 'hub';

export interface FileSource {
  kind: SourceKind;
  url: string;
}

const withSlash = (s: string) => (s.endsWith('/') ? s : `${s}/`);

/** The key a file is stored under: its self-hosted URL, whichever source it came from. */
export function cacheKey(cfg: SourceConfig, modelId: string, path: string): string {
  return `${withSlash(cfg.localModelUrl)}${modelId}/${path}`;
}

export function hubUrl(hubHost: string, modelId: string, path: string, revision = 'main'): string {
  return `${withSlash(hubHost)}${modelId}/resolve/${encodeURIComponent(revision)}/${path}`;
}

/** Sources in the order they are tried: the app's own origin first, then the Hub. */
export function sourcesFor(cfg: SourceConfig, modelId: string, path: string, revision = 'main'): FileSource[] {
  const out: FileSource[] = [{ kind: 'self-hosted', url: cacheKey(cfg, modelId, path) }];
  if (cfg.hubHost) out.push({ kind: 'hub', url: hubUrl(cfg.hubHost, modelId, path, revision) });
  return out;
}

/** `<org>/<name>` with the characters the Hub allows. */
export const isModelId = (id: string) => /^[\w.-]+\/[\w.-]+$/.test(id) && !id.includes('..');

/**
 * Recognise a URL that transformers.js asks for as a model file: either under the self-hosted folder
 * (`<local>/<org>/<name>/<path>`) or on the Hub (`<hub>/<org>/<name>/resolve/<rev>/<path>`).
 */
export function parseModelUrl(cfg: SourceConfig, url: string): { modelId: string; path: string; revision: string } | null {
  const local = withSlash(cfg.localModelUrl);
  if (url.startsWith(local)) {
    const m = /^([^/]+\/[^/]+)\/(.+)$/.exec(url.slice(local.length).split(/[?#]/)[0]);
    if (m && isModelId(m[1])) return { modelId: m[1], path: decodeURIComponent(m[2]), revision: 'main' };
    return null;
  }
  if (cfg.hubHost && url.startsWith(withSlash(cfg.hubHost))) {
    const m = /^([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.slice(withSlash(cfg.hubHost).length).split(/[?#]/)[0]);
    if (m && isModelId(m[1])) return { modelId: m[1], path: decodeURIComponent(m[3]), revision: decodeURIComponent(m[2]) };
  }
  return null;
}
