import { useSyncExternalStore } from 'react';

const subscribe = (l: () => void) => {
  window.addEventListener('hashchange', l);
  return () => window.removeEventListener('hashchange', l);
};
/** The current route: `#/classify-image` → `/classify-image`. */
export const useRoute = () => useSyncExternalStore(subscribe, () => location.hash.replace(/^#/, '') || '/');
