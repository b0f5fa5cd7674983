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
 * How a task uses the CPU: `latency` (one image or frame at a time, where spikes show: classification,
 * detection, live camera, text) or `throughput` (many model calls per input: OCR recognises every line).
 */
export type ThreadProfile = 'latency' | 'throughput';

/**
 * WASM threads, from measurements (README, Benchmark). On 2 cores, 2 threads cut the median of
 * MobileNetV2 and YOLOX-Nano by about 35% but doubled p95 (the page and the OS preempt one of the
 * two threads and the other waits), so latency tasks get 1; OCR ran 1.7× faster per page with 2, so
 * throughput tasks get every core, up to 4. Bigger devices: half their cores (latency) or all but
 * one (throughput), at most 4. Without SharedArrayBuffer (no cross-origin isolation, Safari by
 * default) only 1 works. A user override wins within the core count.
 */
export function chooseThreads(caps: Capabilities, override?: number, profile: ThreadProfile = 'latency'): number {
  if (!caps.crossOriginIsolated || !caps.sharedArrayBuffer) return 1;
  const cores = Math.max(1, caps.hardwareConcurrency || 1);
  if (override && override > 0) return Math.min(override, cores);
  if (profile === 'throughput') return Math.min(4, cores <= 2 ? cores : cores - 1);
  if (cores <= 2) return 1;
  return Math.min(4, Math.floor(cores / 2));
}
