/** The Export JSON document shared by every task. Pure, unit-tested. */
import type { ItemResult, RunInfo, TaskId } from '../../protocol/messages';

export interface ExportDoc<O = unknown> {
  task: TaskId;
  model: string;
  backend: RunInfo['backend'];
  dtype: RunInfo['dtype'];
  /** WASM threads the worker ran with. */
  threads: RunInfo['threads'];
  items: { input: string; ms: number; output: O }[];
  /** Inputs that produced no output, with the reason (not part of `items`). */
  errors?: { input: string; error: string }[];
  fallback?: RunInfo['fallback'];
  /** Set when the worker stopped making progress and the run was retried in a fresh worker. */
  retried?: RunInfo['retried'];
  exportedAt: string;
}

/** The document of a run of `task`: the items' outputs are that task's (or what the panel made of them). */
export function buildExport<O>(task: TaskId, info: RunInfo, items: (ItemResult<O> | undefined)[], now = new Date()): ExportDoc<O> {
  const done = items.filter((i): i is ItemResult<O> => !!i);
  const ok = done.flatMap(({ input, ms, output, error }) => (output !== undefined && !error ? [{ input, ms: ms ?? 0, output }] : []));
  const errors = done.flatMap(({ input, error }) => (error ? [{ input, error: error.message }] : []));
  return {
    task,
    model: info.modelId,
    backend: info.backend,
    dtype: info.dtype,
    threads: info.threads,
    items: ok,
    ...(errors.length ? { errors } : {}),
    ...(info.fallback ? { fallback: info.fallback } : {}),
    ...(info.retried ? { retried: info.retried } : {}),
    exportedAt: now.toISOString(),
  };
}

export function exportFileName(task: TaskId, now = new Date()): string {
  return `${task}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
}

/** Save a blob as a file through the browser's download. */
export function downloadBlob(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const downloadText = (name: string, text: string, type = 'text/plain;charset=utf-8') => downloadBlob(name, new Blob([text], { type }));

export const downloadJson = (name: string, data: unknown) => downloadText(name, JSON.stringify(data, null, 2), 'application/json');
