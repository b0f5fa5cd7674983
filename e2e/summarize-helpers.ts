/**
 * Shared by e2e/summarize.spec.ts and e2e/classify-text.spec.ts: the generated test models, the same
 * transformers.js pipelines run in Node (onnxruntime-node) as the reference, and small page helpers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
// @ts-expect-error plain .mjs tooling script without types
import { generate } from '../tooling/gen-text-models/generate.mjs';

export const GENERATED = path.resolve('e2e/.generated/models');

/** (Re)generate the test models: deterministic, so this only rewrites identical bytes. */
export function ensureGeneratedModels() {
  generate(GENERATED);
}

type Transformers = typeof import('@huggingface/transformers');
let tf: Promise<Transformers> | undefined;
/** transformers.js in Node (onnxruntime-node), reading the generated models from disk only. */
export function nodeTransformers(): Promise<Transformers> {
  tf ??= import('@huggingface/transformers').then((t) => {
    t.env.localModelPath = `${GENERATED}/`;
    t.env.allowLocalModels = true;
    t.env.allowRemoteModels = false;
    t.env.useBrowserCache = false;
    return t;
  });
  return tf;
}

const pipes = new Map<string, Promise<unknown>>();
export async function nodePipeline<T = (...args: unknown[]) => Promise<unknown>>(task: string, id: string): Promise<T> {
  const key = `${task}|${id}`;
  if (!pipes.has(key)) {
    const t = await nodeTransformers();
    pipes.set(key, t.pipeline(task as 'text-classification', id, { dtype: 'fp32', device: 'cpu' }));
  }
  return pipes.get(key) as Promise<T>;
}

export const panel = (page: Page) => page.locator('section[data-run]');

/** Click the run button and wait until that run has finished (result, error or cancel). */
export async function clickAndWait(page: Page, name: string | RegExp, timeout = 90_000) {
  const before = Number(await panel(page).getAttribute('data-run'));
  await page.getByRole('button', { name }).click();
  await expect(panel(page)).toHaveAttribute('data-run', String(before + 1));
  await expect(panel(page)).toHaveAttribute('data-running', 'false', { timeout });
}

export async function exportJson(page: Page): Promise<{ task: string; model: string; backend: string; dtype: string; items: { input: string; ms: number; output: unknown }[] }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON', exact: true }).click();
  return JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
}

/** Records every response under /models/ (a needed file must never 404). */
export function watchModelResponses(page: Page): { url: string; status: number }[] {
  const seen: { url: string; status: number }[] = [];
  page.context().on('response', (r) => {
    if (r.url().includes('/models/')) seen.push({ url: r.url(), status: r.status() });
  });
  return seen;
}

/** Sets a (possibly huge) textarea value the way React sees a user's edit, without typing it key by key. */
export async function setTextarea(page: Page, label: string, value: string) {
  await page.getByLabel(label).evaluate((el, v) => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the element as its receiver
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(el, v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

export const ARTICLE = `The city council voted on Tuesday to build a new public library near the central park. The project will cost about 12 million euros and should open in 2028. Supporters said the old library is too small and not accessible. Critics worried about the price and the loss of green space.

Construction will start next spring. The architects plan a wooden building with a reading garden on the roof, solar panels, and a children's section. The mayor said the library will be open seven days a week.`;
