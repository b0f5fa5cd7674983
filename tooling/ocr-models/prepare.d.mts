export const PACKAGE_FILES: string[];
export const REC_SOURCE: string;
export const REC_FUSED: string;
export const REC_INT8: string;
export const WORDS: string;
export function wordListBytes(root: string): Uint8Array | null;
export function packageAssetsDir(root: string): string | null;
export function preparePaddleModels(root: string): string | null;
