import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { caret, service, source, tmpDir } from './server-helpers';

// This machine, as the completions read it: HOME (~/.ssh/config), TRAINYARD_HOME, KUBECONFIG.
const home = tmpDir();
process.env.HOME = home;
process.env.TRAINYARD_HOME = path.join(home, '.trainyard');
fs.mkdirSync(path.join(home, '.ssh'));
fs.writeFileSync(path.join(home, '.ssh', 'config'), 'Host gpu1 gpu2\n  User me\nHost *.internal\n  User x\n');
fs.mkdirSync(path.join(home, '.trainyard', 'hosts'), { recursive: true });
fs.writeFileSync(path.join(home, '.trainyard', 'config.yaml'), 'hosts:\n  - lab\n  - gpu1\n');
fs.writeFileSync(
  path.join(home, '.trainyard', 'hosts', 'gpu1.json'),
  JSON.stringify({ format: 1, name: 'gpu1', target: 'ssh:gpu1', probedAt: '2025-06-01T10:00:00Z', ok: true, gpus: [{ index: 0, name: 'NVIDIA H200', processes: [], free: true }] }),
);
const kube = path.join(home, 'kubeconfig');
fs.writeFileSync(kube, 'apiVersion: v1\nkind: Config\ncontexts:\n  - name: prod\n    context: {cluster: c1, namespace: ml}\n  - name: dev\n    context: {cluster: c2}\n');
process.env.KUBECONFIG = kube;

async function complete(dir: string, file: string, marked: string, settings?: unknown) {
  const { text, position } = caret(marked);
  return service(settings).complete(source(path.join(dir, file), text), position);
}

test('targets: local, configured hosts, SSH aliases and Kubernetes contexts', async () => {
  const r = await complete(tmpDir(), 'a.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget: |\n');
  const labels = r!.items.map((i) => i.label);
  assert.deepEqual(labels.slice(0, 6), ['local', 'ssh:lab', 'ssh:gpu1', 'ssh:gpu2', 'k8s:prod/ml', 'k8s:dev/default']);
  assert.match(r!.items[2].detail!, /1× NVIDIA H200/);
  assert.deepEqual(r!.items[0].textEdit, { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 8 } }, newText: 'local' });
  // trainyard.sshConfigPath and trainyard.hosts from the settings
  const other = path.join(home, 'other_ssh_config');
  fs.writeFileSync(other, 'Host box\n');
  const s = await complete(tmpDir(), 'b.trainyard.yaml', 'version: 1\nkind: pipeline\ntarget: ss|\nstages: {}\n', { sshConfigPath: other, hosts: { rig: {} } });
  const l2 = s!.items.map((i) => i.label);
  assert.ok(l2.includes('ssh:box') && l2.includes('ssh:rig') && !l2.includes('ssh:gpu2'), l2.join(' '));
  // after `ssh:` (a colon inside the value, not the key's): the edit replaces it, with no space of its own
  const t = await complete(tmpDir(), 'c.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget: ssh:|\n');
  const lab = t!.items.find((i) => i.label === 'ssh:lab')!;
  assert.deepEqual(lab.textEdit, { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } }, newText: 'ssh:lab' });
  // right after the key's colon it brings its space
  const u = await complete(tmpDir(), 'd.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget:|\n');
  assert.equal((u!.items.find((i) => i.label === 'local')!.textEdit as { newText: string }).newText, ' local');
});

test('file paths relative to the spec: specs for `spec`, folders for `workdir`, anything for outputs (from the workdir)', async () => {
  const dir = tmpDir();
  for (const f of ['jobs/train.trainyard.yaml', 'jobs/notes.txt', 'src/out/model.pt', 'prep.trainyard.yaml', '.hidden/x']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), '');
  }
  const spec = await complete(dir, 'p.trainyard.yaml', 'version: 1\nkind: pipeline\nstages:\n  a:\n    spec: jobs/|\n');
  assert.deepEqual(spec!.items.map((i) => i.label), ['train.trainyard.yaml']);
  assert.deepEqual((spec!.items[0].textEdit as { range: unknown }).range, { start: { line: 4, character: 15 }, end: { line: 4, character: 15 } });
  const top = await complete(dir, 'p2.trainyard.yaml', 'version: 1\nkind: pipeline\nstages:\n  a:\n    spec: p|\n');
  // the editor filters by what is typed; hidden entries only once a dot is typed
  assert.deepEqual(top!.items.map((i) => i.label).sort(), ['jobs/', 'prep.trainyard.yaml', 'src/']);
  const wd = await complete(dir, 'j.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\nworkdir: |\n');
  assert.deepEqual(wd!.items.filter((i) => i.kind === 19).map((i) => i.label), ['jobs/', 'src/']);
  const out = await complete(dir, 'o.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\nworkdir: src\noutputs:\n  - out/|\n');
  assert.deepEqual(out!.items.map((i) => i.label), ['model.pt']);
  const sweep = await complete(dir, 's.trainyard.yaml', 'version: 1\nkind: sweep\nmatrix: {lr: [1]}\njob: "jobs/t|"\n');
  assert.deepEqual(sweep!.items.map((i) => i.label), ['train.trainyard.yaml']);
});

