/** Install button, offline-ready indicator, update prompt and network state. */
import { useCallback, useEffect, useState } from 'react';
import { registerSW } from 'virtual:pwa-register';
import { STORE_CHANGED } from '../runtime/page-store';
import { readOfflineStatus, summarizeOffline, type OfflineSummary } from './offline-status';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let updateSW: ((reload?: boolean) => Promise<void>) | undefined;
let refreshSeq = 0;

/**
 * Activate the waiting version and reload onto it. workbox-window reloads by itself only when a version was
 * already in control when the page registered its service worker; on a first visit that stayed open until
 * the next release, it would not, so the page reloads when the new version takes control.
 */
function reloadToUpdate() {
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  void updateSW?.(true);
}

export function PwaStatus() {
  const [offline, setOffline] = useState<OfflineSummary>();
  const [showOffline, setShowOffline] = useState(false);
  const [needRefresh, setNeedRefresh] = useState(false);
  const [swError, setSwError] = useState<string>();
  const [online, setOnline] = useState(navigator.onLine);
  const [installEvent, setInstallEvent] = useState<BeforeInstallPromptEvent>();

  // Re-read what is stored whenever it may have changed; the latest read wins.
  const refresh = useCallback(() => {
    const seq = ++refreshSeq;
    readOfflineStatus()
      .then((s) => seq === refreshSeq && setOffline(summarizeOffline(s)))
      .catch(() => {});
  }, []);

  useEffect(() => {
    if (!('serviceWorker' in navigator)) {
      setSwError('This browser cannot work offline (no service worker support).');
      return;
    }
    refresh();
    window.addEventListener(STORE_CHANGED, refresh);
    navigator.serviceWorker.addEventListener('controllerchange', refresh);
    updateSW ??= registerSW({
      immediate: true,
      onOfflineReady: () => refresh(),
      onNeedRefresh: () => setNeedRefresh(true),
      onRegisteredSW: (_url, reg) => {
        // Check for a new version every hour while the app is open.
        if (reg) setInterval(() => void reg.update().catch(() => {}), 60 * 60 * 1000);
      },
      onRegisterError: (e) => setSwError(`Offline support could not be set up: ${String(e)}`),
    });
    navigator.serviceWorker.ready.then(refresh).catch(() => {});
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
      window.removeEventListener(STORE_CHANGED, refresh);
      navigator.serviceWorker.removeEventListener('controllerchange', refresh);
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
      window.removeEventListener('beforeinstallprompt', install);
      window.removeEventListener('appinstalled', installed);
    };
  }, [refresh]);

  return (
    <div className="pwa-status">
      {!online && (
        <span className="pill warn" role="status">
          Offline
        </span>
      )}
      {swError ? (
        <span className="pill warn" role="status">
          {swError}
        </span>
      ) : offline ? (
        <span className="offline-status">
          <button
            type="button"
            className={`pill ${offline.ready ? 'ok' : 'warn'}`}
            aria-expanded={showOffline}
            aria-controls="offline-details"
            data-testid={offline.ready ? 'offline-ready' : 'offline-not-ready'}
            onClick={() => setShowOffline((v) => !v)}
          >
            {offline.text}
          </button>
          <span role="status" className="visually-hidden">
            {offline.text}
          </span>
          {showOffline && (
            <ul id="offline-details" data-testid="offline-details">
              {offline.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </span>
      ) : null}
      {needRefresh && (
        <span className="update" role="alert">
          Update available —{' '}
          <button type="button" onClick={reloadToUpdate}>
            Reload
          </button>
        </span>
      )}
      {installEvent && (
        <button
          type="button"
          onClick={() =>
            void (async () => {
              await installEvent.prompt();
              await installEvent.userChoice;
              setInstallEvent(undefined);
            })()
          }
        >
          Install app
        </button>
      )}
    </div>
  );
}
