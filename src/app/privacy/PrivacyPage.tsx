/** `#/privacy`: every request the app made to another origin in the last 30 days (the egress log). */
import { useEffect, useState } from 'react';
import { formatBytes } from '../../protocol/errors';
import { useSettings } from '../settings';
import { clearEgress, egressReason, readEgress, type EgressEntry } from './egress';

export function PrivacyPage() {
  const [log, setLog] = useState<EgressEntry[] | null>(null);
  const [controlled] = useState(() => !!navigator.serviceWorker?.controller);
  const strict = useSettings().strictLocal;
  useEffect(() => {
    void readEgress().then(setLog);
  }, []);
  return (
    <section className="panel" aria-labelledby="privacy-title" data-testid="privacy-page">
      <h1 id="privacy-title">Privacy</h1>
      <p>
        Your images and text never leave this device. The only requests the app may make to other sites are model downloads from the model hub,
        when a model is not in this site&apos;s own model folder (Settings can forbid them). Below is every request the app made to another site in
        the last 30 days, as its service worker saw them.
      </p>
      {!controlled && (
        <p className="notice" data-testid="privacy-uncontrolled">
          The service worker does not control this page yet (first visit, or a hard reload): requests made before it does are not logged. Reload once.
        </p>
      )}
      <p data-testid="strict-status" className={strict ? 'notice' : 'muted'}>
        {strict
          ? 'Strict local mode is on: the app refuses every request to another site (its Content-Security-Policy and its service worker both block them).'
          : 'Strict local mode is off: Settings can turn it on, to refuse every request to another site.'}
      </p>
      <h2>Requests to other sites</h2>
      {log === null ? (
        <p className="muted">Reading…</p>
      ) : log.length === 0 ? (
        <p data-testid="egress-none">None in the last 30 days: nothing left this device.</p>
      ) : (
        <>
          <table className="models" data-testid="egress-log">
            <thead>
              <tr>
                <th>When</th>
                <th>Site</th>
                <th>Path</th>
                <th>Bytes</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {[...log].reverse().map((e, i) => (
                <tr key={`${e.t}-${i}`} data-testid="egress-row">
                  <td>{new Date(e.t).toLocaleString()}</td>
                  <td>{e.host}</td>
                  <td>
                    <code>{e.path}</code>
                  </td>
                  <td>{e.refused ? 'refused (strict local mode): nothing sent' : e.status === 0 ? 'failed (no connection)' : e.bytes === null ? `HTTP ${e.status}` : `${formatBytes(e.bytes)} (HTTP ${e.status})`}</td>
                  <td>{egressReason(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => void clearEgress().then(() => setLog([]))}>
            Clear the log
          </button>
        </>
      )}
    </section>
  );
}