test('sweeps: ${{ params. completes the matrix names inside the job run and env', async () => {
  const dir = tmpDir();
  const base = 'version: 1\nkind: sweep\nmatrix:\n  lr: [0.1, 0.01]\n  batch_size: [16, 32]\n';
  const run = await complete(dir, 's.trainyard.yaml', base + 'job:\n  run: python t.py --lr ${{ params.|\n');
  assert.deepEqual(run!.items.map((i) => [i.label, i.textEdit!.newText]), [['lr', 'lr }}'], ['batch_size', 'batch_size }}']]);
  assert.match(run!.items[0].detail!, /0\.1, 0\.01/);
  const block = await complete(dir, 's2.trainyard.yaml', base + 'job:\n  run: >\n    python t.py \\\n      --bs ${{ params.b| }}\n');
  assert.deepEqual(block!.items.map((i) => [i.label, i.textEdit!.newText]), [['lr', 'lr'], ['batch_size', 'batch_size']]);
  const env = await complete(dir, 's3.trainyard.yaml', base + 'job:\n  run: echo\n  env:\n    LR: "${{ params.|"\n');
  assert.equal(env!.items.length, 2);
  // not in other fields, not in other kinds
  const name = await complete(dir, 's4.trainyard.yaml', base + 'name: ${{ params.|\njob: {run: echo}\n');
  assert.ok(!name || !name.items.some((i) => i.label === 'lr'));
});

test('`.` and `/` only complete params, paths and targets, not the middle of other values', async () => {
  const dir = tmpDir();
  assert.equal(await complete(dir, 'r.trainyard.yaml', 'version: 1\nkind: job\nrun: python train.|\n'), null);
  assert.equal(await complete(dir, 'r2.trainyard.yaml', 'version: 1\nkind: job\nrun: echo a/|\n'), null);
  const t = await complete(dir, 't.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\ntarget: k8s:prod/|\n');
  assert.ok(t!.items.some((i) => i.label === 'k8s:prod/ml'));
});

test("pipelines: a stage's needs completes the other stages (not itself, not listed ones, not those that need it)", async () => {
  const dir = tmpDir();
  const base = 'version: 1\nkind: pipeline\nstages:\n  prep: {spec: prep.trainyard.yaml}\n  tok: {job: {run: python tok.py}}\n  eval: {job: {run: python eval.py}, needs: [train]}\n';
  const flow = await complete(dir, 'p.trainyard.yaml', base + '  train:\n    job: {run: python train.py}\n    needs: [tok, |]\n');
  assert.deepEqual(flow!.items.map((i) => [i.label, i.textEdit!.newText, i.detail]), [['prep', 'prep', 'stage: prep.trainyard.yaml']]);
  assert.deepEqual((flow!.items[0].textEdit as { range: unknown }).range, { start: { line: 8, character: 17 }, end: { line: 8, character: 17 } });
  const typed = await complete(dir, 'p2.trainyard.yaml', base + '  train:\n    job: {run: python train.py}\n    needs: [to|]\n');
  assert.deepEqual(typed!.items.map((i) => i.label), ['prep', 'tok']);
  assert.deepEqual((typed!.items[1].textEdit as { range: unknown }).range, { start: { line: 8, character: 12 }, end: { line: 8, character: 14 } });
  const block = await complete(dir, 'p3.trainyard.yaml', base + '  train:\n    job: {run: python train.py}\n    needs:\n      - tok\n      - |\n');
  assert.deepEqual(block!.items.map((i) => i.label), ['prep']);
  // no list yet: the item comes as one
  const bare = await complete(dir, 'p4.trainyard.yaml', base + '  train:\n    job: {run: python train.py}\n    needs: |\n');
  assert.deepEqual(bare!.items.map((i) => i.textEdit!.newText), ['[prep]', '[tok]']);
  const inline = await complete(dir, 'p5.trainyard.yaml', base + '  train: {job: {run: python train.py}, needs: [|]}\n');
  assert.deepEqual(inline!.items.map((i) => i.label), ['prep', 'tok']);
});

test('spec paths: a stage is offered job and service specs, a sweep job specs; never pipelines, sweeps or the file itself', async () => {
  const dir = tmpDir();
  const files: Record<string, string> = {
    'train.trainyard.yaml': 'kind: job\nrun: x\n',
    'serve.trainyard.yaml': '# a model server\nkind: "service"\nrun: x\n',
    'flow.trainyard.yaml': 'kind: pipeline\nstages: {}\n',
    'grid.trainyard.yaml': 'kind: sweep\n',
    'draft.trainyard.yaml': '',
  };
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  fs.writeFileSync(path.join(dir, 'p.trainyard.yaml'), '');
  const stage = await complete(dir, 'p.trainyard.yaml', 'version: 1\nkind: pipeline\nstages:\n  a:\n    spec: |\n');
  assert.deepEqual(stage!.items.map((i) => i.label).sort(), ['draft.trainyard.yaml', 'serve.trainyard.yaml', 'train.trainyard.yaml']);
  const sweep = await complete(dir, 'grid.trainyard.yaml', 'version: 1\nkind: sweep\nmatrix: {lr: [1]}\njob: |\n');
  assert.deepEqual(sweep!.items.map((i) => i.label).sort(), ['draft.trainyard.yaml', 'p.trainyard.yaml', 'train.trainyard.yaml']);
});
