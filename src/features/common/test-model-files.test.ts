import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_MODEL_MANIFEST } from './test-model-files';

describe('test model catalog entries', () => {
  it('match what the deterministic generator writes, byte for byte', async () => {
    // @ts-expect-error plain .mjs tooling script without types
    const { generate } = await import('../../../tooling/gen-text-models/generate.mjs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-text-models-'));
    try {
      expect(generate(dir)).toEqual(TEST_MODEL_MANIFEST);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
