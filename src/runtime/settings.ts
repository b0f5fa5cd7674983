/** User settings, kept in localStorage (the page's runtime reads them; React reads them with app/settings.ts's useSettings). */
import type { BackendPreference } from '../protocol/messages';
import { SETTINGS_KEY } from './settings-key';

declare const __HUB_HOST__: string;
declare const __HUB_ORIGINS__: string[];

/** The origins this build's Content-Security-Policy lets the app download from besides its own (`https://*.x` wildcards). */
export const HUB_ORIGINS: string[] = __HUB_ORIGINS__;

/** Whether the CSP's connect-src (`origins`) lets the app fetch from `url`. */
export function hubAllowed(url: string, origins: string[] = HUB_ORIGINS): boolean {
  const u = new URL(url);
  return origins.some((o) => {
    const m = /^https:\/\/\*\.(.+)$/.exec(o);
    return m ? u.protocol === 'https:' && u.hostname.endsWith(`.${m[1]}`) : u.origin === o;
  });
}

export interface Settings {
  backend: BackendPreference;
  threads: 'auto' | 1 | 2 | 4;
  /** Allow downloading models the app's own model folder lacks from the Hub. */
  allowHub: boolean;
  hubHost: string;
  /** Strict local mode: no request to any other origin, enforced by a CSP and the service worker (src/app/privacy/strict.ts). */
  strictLocal: boolean;
}

export const DEFAULT_SETTINGS: Settings = { backend: 'auto', threads: 'auto', allowHub: true, hubHost: __HUB_HOST__, strictLocal: false };

/**
 * A hub address as the app uses it (an `https:` URL ending in `/`), or an error a person can act on.
 * Plain `http:` would send which models a user runs, and the model bytes, readable and changeable on the way.
 */
export function parseHubHost(text: string): { url: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return { error: 'Not a web address: enter one like https://huggingface.co/.' };
  }
  if (u.protocol !== 'https:')
    return { error: `The hub address must start with https:// (not ${u.protocol}//): models are only downloaded over an encrypted connection.` };
  if (u.username || u.password || u.search || u.hash) return { error: 'The hub address cannot contain a user name, password, query or fragment.' };
  return { url: u.href.endsWith('/') ? u.href : `${u.href}/` };
}

function load(): Settings {
  try {
    const stored = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Partial<Settings>;
    const merged = { ...DEFAULT_SETTINGS, ...stored };
    // An address saved before addresses had to be https: is not used.
    const hub = parseHubHost(merged.hubHost);
    return { ...merged, hubHost: 'url' in hub ? hub.url : DEFAULT_SETTINGS.hubHost };
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
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(current));
    listeners.forEach((l) => l());
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
