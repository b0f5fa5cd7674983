/**
 * Vite plugins that serve the two kinds of large binary assets the app needs from its OWN origin:
 *  - the ONNX Runtime Web runtime files (`/ort/*`), copied from the onnxruntime-web build that
 *    @huggingface/transformers pins, so the app never depends on a CDN;
 *  - a self-hosted model folder (`/models/<org>/<name>/...`), configured by `MODELS_DIR`.
 * Both answer a missing file with a real 404: a single-page-app fallback answering a model URL with
 * index.html is the classic poisoned-cache bug (see README, "Self-hosting models").
 */
import type { Plugin, Connect } from 'vite';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** The ORT files that transformers.js can ask for (asyncify: default; plain: Safari < 26 without WebGPU). */
export const ORT_FILES = [
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
];

export function ortDistDir(root: string): string {
  // The onnxruntime-web that transformers.js itself imports (it pins its own version).
  const require = createRequire(path.join(root, 'package.json'));
  const transformersEntry = require.resolve('@huggingface/transformers');
  const ortEntry = createRequire(transformersEntry).resolve('onnxruntime-web');
  let dir = path.dirname(ortEntry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'dist');
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.onnx_data': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.model': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
};

/** Serve files under `prefix` from `dir`; anything missing under the prefix gets a real 404. */
function serveFolder(prefix: string, getDir: () => string | undefined, allow?: (rel: string) => boolean): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith(prefix)) return next();
    const rel = decodeURIComponent(url.pathname.slice(prefix.length));
    const dir = getDir();
    const notFound = () => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
      res.end(`Not found: ${url.pathname}\n`);
    };
    if (!dir || rel.includes('..') || (allow && !allow(rel))) return notFound();
    const file = path.join(dir, rel);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound();
    }
    if (!stat.isFile()) return notFound();
    res.statusCode = 200;
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(stat.size));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Access-Control-Allow-Origin', '*');
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  };
}

function copyDir(src: string, dest: string) {
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    const s = path.join(src, entry.name);
    const d = path.join(dest, entry.name);
    if (entry.isDirectory()) copyDir(s, d);
    else if (entry.isFile()) fs.copyFileSync(s, d);
  }
}

export interface SelfHostOptions {
  /** Folder in the `<org>/<name>/...` layout; undefined = no self-hosted models. */
  modelsDir?: string;
  root: string;
}

export function selfHostedAssets(opts: SelfHostOptions): Plugin {
  const modelsDir = opts.modelsDir ? path.resolve(opts.root, opts.modelsDir) : undefined;
  if (modelsDir && !fs.existsSync(modelsDir)) {
    throw new Error(`MODELS_DIR=${opts.modelsDir} does not exist (resolved to ${modelsDir}).`);
  }
  const ortDir = ortDistDir(opts.root);
  const isOrt = (rel: string) => ORT_FILES.includes(rel);
  let outDir = 'dist';
  return {
    name: 'self-hosted-assets',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(serveFolder('/ort/', () => ortDir, isOrt));
      server.middlewares.use(serveFolder('/models/', () => modelsDir));
    },
    configurePreviewServer(server) {
      // The build copied both folders into dist; MODELS_DIR given to preview takes precedence
      // so a folder can be swapped without rebuilding.
      server.middlewares.use(serveFolder('/ort/', () => path.join(outDir, 'ort'), isOrt));
      server.middlewares.use(serveFolder('/models/', () => modelsDir ?? (fs.existsSync(path.join(outDir, 'models')) ? path.join(outDir, 'models') : undefined)));
    },
    writeBundle() {
      const ortOut = path.join(outDir, 'ort');
      fs.mkdirSync(ortOut, { recursive: true });
      for (const f of ORT_FILES) fs.copyFileSync(path.join(ortDir, f), path.join(ortOut, f));
      if (modelsDir) copyDir(modelsDir, path.join(outDir, 'models'));
    },
  };
}
