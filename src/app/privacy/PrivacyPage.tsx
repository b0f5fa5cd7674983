/** `#/privacy`: every request the app made to another origin in the last 30 days (the egress log). */
import { useEffect, useState } from 'react';
import { formatBytes } from '../../lib/format';
import { useSettings } from '../settings';
import { clearEgress, egressReason, readEgress, type EgressEntry } from './egress';
import { runSelfTest, type SelfTestResult } from './self-test';

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
        Your images and text never leave this device. The only requests the app may make to other sites are model downloads from the model hub, when a model is
        not in this site&apos;s own model folder (Settings can forbid them). Below is every request the app made to another site in the last 30 days, as its
        service worker saw them.
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
      <SelfTest />
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
                  <td>
                    {e.refused
                      ? 'refused (strict local mode): nothing sent'
                      : e.status === 0
                        ? 'failed (no connection)'
                        : e.bytes === null
                          ? `HTTP ${e.status}`
                          : `${formatBytes(e.bytes)} (HTTP ${e.status})`}
                  </td>
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

/** Offline self-test: every stored model on a built-in sample, with requests to other sites refused meanwhile. */
function SelfTest() {
  const [results, setResults] = useState<SelfTestResult[] | null>(null);
  const [running, setRunning] = useState(false);
  const [runtime, setRuntime] = useState(true);
  const start = async () => {
    setRunning(true);
    setResults([]);
    try {
      const out = await runSelfTest((r) => setResults((rs) => [...(rs ?? []), r]));
      setRuntime(out.runtime);
    } finally {
      setRunning(false);
    }
  };
  const passed = results?.filter((r) => r.ok).length ?? 0;
  return (
    <>
      <h2>Offline self-test</h2>
      <p className="muted">
        Runs every model stored on this device on a built-in sample (a drawn image, a short text) while the service worker refuses every request to another
        site: what passes works with the network off.
      </p>
      <button type="button" onClick={() => void start()} disabled={running} data-testid="self-test-run">
        {running ? 'Testing…' : 'Run the offline self-test'}
      </button>
      {results && !running && (
        <p data-testid="self-test-summary" role="status">
          {results.length === 0
            ? 'No model is stored whole on this device yet: run a task once, or download a model in Storage.'
            : `${passed} of ${results.length} stored model${results.length > 1 ? 's' : ''} passed with other sites refused.`}
          {!runtime && ' The ONNX Runtime is not stored, so nothing can run offline yet.'}
        </p>
      )}
      {results && results.length > 0 && (
        <table className="models" data-testid="self-test">
          <thead>
            <tr>
              <th>Model</th>
              <th>Result</th>
              <th>Time</th>
              <th>Output</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.modelId} data-testid="self-test-row" data-model={r.modelId} data-ok={r.ok}>
                <td>
                  {r.title} <span className="muted">({r.modelId})</span>
                </td>
                <td>{r.ok ? '✓ passed' : '✗ failed'}</td>
                <td>{Math.round(r.ms)} ms</td>
                <td>{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
