/** The settings a model can be benchmarked with on this device: WASM at each thread count, WebGPU, each dtype. Pure. */
import type { ModelEntry } from '../../model-store/catalog-types';
import type { Backend, Dtype } from '../../protocol/messages';
import { threadCounts, type DeviceDescription } from '../../runtime/device';
import { settingLabel } from '../../runtime/tuning';

export interface BenchSetting {
  backend: Backend;
  threads: number;
  dtype: Dtype;
  /** "WASM 2 threads · q8" */
  label: string;
  /** WebGPU on a software adapter (e.g. SwiftShader): correct but not a GPU timing. */
  software?: boolean;
  /** Why it cannot run here (shown, not run). */
  unavailable?: string;
}

const INT8: Dtype[] = ['q8', 'int8', 'uint8'];

/** The dtypes the model has weights for, its backend's default first. */
function dtypesOf(entry: ModelEntry, first: Dtype): Dtype[] {
  return [...new Set([first, ...entry.files.map((f) => f.dtype).filter((d): d is Dtype => !!d)])];
}

export function benchSettings(entry: ModelEntry, device: DeviceDescription): BenchSetting[] {
  const out: BenchSetting[] = [];
  // WASM: every dtype but fp16 (no fp16 arithmetic on the CPU: it only converts).
  const wasmDtypes = dtypesOf(entry, entry.backends.wasm.dtype).filter((d) => d === entry.backends.wasm.dtype || (d !== 'fp16' && d !== 'q4f16'));
  for (const dtype of wasmDtypes) {
    for (const threads of threadCounts(device)) {
      out.push({ backend: 'wasm', threads, dtype, label: `${settingLabel({ backend: 'wasm', threads, dtype })} · ${dtype}` });
    }
  }
  const gpu = entry.backends.webgpu;
  if (gpu) {
    // WebGPU: its own dtype, and the float ones (int8 has no WebGPU kernels: it would run on the CPU).
    const dtypes = dtypesOf(entry, gpu.dtype).filter(
      (d) => d === gpu.dtype || (!INT8.includes(d) && (d !== 'fp16' || (device.webgpu.available && device.webgpu.shaderF16))),
    );
    for (const dtype of dtypes) {
      const s: BenchSetting = { backend: 'webgpu', threads: 1, dtype, label: `WebGPU · ${dtype}` };
      if (!device.webgpu.available) s.unavailable = device.webgpu.reason ?? 'no WebGPU adapter';
      else if (gpu.needsF16 && !device.webgpu.shaderF16) s.unavailable = 'needs shader-f16';
      else if (device.webgpu.software) {
        s.software = true;
        s.label += ' (software adapter)';
      }
      out.push(s);
    }
  }
  return out;
}

/** A setting's identity across runs (history comparison). */
export const settingKey = (s: { backend: Backend; threads: number; dtype: Dtype }) =>
  `${s.backend}/${s.backend === 'webgpu' ? 'gpu' : `${s.threads}t`}/${s.dtype}`;
