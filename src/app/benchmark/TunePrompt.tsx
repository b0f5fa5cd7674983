/**
 * Offered once after install: a small, dismissible prompt to tune the app for this device. Shown when the app
 * runs installed (standalone display) or right after the browser reports `appinstalled`, until it is dismissed,
 * followed, or a tuning exists. Small and eager (part of the shell); the benchmark page itself is lazy.
 */
import { useEffect, useState } from 'react';

const KEY = 'tune-prompt-v1';

const installed = () => typeof matchMedia !== 'undefined' && matchMedia('(display-mode: standalone)').matches;

export function TunePrompt() {
  const [show, setShow] = useState(false);
  useEffect(() => {
    const done = () => localStorage.getItem(KEY) !== null || localStorage.getItem('tuning-v1') !== null;
    if (done()) return;
    if (installed()) setShow(true);
    const onInstalled = () => !done() && setShow(true);
    window.addEventListener('appinstalled', onInstalled);
    return () => window.removeEventListener('appinstalled', onInstalled);
  }, []);
  if (!show) return null;
  const close = () => {
    localStorage.setItem(KEY, 'dismissed');
    setShow(false);
  };
  return (
    <div className="notice tune-prompt" role="status" data-testid="tune-prompt">
      <span>Installed. Measure which settings run fastest on this device (about half a minute)?</span>
      <a href="#/benchmark" onClick={close}>
        Tune for this device
      </a>
      <button type="button" onClick={close}>
        Not now
      </button>
    </div>
  );
}
