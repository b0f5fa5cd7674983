/** What this browser and device can do, detected once per page. */
import type { Capabilities, WebGpuInfo } from './backend';

async function detectWebGpu(): Promise<WebGpuInfo> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { available: false, reason: 'this browser has no WebGPU' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, reason: 'no WebGPU adapter (GPU blocked or absent)' };
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).info;
    const fallback = info?.isFallbackAdapter ?? (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
    return {
      available: true,
      fallbackAdapter: fallback,
      shaderF16: adapter.features.has('shader-f16'),
      vendor: info?.vendor || undefined,
      architecture: info?.architecture || undefined,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    };
  } catch (err) {
    return { available: false, reason: `WebGPU adapter request failed: ${String(err)}` };
  }
}

let cached: Promise<Capabilities> | undefined;

export function getCapabilities(): Promise<Capabilities> {
  cached ??= detectWebGpu().then((webgpu) => ({
    webgpu,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
    hardwareConcurrency: navigator.hardwareConcurrency || 1,
    deviceMemoryGB: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
  }));
  return cached;
}
