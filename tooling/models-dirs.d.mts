export const DEFAULT_MODELS_DIR: string;
export function modelsDirs(value?: string, root?: string): string[];
export function testModelIds(dirs: string[]): string[];
export function servedModelIds(dirs: string[]): string[];
export function modelPath(rel: string, dirs?: string[]): string;
