/** User settings, kept in localStorage, readable from React with useSettings(). */
import { useSyncExternalStore } from 'react';
import type { BackendPreference } from '../protocol/messages';

declare const __HUB_HOST__: string;

export interface Settings {
  backend: BackendPreference;
  threads: 'auto' | 1 | 2 | 4;
  /** Allow downloading models the app's own model folder lacks from the Hub. */
  allowHub: boolean;
  hubHost: string;
}

const KEY = 'settings-v1';
export const DEFAULT_SETTINGS: Settings = { backend: 'auto', threads: 'auto', allowHub: true, hubHost: __HUB_HOST__ };

function load(): Settings {
  try {
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>) };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

let current = load();
const listeners = new Set<() => void>();

export const settings = {
  get: () => current,
  update(patch: Partial<Settings>) {
    current = { ...current, ...patch };
    localStorage.setItem(KEY, JSON.stringify(current));
    listeners.forEach((l) => l());
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export const useSettings = () => useSyncExternalStore(settings.subscribe, settings.get);
