/** The user's settings (src/runtime/settings.ts) for React: re-renders when they change. */
import { useSyncExternalStore } from 'react';
import { settings } from '../runtime/settings';

export const useSettings = () =>
  useSyncExternalStore(
    (l) => settings.subscribe(l),
    () => settings.get(),
  );
