/**
 * The generated random-weight text models (tooling/gen-text-models) and, as the independent reference the
 * text specs compare the app against, the same transformers.js pipelines run in Node on onnxruntime-node.
 */
import path from 'node:path';
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
