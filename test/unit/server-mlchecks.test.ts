import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { service, source, tmpDir } from './server-helpers';

// The GPU checks read the last probes from $TRAINYARD_HOME/hosts/.
const home = tmpDir();
process.env.TRAINYARD_HOME = home;
fs.mkdirSync(path.join(home, 'hosts'));
const gpu = (index: number, name: string) => ({ index, name, memoryTotalMiB: 143771, processes: [], free: true });
fs.writeFileSync(
  path.join(home, 'hosts', 'gpu1.json'),
  JSON.stringify({ format: 1, name: 'gpu1', target: 'ssh:gpu1', probedAt: '2025-06-01T10:20:30.000Z', ok: true, gpus: [gpu(0, 'NVIDIA H200'), gpu(1, 'NVIDIA H200')] }),
);
fs.writeFileSync(path.join(home, 'hosts', 'local.json'), JSON.stringify({ format: 1, name: 'local', target: 'local', probedAt: '2025-06-01T10:00:00.000Z', ok: true, gpus: [] }));

const brief = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info'} ${d.code}`;

async function diagnose(dir: string, file: string, text: string): Promise<Diagnostic[]> {
  return service().diagnose(source(path.join(dir, file), text));
}

test('DeepSpeed and accelerate documents get their ML checks at the right values', async () => {
  const dir = tmpDir();
  const ds = await diagnose(dir, 'ds_config.json', '{\n  "train_batch_size": 30,\n  "train_micro_batch_size_per_gpu": 4,\n  "gradient_accumulation_steps": 2\n}\n');
  assert.deepEqual(ds.map(brief), ['1:22-1:24 error deepspeed']);
  assert.match(String(ds[0].message), /multiple of 8/);
  const acc = await diagnose(dir, 'default_config.yaml', 'compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nnum_machines: 2\nnum_processes: 3\nmixed_precision: bf16\n');
  assert.deepEqual(acc.map(brief), ['3:15-3:16 warning accelerate']);
});

test('sweep parameters the job never uses: inline jobs and job files', async () => {
  const dir = tmpDir();
  const inline = await diagnose(dir, 's.trainyard.yaml', 'version: 1\nkind: sweep\njob:\n  run: python t.py --lr ${{ params.lr }}\nmatrix:\n  lr: [0.1, 0.01]\n  seed: [1, 2]\n');
  assert.deepEqual(inline.map(brief), ['6:2-6:6 warning unused-param']);
  assert.match(String(inline[0].message), /PARAM_SEED/);
  fs.writeFileSync(path.join(dir, 'train.trainyard.yaml'), 'version: 1\nkind: job\nrun: python t.py --seed $PARAM_SEED\n');
  const byFile = await diagnose(dir, 's2.trainyard.yaml', 'version: 1\nkind: sweep\njob: train.trainyard.yaml\nmatrix:\n  lr: [0.1, 0.01]\n  seed: [1, 2]\n');
  assert.deepEqual(byFile.map(brief), ['4:2-4:4 warning unused-param']);
});

test('a Kubernetes target without image is an error; a missing referenced spec too (core/spec)', async () => {
  const dir = tmpDir();
  const k8s = await diagnose(dir, 'k.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget: k8s:prod/ml\n');
  assert.deepEqual(k8s.map(brief), ['3:8-3:19 error k8s-image']);
  const missing = await diagnose(dir, 'p.trainyard.yaml', 'version: 1\nkind: pipeline\nstages:\n  a:\n    spec: nope.trainyard.yaml\n');
  assert.deepEqual(missing.map(brief), ['4:10-4:29 error file-not-found']);
});

