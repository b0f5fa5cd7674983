import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.ts/,
  timeout: 120_000,
  expect: { timeout: 60_000 },
  retries: 0,
  workers: 1, // 2-core machines: model loads in parallel only add noise
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: {
    // The production build, served by `vite preview` with COOP/COEP headers and the model folder.
    // E2E_FAULTS=1: the preview server's fault injection (tooling/vite-plugins.ts breakAfter) for the store's tests.
    command: `E2E_FAULTS=1 npx vite preview --port ${PORT} --strictPort --outDir ${process.env.DIST_DIR || 'dist'}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
