export interface OrtRuntimeFile {
  name: string;
  size: number;
  sha256: string;
}
export interface OrtRuntimeManifest {
  version: string;
  tag: string;
  path: string;
  files: OrtRuntimeFile[];
}
export const ORT_RUNTIME_FILES: string[];
export function ortDistDir(root: string): string;
export function ortRuntime(root?: string): OrtRuntimeManifest & { dir: string };
export function ortRuntimeManifest(root?: string): OrtRuntimeManifest;
