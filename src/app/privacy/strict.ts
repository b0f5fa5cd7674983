/**
 * Strict local mode (a setting): the app refuses every request to another origin, twice over. The page gets a
 * Content-Security-Policy whose connect-src is this origin only (a policy can be added to a page, not removed:
 * turning the mode off takes effect at the next load), and the service worker, which sees the workers' requests
 * too, answers every request to another origin with a network error and logs it as refused.
 */
import { STRICT_MESSAGE } from './egress';

let metaAdded = false;

export function applyStrictLocal(on: boolean) {
  if (on && !metaAdded) {
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "connect-src 'self' blob: data:";
    document.head.prepend(meta);
    metaAdded = true;
  }
  const send = (sw: ServiceWorker | null | undefined) => sw?.postMessage({ type: STRICT_MESSAGE, on });
  send(navigator.serviceWorker?.controller);
  void navigator.serviceWorker?.ready.then((r) => send(r.active));
}

/** Whether this page already carries the strict policy (it stays until the next load). */
export const strictPolicyOnPage = () => metaAdded;
