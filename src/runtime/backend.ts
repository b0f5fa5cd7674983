/** Backend and thread choices. Pure functions of what the device reports, unit-tested. */
import type { BackendSupport, ModelEntry } from '../model-store/catalog-types';
import type { Backend, BackendPreference, Dtype } from '../protocol/messages';

export interface WebGpuInfo {
  available: boolean;
  /** Why not, when unavailable. */
  reason?: string;
  /** A software adapter (e.g. SwiftShader): correct but slow. */
  fallbackAdapter?: boolean;
  shaderF16?: boolean;
  vendor?: string;
  architecture?: string;
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
}

export interface Capabilities {
  webgpu: WebGpuInfo;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  hardwareConcurrency: number;
  deviceMemoryGB?: number;
}

export interface BackendChoice {
  backend: Backend;
  dtype: Dtype;
  /** Why this backend, in words for the UI. */
  why: string;
}

const webgpuUsable = (caps: Capabilities, s: BackendSupport | undefined): string | null => {
  if (!s) return 'this model has no WebGPU build';
  if (!caps.webgpu.available) return caps.webgpu.reason ?? 'WebGPU is not available in this browser';
  if (s.needsF16 && !caps.webgpu.shaderF16) return 'this model needs the shader-f16 WebGPU feature, which this GPU lacks';
  return null;
};

export function chooseBackend(pref: BackendPreference, caps: Capabilities, model: ModelEntry, webgpuFailed?: string): BackendChoice {
  const wasm = (why: string): BackendChoice => ({ backend: 'wasm', dtype: model.backends.wasm.dtype, why });
  const gpu = model.backends.webgpu;
  if (pref === 'wasm') return wasm('WASM chosen in Settings');
  if (pref === 'webgpu') {
    // Forced: try it even if detection is unsure; a failure falls back to WASM and says so.
    return { backend: 'webgpu', dtype: gpu?.dtype ?? model.backends.wasm.dtype, why: 'WebGPU chosen in Settings' };
  }
  if (webgpuFailed) return wasm(`WebGPU failed earlier in this session (${webgpuFailed})`);
  const blocker = webgpuUsable(caps, gpu);
  if (blocker) return wasm(`WASM: ${blocker}`);
  if (!gpu!.recommended) return wasm('WASM: this model runs no faster on WebGPU');
  if (caps.webgpu.fallbackAdapter) return wasm('WASM: the only WebGPU adapter is a software one (slower than WASM)');
  return { backend: 'webgpu', dtype: gpu!.dtype, why: 'WebGPU: a GPU adapter is available' };
}

/**
 * WASM threads. Measured on 2-core machines: 2 threads were slower than 1 for small models (the
 * page and the OS need the other core), so small devices get 1; bigger ones half their cores, at
 * most 4. Without SharedArrayBuffer (no cross-origin isolation, Safari by default) only 1 works.
 */
export function chooseThreads(caps: Capabilities, override?: number): number {
  if (!caps.crossOriginIsolated || !caps.sharedArrayBuffer) return 1;
  if (override && override > 0) return Math.min(override, Math.max(1, caps.hardwareConcurrency));
  const cores = caps.hardwareConcurrency || 1;
  if (cores <= 2) return 1;
  return Math.min(4, Math.floor(cores / 2));
}
