import { useEffect, useState } from 'react';
import { strictPolicyOnPage } from './privacy/strict';
import { ShareChoices } from './share/SharePage';
import type { Capabilities } from '../runtime/backend';
import { chooseThreads } from '../runtime/backend';
import { getCapabilities } from '../runtime/capabilities';
import { lastWebGpuFailure, restartWorkers } from '../runtime/tasks';
import { TunedSummary } from './benchmark/TunedSummary';
import { DEFAULT_SETTINGS, HUB_ORIGINS, hubAllowed, parseHubHost, settings, type Settings } from '../runtime/settings';
import { useSettings } from './settings';

export function SettingsPanel() {
  const s = useSettings();
  const [caps, setCaps] = useState<Capabilities>();
  /** What the user is typing in the hub address (saved only once it is a valid https address). */
  const [hubDraft, setHubDraft] = useState<string>();
  const [hubError, setHubError] = useState<string>();
  useEffect(() => void getCapabilities().then(setCaps), []);
  const update = (patch: Partial<Settings>) => {
    settings.update(patch);
    restartWorkers(); // workers read backend, threads and sources when they start
  };
  const gpu = caps?.webgpu;
  return (
    <section className="panel" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <fieldset>
        <legend>Compute backend</legend>
        {(['auto', 'webgpu', 'wasm'] as const).map((b) => (
          <label key={b} className="radio">
            <input type="radio" name="backend" value={b} checked={s.backend === b} onChange={() => update({ backend: b })} />
            {b === 'auto' ? 'Automatic (recommended)' : b === 'webgpu' ? 'WebGPU (GPU)' : 'WASM (CPU)'}
          </label>
        ))}
        <p className="muted">
          Automatic uses WebGPU when this device has a GPU adapter and the model benefits from it, else WASM. If WebGPU fails while running, the app switches to
          WASM by itself and says so next to the result.
        </p>
        <TunedSummary active={s.backend === 'auto' && s.threads === 'auto'} />
      </fieldset>
      <fieldset>
        <legend>CPU threads (WASM)</legend>
        <label>
          Threads{' '}
          <select value={String(s.threads)} onChange={(e) => update({ threads: e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as 1 | 2 | 4) })}>
            <option value="auto">
              Automatic
              {caps
                ? ` (${chooseThreads(caps)}${chooseThreads(caps, undefined, 'throughput') !== chooseThreads(caps) ? `; OCR: ${chooseThreads(caps, undefined, 'throughput')}` : ''})`
                : ''}
            </option>
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="4">4</option>
          </select>
        </label>
        {caps && (!caps.crossOriginIsolated || !caps.sharedArrayBuffer) && (
          <p className="muted">This browser does not allow shared memory here, so WASM runs on one thread.</p>
        )}
      </fieldset>
      <fieldset>
        <legend>Model downloads</legend>
        <p className="muted">Models are looked up first in this site's own model folder, then (if allowed) on the model hub below.</p>
        <label className="check">
          <input type="checkbox" checked={s.strictLocal} onChange={(e) => update({ strictLocal: e.target.checked })} data-testid="strict-local" /> Strict local
          mode: refuse every request to another site
        </label>
        {s.strictLocal && (
          <p className="notice" data-testid="strict-notice">
            Strict local mode is on: only this site&apos;s own models can be used, and the app&apos;s Content-Security-Policy and service worker refuse every
            request to another site (see Privacy).
          </p>
        )}
        {!s.strictLocal && strictPolicyOnPage() && <p className="muted">Requests to other sites are allowed again from the next time the app is opened.</p>}
        <label className="check">
          <input type="checkbox" checked={s.allowHub} disabled={s.strictLocal} onChange={(e) => update({ allowHub: e.target.checked })} /> Allow downloads from
          the model hub
        </label>
        <label>
          Hub address{' '}
          <input
            type="url"
            value={hubDraft ?? s.hubHost}
            disabled={!s.allowHub}
            aria-invalid={!!hubError}
            aria-describedby={hubError ? 'hub-error' : undefined}
            onChange={(e) => {
              const text = e.target.value;
              setHubDraft(text);
              const parsed = parseHubHost(text.trim() || DEFAULT_SETTINGS.hubHost);
              if ('url' in parsed) {
                setHubError(undefined);
                if (parsed.url !== s.hubHost) update({ hubHost: parsed.url });
              } else setHubError(parsed.error);
            }}
            onBlur={() => {
              if (!hubError) setHubDraft(undefined);
            }}
            size={40}
          />
        </label>
        {!hubError && s.allowHub && !hubAllowed(s.hubHost) && (
          <p className="notice" role="status" data-testid="hub-blocked">
            This site's security policy only lets the app download from {HUB_ORIGINS.join(', ') || 'its own origin'}: downloads from {new URL(s.hubHost).host}{' '}
            will be refused by the browser. Ask whoever runs this site to allow it, or use a model folder on the site itself.
          </p>
        )}
        {hubError && (
          <p className="error" role="alert" id="hub-error" data-testid="hub-error">
            {hubError} The app keeps using {s.hubHost}.
          </p>
        )}
      </fieldset>
      <ShareChoices />
      <h2>This device</h2>
      {caps ? (
        <dl className="facts" data-testid="capabilities">
          <dt>WebGPU</dt>
          <dd>
            {gpu?.available
              ? `available${gpu.fallbackAdapter ? ' (software adapter: slow)' : ''}${gpu.vendor ? `, ${gpu.vendor}` : ''}${gpu.architecture ? ` ${gpu.architecture}` : ''}`
              : `not available — ${gpu?.reason}`}
          </dd>
          {gpu?.available && (
            <>
              <dt>shader-f16</dt>
              <dd>{gpu.shaderF16 ? 'yes' : 'no'}</dd>
              <dt>Max buffer</dt>
              <dd>{gpu.maxBufferSize ? `${Math.round(gpu.maxBufferSize / 1048576)} MB` : '?'}</dd>
            </>
          )}
          {lastWebGpuFailure() && (
            <>
              <dt>WebGPU this session</dt>
              <dd>failed: {lastWebGpuFailure()}</dd>
            </>
          )}
          <dt>Cross-origin isolated</dt>
          <dd>{caps.crossOriginIsolated ? 'yes' : 'no'}</dd>
          <dt>CPU cores</dt>
          <dd>{caps.hardwareConcurrency}</dd>
          {caps.deviceMemoryGB && (
            <>
              <dt>Memory</dt>
              <dd>≥ {caps.deviceMemoryGB} GB</dd>
            </>
          )}
        </dl>
      ) : (
        <p className="muted">Detecting…</p>
      )}
    </section>
  );
}
