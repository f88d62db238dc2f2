// Benchmarks (never run in CI): `npm run bench -- <name…>`; names: validate, lsp, conformance (more arrive with
// their issues). Each prints medians over several runs, since this machine is shared and noisy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLsp } from './lsp.mjs';
import { benchSync } from './sync.mjs';
import { benchConformance } from './conformance.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const names = process.argv.slice(2);
const all = { validate: benchValidate, lsp: benchLsp, sync: benchSync, conformance: () => benchConformance([]) };
const chosen = names.length ? names : Object.keys(all);

const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

for (const n of chosen) {
  if (!all[n]) {
    console.error(`unknown benchmark \`${n}\`; known: ${Object.keys(all).join(', ')}`);
    process.exit(2);
  }
  await all[n]();
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** 1,000 specs of all four kinds, validated by one `trainyard validate` process, start-up included. */
async function benchValidate() {
  const dir = mkdtempSync(join(tmpdir(), 'trainyard-bench-'));
  try {
    mkdirSync(join(dir, 'specs'));
    for (let i = 0; i < 1000; i++) {
      const k = i % 10;
      let text;
      if (k < 7) {
        text = `version: 1\nkind: job\nname: train-${i}\nstage: train\nresources:\n  gpus: ${i % 8}\n  gpu: A100\n  cpus: 8\n  memory: 32Gi\nenv:\n  LR: "0.0${i % 9 + 1}"\n  EPOCHS: ${i % 20 + 1}\n  WANDB_API_KEY: { secret: WANDB_API_KEY }\nsetup: |\n  pip install -r requirements.txt\nrun: |\n  python train.py --lr $LR --epochs $EPOCHS\noutputs:\n  - outputs/model-${i}.pt\nmetrics:\n  pattern: 'loss=(?<loss>[0-9.]+)'\ntimeout: 2h30m\nretries: 1\n`;
      } else if (k === 7) {
        text = `version: 1\nkind: service\nname: serve-${i}\nstage: deploy\nport: 8080\nhealth: /health\nreplicas: 2\nrun: python serve.py\n`;
      } else if (k === 8) {
        text = `version: 1\nkind: pipeline\nname: pipe-${i}\nstages:\n  prepare:\n    job:\n      run: python prepare.py\n  train:\n    needs: [prepare]\n    job:\n      run: python train.py\n  evaluate:\n    needs: [train]\n    job:\n      run: python evaluate.py\n`;
      } else {
        text = `version: 1\nkind: sweep\nname: sweep-${i}\njob:\n  run: python train.py --lr \${{ params.lr }}\nmatrix:\n  lr: [0.1, 0.01, 0.001]\n  batch: [32, 64]\nstrategy: grid\nparallel: 2\nmetric:\n  name: accuracy\n  goal: maximize\n`;
      }
      writeFileSync(join(dir, 'specs', `s${i}.trainyard.yaml`), text);
    }
    const times = [];
    for (let r = 0; r < 7; r++) {
      const t0 = process.hrtime.bigint();
      const res = spawnSync(process.execPath, [join(root, 'bin/trainyard.js'), 'validate', '--quiet', join(dir, 'specs')], { encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 0) {
        console.error(res.stdout.slice(0, 2000), res.stderr.slice(0, 2000));
        throw new Error('validate failed on the generated specs');
      }
      times.push(ms);
    }
    console.log(`validate: 1,000 specs in one process, start-up included — median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms over ${times.length} runs (goal < 2000 ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
