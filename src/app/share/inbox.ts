/**
 * Files and text the system hands to the installed app (Web Share Target, File Handling), on their way to a
 * task panel. The service worker receives a share (a multipart POST, offline too) and keeps it in a cache
 * until the page takes it (`takeStoredShare`); a file opened with the app arrives through `launchQueue`.
 * `openShared` decides which kind it is (images, or text), and either hands it to the task the user chose
 * before for that kind or sends the user to the chooser (`#/share`). The panel takes it with `useInbox`.
 */
import { useEffect, useRef } from 'react';
import type { TaskId } from '../../protocol/messages';
import { readTextFile } from '../../features/common/text/text-file';
import { SHARE_CACHE, SHARE_PATH } from './constants';

export type ShareKind = 'image' | 'text';
export interface Shared {
  files: File[];
  text: string;
}

/** The tasks that can take each kind, in the order the chooser offers them. */
export const SHARE_TASKS: Record<ShareKind, TaskId[]> = {
  image: ['image-classification', 'ocr', 'object-detection'],
  text: ['summarization', 'text-classification'],
};

const CHOICE_KEY = 'share-choice-v1';

export function rememberedChoice(kind: ShareKind): TaskId | null {
  try {
    const c = (JSON.parse(localStorage.getItem(CHOICE_KEY) ?? '{}') as Partial<Record<ShareKind, TaskId>>)[kind];
    return c && SHARE_TASKS[kind].includes(c) ? c : null;
  } catch {
    return null;
  }
}

export function rememberChoice(kind: ShareKind, task: TaskId | null) {
  let all: Partial<Record<ShareKind, TaskId>> = {};
  try {
    all = JSON.parse(localStorage.getItem(CHOICE_KEY) ?? '{}') as Partial<Record<ShareKind, TaskId>>;
  } catch {
    /* a damaged entry is replaced */
  }
  if (task) all[kind] = task;
  else delete all[kind];
  localStorage.setItem(CHOICE_KEY, JSON.stringify(all));
}

const isImage = (f: File) => f.type.startsWith('image/') || /\.(png|jpe?g|webp|gif|bmp|avif)$/i.test(f.name);
const isText = (f: File) => f.type.startsWith('text/') || /\.(txt|md|markdown)$/i.test(f.name);

/** What was shared, sorted: images, text (shared text and text files, read), and files that are neither. */
export async function sortShared(s: Shared): Promise<{ kind: ShareKind | null; files: File[]; text: string; refused: string[]; error?: string }> {
  const images = s.files.filter(isImage);
  const refused = s.files.filter((f) => !isImage(f) && !isText(f)).map((f) => f.name || 'unnamed file');
  if (images.length)
    return { kind: 'image', files: images, text: '', refused: [...refused, ...s.files.filter((f) => !isImage(f) && isText(f)).map((f) => f.name)] };
  const parts = s.text.trim() ? [s.text.trim()] : [];
  for (const f of s.files.filter(isText)) {
    try {
      parts.push((await readTextFile(f)).trim());
    } catch (e) {
      return { kind: null, files: [], text: '', refused, error: e instanceof Error ? e.message : String(e) };
    }
  }
  const text = parts.filter(Boolean).join('\n\n');
  return text ? { kind: 'text', files: [], text, refused } : { kind: null, files: [], text: '', refused };
}

// ---------------------------------------------------------------------------------------------- hand-over
type Pending = { task: TaskId; items: Shared };
let pending: Pending | null = null;
/** A share waiting for the user's choice of task (shown by the chooser). */
let choosing: { kind: ShareKind; items: Shared; refused: string[] } | { kind: null; refused: string[]; error?: string } | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export const awaitingChoice = () => choosing;
export function subscribeShare(l: () => void) {
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** Hands `items` to `task`'s panel and opens it. */
export function deliver(task: TaskId, route: string, items: Shared) {
  pending = { task, items };
  choosing = null;
  if (location.hash !== `#${route}`) location.hash = route;
  notify();
}

/** Routes a share or a launch: to the remembered task for its kind, else to the chooser. */
export async function openShared(s: Shared, routeOf: (task: TaskId) => string) {
  const sorted = await sortShared(s);
  const items = { files: sorted.files, text: sorted.text };
  const task = sorted.kind && !sorted.refused.length ? rememberedChoice(sorted.kind) : null;
  if (sorted.kind && task) return deliver(task, routeOf(task), items);
  choosing = sorted.kind ? { kind: sorted.kind, items, refused: sorted.refused } : { kind: null, refused: sorted.refused, error: sorted.error };
  location.hash = '/share';
  notify();
}

/** The share the service worker stored under `id`, removed from its cache (null when there is none). */
export async function takeStoredShare(id: string, base: string): Promise<Shared | null> {
  if (!/^[a-z0-9]+$/.test(id) || !('caches' in self)) return null;
  const cache = await caches.open(SHARE_CACHE);
  const at = (k: string) => new URL(`${SHARE_PATH}${id}/${k}`, base).href;
  const meta = await cache.match(at('meta'));
  if (!meta) return null;
  const { count, text } = (await meta.json()) as { count: number; text: string };
  const files: File[] = [];
  for (let i = 0; i < count; i++) {
    const r = await cache.match(at(String(i)));
    if (!r) continue;
    files.push(new File([await r.blob()], decodeURIComponent(r.headers.get('x-name') ?? `shared-${i + 1}`), { type: r.headers.get('content-type') ?? '' }));
    await cache.delete(at(String(i)));
  }
  await cache.delete(at('meta'));
  return { files, text };
}

/** A task panel takes what was shared with it (now, or when it arrives while the panel is open). */
export function useInbox(task: TaskId, onShared: (s: Shared) => void) {
  const handler = useRef(onShared);
  useEffect(() => {
    handler.current = onShared;
  });
  useEffect(() => {
    const check = () => {
      if (pending?.task !== task) return;
      const { items } = pending;
      pending = null;
      handler.current(items);
    };
    check();
    return subscribeShare(check);
  }, [task]);
}