test('GPUs beyond what the target host had at its last probe: count and type, with the host\'s GPUs', async () => {
  const dir = tmpDir();
  const many = await diagnose(dir, 'a.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget: ssh:gpu1\nresources:\n  gpus: 4\n');
  assert.deepEqual(many.map(brief), ['5:8-5:9 warning gpu-capacity']);
  assert.match(String(many[0].message), /asks for 4 GPUs, but `ssh:gpu1` has 2× NVIDIA H200 \(last probe 2025-06-01 10:20 UTC\)/);
  const type = await diagnose(dir, 'b.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget: ssh:gpu1\nresources:\n  gpu: A100\n  gpus: 1\n');
  assert.deepEqual(type.map(brief), ['5:7-5:11 warning gpu-capacity']);
  assert.match(String(type[0].message), /A100 GPUs, but `ssh:gpu1` has 2× NVIDIA H200/);
  assert.deepEqual((await diagnose(dir, 'c.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget: ssh:gpu1\nresources:\n  gpu: h200\n  gpus: 2\n')).map(brief), []);
  // no target: the default (local), whose probe found no GPUs; a host never probed says nothing
  const local = await diagnose(dir, 'd.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\nresources:\n  gpus: 1\n');
  assert.deepEqual(local.map(brief), ['4:8-4:9 warning gpu-capacity']);
  assert.deepEqual((await diagnose(dir, 'e.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget: ssh:other\nresources:\n  gpus: 8\n')).map(brief), []);
  // pipeline stages inherit the pipeline's target
  const p = await diagnose(dir, 'p.trainyard.yaml', 'version: 1\nkind: pipeline\ntarget: ssh:gpu1\nstages:\n  train:\n    job:\n      run: echo\n      resources: {gpus: 3}\n');
  assert.deepEqual(p.map(brief), ['7:24-7:25 warning gpu-capacity']);
});

test('third-party configs: missing inputs are warnings, outputs are not checked', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'prepare.py'), '');
  const dvc = await diagnose(dir, 'dvc.yaml', 'stages:\n  prepare:\n    cmd: python prepare.py\n    deps:\n      - prepare.py\n      - data/raw.csv\n      - s3://bucket/x\n    outs:\n      - data/prepared\n');
  assert.deepEqual(dvc.map(brief), ['5:8-5:20 warning file-not-found']);
  const ml = await diagnose(dir, 'MLproject', 'name: demo\nentry_points:\n  main:\n    parameters:\n      lr: {type: float, default: 0.1}\n    command: python train.py --lr {lr}\n');
  assert.deepEqual(ml.map(brief), ['5:20-5:28 warning file-not-found']);
  // (a {name} the entry point does not declare: MLflow stops with KeyError)
  const undeclared = await diagnose(dir, 'MLproject', 'name: demo\nentry_points:\n  main:\n    command: python prepare.py --lr {lr}\n');
  assert.deepEqual(undeclared.map(brief), ['3:13-3:40 error mlflow']);
});

test('Trainyard specs: the ML checks come from core/spec once (as `trainyard validate` gives them); a trainyard.defaultTarget setting takes the place of the configured default', async () => {
  const dir = tmpDir();
  const text = 'version: 1\nkind: job\nrun: echo\nresources:\n  gpus: 1\n';
  // the configured default is local, whose probe found no GPU: one warning, not two
  assert.deepEqual((await diagnose(dir, 'a.trainyard.yaml', text)).map(brief), ['4:8-4:9 warning gpu-capacity']);
  // this editor's default target: gpu1 has 2× H200, so no warning about local; Kubernetes wants an image
  const onGpu1 = await service({ defaultTarget: 'ssh:gpu1' }).diagnose(source(path.join(dir, 'b.trainyard.yaml'), text));
  assert.deepEqual(onGpu1.map(brief), []);
  const onK8s = await service({ defaultTarget: 'k8s:prod/ml' }).diagnose(source(path.join(dir, 'c.trainyard.yaml'), 'version: 1\nkind: job\nrun: echo\n'));
  assert.deepEqual(onK8s.map(brief), ['0:0-0:10 error k8s-image']);
  assert.match(String(onK8s[0].message), /\(the default target\)/);
});
