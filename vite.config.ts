import { SHARE_ACTION } from './src/app/share/constants.ts';
import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { hubOrigins, ISOLATION_HEADERS, securityHeaders, selfHostedAssets } from './tooling/vite-plugins.ts';
import { modelsDirs, servedModelIds } from './tooling/models-dirs.mjs';
import { ortRuntimeManifest } from './tooling/ort-runtime.mjs';

// MODELS_DIR: a folder in the `<org>/<name>/...` layout served at /models/ (self-hosted models).
// HF_HOST: base URL of the Hugging Face Hub (or a mirror of it) for models the folder lacks.
const modelsDir = process.env.MODELS_DIR || undefined;
const hubHost = process.env.HF_HOST ?? 'https://huggingface.co/';

export default defineConfig({
  define: {
    // TEST_HOOKS=1 (npm run build:test, the e2e tests and benchmarks): the diagnostics hook window.__app and the
    // worker's crash and stall messages. Users' builds (npm run build) are built without them: dead code, removed.
    __TEST_HOOKS__: JSON.stringify(process.env.TEST_HOOKS === '1'),
    __HUB_HOST__: JSON.stringify(hubHost),
    // Where this build's CSP lets the app connect besides its own origin (Settings warns about other hubs).
    __HUB_ORIGINS__: JSON.stringify(hubOrigins(hubHost)),
    // The ONNX Runtime files this build serves (ort/<tag>/), with sizes and SHA-256: stored like model files.
    __ORT_RUNTIME__: JSON.stringify(ortRuntimeManifest(process.cwd())),
    __APP_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0'),
    // The models of the self-hosted folders this build serves (the OCR folder from its npm package is added in
    // the catalog): self-hosted catalog entries it does not serve are not offered.
    __SERVED_MODELS__: JSON.stringify(modelsDir ? servedModelIds(modelsDirs(modelsDir)) : []),
  },
  resolve: {
    // Use onnxruntime-web's build that loads its .wasm from /ort/<tag>/ instead of embedding a 27 MB copy.
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
  },
  optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
  worker: { format: 'es' },
  server: { headers: { ...ISOLATION_HEADERS } },
  // The preview server sends what production must send: isolation and the Content-Security-Policy.
  preview: { headers: securityHeaders(hubHost) },
  // DIST_DIR lets several builds live side by side (parallel test runs); default dist/.
  build: { target: 'es2022', chunkSizeWarningLimit: 2500, outDir: process.env.DIST_DIR || 'dist' },
  plugins: [
    react(),
    selfHostedAssets({ modelsDir, root: process.cwd(), hubHost }),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['ort/**', 'models/**'],
        // The inference worker bundles transformers.js (~1 MB); it is part of the offline app shell.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      manifest: {
        name: 'On-device ML — private AI in your browser',
        short_name: 'On-device ML',
        description: 'Summarize, classify text and images, read text (OCR) and detect objects entirely on your device. Nothing you give it leaves the device.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#0f172a',
        theme_color: '#0f766e',
        // The installed app takes images and text from other apps (Android's share sheet) and opens image and
        // text files ("Open with" on desktop): src/app/share/, and the POST route in src/sw.ts.
        share_target: {
          action: SHARE_ACTION,
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { title: 'title', text: 'text', url: 'url', files: [{ name: 'files', accept: ['image/*', 'text/plain', 'text/markdown', '.txt', '.md'] }] },
        },
        file_handlers: [
          { action: './', accept: { 'image/*': ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.bmp', '.avif'] } },
          { action: './', accept: { 'text/plain': ['.txt'], 'text/markdown': ['.md', '.markdown'] } },
        ],
        launch_handler: { client_mode: 'focus-existing' },
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
});
