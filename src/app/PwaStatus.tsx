/** Install button, offline-ready indicator, update prompt and network state. */
import { useEffect, useState } from 'react';
import { registerSW } from 'virtual:pwa-register';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let updateSW: ((reload?: boolean) => Promise<void>) | undefined;

export function PwaStatus() {
  const [offlineReady, setOfflineReady] = useState(false);
  const [needRefresh, setNeedRefresh] = useState(false);
  const [swError, setSwError] = useState<string>();
  const [online, setOnline] = useState(navigator.onLine);
  const [installEvent, setInstallEvent] = useState<BeforeInstallPromptEvent>();

  useEffect(() => {
    if (!('serviceWorker' in navigator)) {
      setSwError('This browser cannot work offline (no service worker support).');
      return;
    }
    if (navigator.serviceWorker.controller) setOfflineReady(true);
    updateSW ??= registerSW({
      immediate: true,
      onOfflineReady: () => setOfflineReady(true),
      onNeedRefresh: () => setNeedRefresh(true),
      onRegisteredSW: (_url, reg) => {
        // Check for a new version every hour while the app is open.
        if (reg) setInterval(() => void reg.update().catch(() => {}), 60 * 60 * 1000);
      },
      onRegisterError: (e) => setSwError(`Offline support could not be set up: ${String(e)}`),
    });
    navigator.serviceWorker.ready.then(() => setOfflineReady(true)).catch(() => {});
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    const install = (e: Event) => {
      e.preventDefault();
      setInstallEvent(e as BeforeInstallPromptEvent);
    };
    const installed = () => setInstallEvent(undefined);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    window.addEventListener('beforeinstallprompt', install);
    window.addEventListener('appinstalled', installed);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
      window.removeEventListener('beforeinstallprompt', install);
      window.removeEventListener('appinstalled', installed);
    };
  }, []);

  return (
    <div className="pwa-status">
      {!online && (
        <span className="pill warn" role="status">
          Offline
        </span>
      )}
      {offlineReady ? (
        <span className="pill ok" role="status" data-testid="offline-ready" title="The app shell is stored on this device and opens without a network.">
          Offline ready
        </span>
      ) : swError ? (
        <span className="pill warn" role="status">
          {swError}
        </span>
      ) : null}
      {needRefresh && (
        <span className="update" role="alert">
          Update available —{' '}
          <button type="button" onClick={() => void updateSW?.(true)}>
            Reload
          </button>
        </span>
      )}
      {installEvent && (
        <button
          type="button"
          onClick={async () => {
            await installEvent.prompt();
            await installEvent.userChoice;
            setInstallEvent(undefined);
          }}
        >
          Install app
        </button>
      )}
    </div>
  );
}
