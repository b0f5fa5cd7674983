export function dequantizeModel(bytes: Uint8Array): Uint8Array;
