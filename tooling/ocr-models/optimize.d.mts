export interface OptimizeOptions {
  quantize?: boolean;
  quantizeMinChannels?: number;
}
export function optimizeModel(
  bytes: Uint8Array,
  opts?: OptimizeOptions,
): { bytes: Uint8Array; stats: { folded1: number; swishes: number; folded3: number; quantized: number; nodes: number } };
