import { useEffect, useState } from 'react';
import type { Capabilities } from '../runtime/backend';
import { chooseThreads } from '../runtime/backend';
import { getCapabilities } from '../runtime/capabilities';
import { lastWebGpuFailure, restartWorkers } from '../runtime/tasks';
import { DEFAULT_SETTINGS, settings, useSettings, type Settings } from './settings';

export function SettingsPanel() {
  const s = useSettings();
  const [caps, setCaps] = useState<Capabilities>();
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
          Automatic uses WebGPU when this device has a GPU adapter and the model benefits from it, else WASM. If WebGPU fails while
          running, the app switches to WASM by itself and says so next to the result.
        </p>
      </fieldset>
      <fieldset>
        <legend>CPU threads (WASM)</legend>
        <label>
          Threads{' '}
          <select
            value={String(s.threads)}
            onChange={(e) => update({ threads: e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as 1 | 2 | 4) })}
          >
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
          <input type="checkbox" checked={s.allowHub} onChange={(e) => update({ allowHub: e.target.checked })} /> Allow downloads from the model hub
        </label>
        <label>
          Hub address{' '}
          <input
            type="url"
            value={s.hubHost}
            disabled={!s.allowHub}
            onChange={(e) => update({ hubHost: e.target.value.trim() || DEFAULT_SETTINGS.hubHost })}
            size={40}
          />
        </label>
      </fieldset>
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
