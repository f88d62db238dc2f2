// Writes the bundled third-party schemas (schemas/<format>/*.schema.json) from the modules in this
// folder. `node scripts/thirdparty-schemas/build.mjs` writes them; `--check` only compares and exits
// 1 when a committed file differs (the unit tests run the same comparison).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as skypilot from './skypilot.mjs';
import * as dstack from './dstack.mjs';
import * as dvc from './dvc.mjs';
import * as wandb from './wandb.mjs';
import * as mlflow from './mlflow.mjs';
import * as accelerate from './accelerate.mjs';
import * as deepspeed from './deepspeed.mjs';
import * as kubeflow from './kubeflow.mjs';
import * as kubernetes from './kubernetes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every generated file: `{ path (relative to schemas/), text }`. */
export function generate() {
  const out = [];
  for (const mod of [skypilot, dstack, dvc, wandb, mlflow, accelerate, deepspeed, kubeflow, kubernetes]) {
    for (const { path, schema } of mod.build()) out.push({ path, text: JSON.stringify(schema, null, 2) + '\n' });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { path, text } of generate()) {
    const file = join(root, 'schemas', path);
    let old = '';
    try { old = readFileSync(file, 'utf8'); } catch {}
    if (old === text) continue;
    if (check) { console.error(`stale: schemas/${path}`); stale++; continue; }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote schemas/${path}`);
  }
  if (stale) process.exit(1);
}
