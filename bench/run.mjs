#!/usr/bin/env node
/**
 * `npm run bench`: runs every task's benchmark (bench/*.bench.mjs) one after the other on the built app
 * (DIST_DIR, default dist/), each side by side with its native onnxruntime-node reference, then
 * collects their markdown tables into bench/out/summary.md. Run one alone with `node bench/<task>.bench.mjs`,
 * or pick some with `npm run bench -- detect ocr`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort((a, b) => (a.startsWith('classify-image') ? -1 : b.startsWith('classify-image') ? 1 : a.localeCompare(b)));

const failed = [];
for (const s of scripts) {
  console.log(`\n=== ${s} ===`);
  const r = spawnSync(process.execPath, [path.join(here, s)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed.push(`${s} (exit ${r.status ?? r.signal})`);
}

const out = path.join(here, 'out');
if (fs.existsSync(out)) {
  const parts = fs
    .readdirSync(out)
    .filter((f) => f.endsWith('.md') && f !== 'summary.md')
    .sort()
    .map((f) => fs.readFileSync(path.join(out, f), 'utf8').trim());
  fs.writeFileSync(path.join(out, 'summary.md'), `${parts.join('\n\n')}\n`);
  console.log(`\nAll tables: ${path.relative(process.cwd(), path.join(out, 'summary.md'))}`);
}
if (failed.length) {
  console.error(`\nBenchmarks that failed: ${failed.join(', ')}`);
  process.exit(1);
}
