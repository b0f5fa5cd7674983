// MODELS_DIR holds one or more self-hosted model folders separated by the path delimiter (':' on
// Linux/macOS); the first folder that has a file wins. Shared by tests and benchmarks (Node side).
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_MODELS_DIR = '../shared/models';

/** The folders of MODELS_DIR, resolved against `root` (default: the current directory). */
export function modelsDirs(value = process.env.MODELS_DIR || DEFAULT_MODELS_DIR, root = process.cwd()) {
  return value
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => path.resolve(root, d));
}

/**
 * Every model these folders hold (`<org>/<name>` with a config.json, or any .onnx file under it): the app
 * offers a self-hosted catalog entry only when its build serves it (a fresh clone has no model folder).
 */
export function servedModelIds(dirs) {
  const ids = new Set();
  for (const d of dirs) {
    if (!fs.existsSync(d)) continue;
    for (const org of fs.readdirSync(d, { withFileTypes: true })) {
      if (!org.isDirectory()) continue;
      for (const name of fs.readdirSync(path.join(d, org.name), { withFileTypes: true })) {
        if (name.isDirectory() && fs.existsSync(path.join(d, org.name, name.name, 'config.json'))) ids.add(`${org.name}/${name.name}`);
      }
    }
  }
  return [...ids].sort();
}

/**
 * The generated test models (`test-tiny/<name>`, tooling/gen-text-models) that these folders hold: the
 * app lists a test model only when its build serves it, without asking the network.
 */
export function testModelIds(dirs) {
  const ids = new Set();
  for (const d of dirs) {
    const root = path.join(d, 'test-tiny');
    if (!fs.existsSync(root)) continue;
    for (const e of fs.readdirSync(root, { withFileTypes: true })) {
      if (e.isDirectory() && fs.existsSync(path.join(root, e.name, 'config.json'))) ids.add(`test-tiny/${e.name}`);
    }
  }
  return [...ids].sort();
}

/** The absolute path of `<org>/<name>/<file>` in the first folder that has it (or in the first folder). */
export function modelPath(rel, dirs = modelsDirs()) {
  for (const d of dirs) {
    const p = path.join(d, rel);
    if (fs.existsSync(p)) return p;
  }
  return path.join(dirs[0], rel);
}
