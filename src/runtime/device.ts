/**
 * This device in words, and a key that changes when anything that decides speed changes (another browser
 * version, another WebGPU adapter, other cores): benchmark results and the tuned choice carry it.
 */
import type { Capabilities } from './backend';

export interface DeviceDescription {
  cores: number;
  /** `navigator.deviceMemory` (a rounded hint, GB), when the browser gives it. */
  memoryGB?: number;
  crossOriginIsolated: boolean;
  /** WASM threads above 1 need both cross-origin isolation and SharedArrayBuffer. */
  sharedArrayBuffer: boolean;
  webgpu: { available: false; reason?: string } | { available: true; adapter: string; software: boolean; shaderF16: boolean };
  /** Browser brand and version, e.g. "Chromium 156" (from userAgentData, else parsed from the user agent). */
  browser: string;
  platform?: string;
}

interface UaData {
  brands?: { brand: string; version: string }[];
  platform?: string;
}

/** The browser's brand and major version: userAgentData where it exists (Chromium), else from the user agent string. */
export function browserName(ua: string, data?: UaData): string {
  const brand = data?.brands?.find((b) => !/not.a.brand/i.test(b.brand) && b.brand !== 'Chromium') ?? data?.brands?.find((b) => b.brand === 'Chromium');
  if (brand) return `${brand.brand} ${brand.version}`;
  const m =
    /(Edg|OPR|Firefox|Chrome|Chromium)\/(\d+)/.exec(ua) ?? (/Version\/(\d+)(?:\.\d+)*.*Safari/.exec(ua) ? ['', 'Safari', /Version\/(\d+)/.exec(ua)![1]] : null);
  if (m) return `${m[1] === 'Edg' ? 'Edge' : m[1] === 'OPR' ? 'Opera' : m[1]} ${m[2]}`;
  if (/AppleWebKit\/(\d+)/.test(ua)) return `WebKit ${/AppleWebKit\/(\d+)/.exec(ua)![1]}`;
  return 'unknown browser';
}

export function describeDevice(caps: Capabilities, nav: { userAgent: string; userAgentData?: UaData } = navigator): DeviceDescription {
  const g = caps.webgpu;
  return {
    cores: caps.hardwareConcurrency,
    ...(caps.deviceMemoryGB ? { memoryGB: caps.deviceMemoryGB } : {}),
    crossOriginIsolated: caps.crossOriginIsolated,
    sharedArrayBuffer: caps.sharedArrayBuffer,
    webgpu: g.available
      ? {
          available: true,
          adapter: [g.vendor, g.architecture].filter(Boolean).join(' ') || 'unnamed adapter',
          software: !!g.fallbackAdapter,
          shaderF16: !!g.shaderF16,
        }
      : { available: false, reason: g.reason },
    browser: browserName(nav.userAgent, nav.userAgentData),
    ...(nav.userAgentData?.platform ? { platform: nav.userAgentData.platform } : {}),
  };
}

/** What a tuned choice depends on: cores, threads allowed, the adapter, the browser and its version. */
export function deviceKey(d: DeviceDescription): string {
  const gpu = d.webgpu.available ? `${d.webgpu.adapter}${d.webgpu.software ? ' (software)' : ''}${d.webgpu.shaderF16 ? ' f16' : ''}` : 'no WebGPU';
  return [`${d.cores} cores`, d.crossOriginIsolated && d.sharedArrayBuffer ? 'threads' : 'one thread', gpu, d.browser].join(' · ');
}

/** WASM thread counts this device can use: 1 … cores when shared memory is allowed, else only 1. */
export function threadCounts(d: Pick<DeviceDescription, 'cores' | 'crossOriginIsolated' | 'sharedArrayBuffer'>): number[] {
  if (!d.crossOriginIsolated || !d.sharedArrayBuffer) return [1];
  return Array.from({ length: Math.max(1, d.cores) }, (_, i) => i + 1);
}

/** This device's key (see deviceKey), from the capabilities detected once per page. */
export async function thisDeviceKey(): Promise<string> {
  const { getCapabilities } = await import('./capabilities');
  return deviceKey(describeDevice(await getCapabilities()));
}
