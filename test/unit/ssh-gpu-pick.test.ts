/**
 * The host-side GPU pick (core/gpu/pickAwk.ts, run by the SSH queue under the host's lock) must
 * choose exactly what core/gpu/allocate.ts `pickGpus` chooses from the same nvidia-smi output:
 * both are run here on the same generated CSV (awk is the system's, as on a host).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PICK_AWK } from '../../core/gpu/pickAwk';
import { pickGpus } from '../../core/gpu/allocate';
import { parseGpuCsv, parseAppsCsv, combine } from '../../core/gpu/nvidiaSmi';

function runAwk(gpus: string, apps: string | undefined, want: number, type: string, taken: string[], util = 10, mem = 10): string {
  const input = `@@gpus\n${gpus}${apps === undefined ? '' : `@@apps\n${apps}`}`;
  const r = spawnSync('awk', [PICK_AWK], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, TY_WANT: String(want), TY_TYPE: type, TY_UTIL: String(util), TY_MEM: String(mem), TY_TAKEN: taken.join(',') },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function runTs(gpus: string, apps: string | undefined, want: number, type: string, taken: string[], util = 10, mem = 10): string {
  const g = combine(parseGpuCsv(gpus).gpus, apps === undefined ? [] : parseAppsCsv(apps), new Map(), { utilizationPercent: util, memoryPercent: mem });
  const p = pickGpus(g, want, type || undefined, new Set(taken), 'the host');
  return 'error' in p ? 'wait' : `ok ${p.indices.join(',')}`;
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('host-side GPU pick (awk) agrees with pickGpus', () => {
  it('on hand-written cases: busy, processes, MIG, names with commas, types, taken', () => {
    const gpus = [
      '0, NVIDIA A100-SXM4-80GB, GPU-a, 0, 3, 81920, 30, 61.5',
      '1, NVIDIA A100-SXM4-80GB, GPU-b, 97, 40000, 81920, 70, [N/A]',
      '2, NVIDIA H100 80GB HBM3, GPU-c, 0, 10, 81559, 30, 70',
      '3, NVIDIA A100-SXM4-80GB, GPU-d, [N/A], 100, 81920, 30, 61.5',
      '4, Tesla V100, 32GB, GPU-e, 1, 0, 32768, 30, 61.5',
      '5, NVIDIA A100-SXM4-80GB, GPU-f, 0, 3, 81920, 30, 61.5',
    ].join('\n') + '\n';
    const apps = 'GPU-f, 1234, 100\n';
    const cases: Array<[number, string, string[]]> = [
      [1, '', []],
      [2, '', []],
      [3, '', []],
      [4, '', []],
      [1, 'a100', []],
      [2, 'a100', []],
      [1, 'A100', ['0']],
      [1, 'h100 80gb', []],
      [1, 'tesla_v100', []],
      [1, 'v100, 32', []],
      [1, 'b200', []],
      [2, '', ['0']],
    ];
    for (const [want, type, taken] of cases) {
      assert.equal(runAwk(gpus, apps, want, type, taken).split(' ')[0] === 'ok' ? runAwk(gpus, apps, want, type, taken) : 'wait', runTs(gpus, apps, want, type, taken), `${want} ${type} [${taken}]`);
    }
    assert.equal(runAwk(gpus, apps, 2, '', []), 'ok 0,2');
    assert.match(runAwk('', undefined, 1, '', []), /^wait .*no GPUs/);
    assert.match(runAwk(gpus, apps, 3, 'a100', []), /^wait for 3 GPUs of type a100: 1 of 4 free$/);
  });

  it('on 400 generated hosts', () => {
    const r = rng(42);
    const pickOf = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    for (let c = 0; c < 400; c++) {
      const n = Math.floor(r() * 6);
      const rows: string[] = [];
      const apps: string[] = [];
      for (let i = 0; i < n; i++) {
        const name = pickOf(['NVIDIA A100-SXM4-80GB', 'NVIDIA H100 80GB HBM3', 'Tesla V100, 16GB', 'NVIDIA_GeForce RTX 4090']);
        const util = pickOf(['0', '5', '9', '10', '55', '[N/A]', '7.5']);
        const total = pickOf(['81920', '[N/A]', '0', '16384']);
        const used = pickOf(['0', '3', '8000', '[N/A]', '1638']);
        const uuid = pickOf([`GPU-${i}`, `MIG-${i}`, '[N/A]']);
        rows.push(`${i}, ${name}, ${uuid}, ${util}, ${used}, ${total}, 30, [N/A]`);
        if (r() < 0.2) apps.push(`${uuid}, ${1000 + i}, 100`);
      }
      const want = 1 + Math.floor(r() * 3);
      const type = pickOf(['', 'a100', 'H100', 'v100', 'rtx-4090', 'b200']);
      const taken = Array.from({ length: n }, (_, i) => String(i)).filter(() => r() < 0.2);
      const gpuCsv = rows.join('\n') + (rows.length ? '\n' : '');
      const appsCsv = r() < 0.1 ? undefined : apps.join('\n') + '\n';
      const util = pickOf([10, 50]);
      const mem = pickOf([10, 5]);
      const a = runAwk(gpuCsv, appsCsv, want, type, taken, util, mem);
      const t = runTs(gpuCsv, appsCsv, want, type, taken, util, mem);
      assert.equal(a.startsWith('ok') ? a : 'wait', t, `case ${c}:\n${gpuCsv}${appsCsv ?? ''}want ${want} type ${type} taken ${taken}`);
    }
  });
});
