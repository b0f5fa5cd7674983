import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __HUB_HOST__: JSON.stringify('https://huggingface.co/'), __TEST_MODELS__: '[]' },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'tooling/**/*.test.ts'],
    environment: 'node',
  },
});
