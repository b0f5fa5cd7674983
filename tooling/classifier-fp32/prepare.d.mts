export const CLASSIFIER_ID: string;
export const INT8_FILE: string;
export const FP32_FILE: string;
export function int8Source(dirs: string[]): string | null;
export function prepareClassifierFp32(root: string, dirs?: string[]): { dir: string; file: string } | null;
