// core/spec's ML-aware checks (ml.ts), which `trainyard validate` and the language server share:
// Kubernetes targets without image, sweep parameters, GPUs against the host's last probe; and the
// positions of an editor's text (BOM, U+FFFD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load, where, y } from './spec-helpers';
import { loadSpecText } from '../../core/spec';
import type { MachineView } from '../../core/spec/machine';
import type { HostProbe } from '../../core/gpu/probe';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-ml-'));
}

const gpu = (index: number, name: string) => ({ index, name, processes: [], free: true });
function machine(defaultTarget: string | undefined, probes: Record<string, HostProbe['gpus']>): MachineView {
  return {
    defaultTarget: () => defaultTarget,
    hostProbe: (name) => (probes[name] ? { format: 1, name, target: name === 'local' ? 'local' : `ssh:${name}`, probedAt: '2025-06-01T10:20:30.000Z', ok: true, gpus: probes[name] } : undefined),
  };
}

test('Kubernetes without image: at the target, at an inline stage, with where the target comes from', () => {
  const own = load(y('kind: job', 'target: k8s:prod/ml', 'run: x'));
  assert.deepEqual(where(own), ['k8s-image@2:9']);
  assert.equal(own.problems[0].message, 'this job runs on the Kubernetes target `k8s:prod/ml` and needs an `image` to run in (e.g. `image: python:3.12-slim`)');
  // an error about the spec's own target: a launch with `--target local` may still load it
  assert.ok(own.spec);
  const stage = load(y('kind: pipeline', 'target: k8s:prod/ml', 'stages:', '  a:', '    job:', '      run: x', '  b:', '    job: {run: y, image: python:3.12}'));
  assert.deepEqual(where(stage), ['k8s-image@5:5']);
  assert.match(stage.problems[0].message, /^stage `a` runs on the Kubernetes target `k8s:prod\/ml` \(the pipeline's target\)/);
  // an invalid target says so once (no k8s-image besides)
  assert.deepEqual(where(load(y('kind: job', 'target: k8s:prod', 'run: x'))), ['target@2:9']);
});

test('Kubernetes without image: the configured default target, and an explicit one', () => {
  const text = y('kind: job', 'run: x');
  const r = load(text, { checkFiles: false, machine: machine('k8s:prod/ml', {}) });
  assert.deepEqual(where(r), ['k8s-image@1:1']);
  assert.match(r.problems[0].message, /\(the default target\)/);
  assert.deepEqual(where(load(text, { checkFiles: false, machine: machine('k8s:prod/ml', {}), defaultTarget: 'local' })), []);
  assert.deepEqual(where(load(text, { checkFiles: false, defaultTarget: 'k8s:a/b' })), ['k8s-image@1:1']);
});

test('Kubernetes without image in a referenced spec: said once, at the reference, with the inherited target', () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'own.trainyard.yaml'), y('kind: job', 'target: k8s:prod/ml', 'run: x'));
    fs.writeFileSync(path.join(dir, 'plain.trainyard.yaml'), y('kind: job', 'run: x'));
    const p = loadSpecText(y('kind: pipeline', 'stages:', '  a: {spec: own.trainyard.yaml}'), path.join(dir, 'p.trainyard.yaml'));
    // not also "own.trainyard.yaml has 1 error" (referenced-spec)
    assert.deepEqual(where(p), ['k8s-image@3:13']);
    assert.match(p.problems[0].message, /stage `a` \(own\.trainyard\.yaml, which has no image\)/);
    const inherited = loadSpecText(y('kind: sweep', 'target: k8s:research/sweeps', 'job: plain.trainyard.yaml', 'matrix: {lr: [1]}'), path.join(dir, 's.trainyard.yaml'));
    assert.deepEqual(where(inherited).filter((w) => w.startsWith('k8s')), ['k8s-image@3:6']);
    // with a local pipeline target the stage runs locally: nothing to say
    assert.deepEqual(where(loadSpecText(y('kind: pipeline', 'target: local', 'stages:', '  a: {spec: plain.trainyard.yaml}'), path.join(dir, 'q.trainyard.yaml'))), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sweep parameters: unused, read by the script the job runs, and misspelt references', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'train.py'), 'import os\nlr = float(os.environ["PARAM_LR"])\n');
    fs.writeFileSync(path.join(dir, 'train.trainyard.yaml'), y('kind: job', 'workdir: src', 'run: python train.py --epochs 3'));
    const file = path.join(dir, 's.trainyard.yaml');
    // train.py reads PARAM_LR; nothing reads seed
    const byFile = loadSpecText(y('kind: sweep', 'job: train.trainyard.yaml', 'matrix:', '  lr: [0.1]', '  seed: [1, 2]'), file);
    assert.deepEqual(where(byFile), ['unused-param@5:3']);
    assert.equal(byFile.problems[0].severity, 'warning');
    const inline = loadSpecText(y('kind: sweep', 'job:', '  workdir: src', '  run: python -m train', 'matrix:', '  lr: [0.1]'), file);
    assert.deepEqual(where(inline), []);
    // a misspelt reference: the name is underlined and fixed; the parameter it meant is not "unused" too
    const typo = load(y('kind: sweep', 'job:', '  run: |', '    python t.py \\', '      --lr ${{ params.lrr }} --m $PARAM_MOMENTUM', 'matrix:', '  lr: [0.1]', '  momentum: [0.9]'));
    assert.deepEqual(where(typo), ['unknown-param@5:23']);
    assert.equal(typo.problems[0].range.end.column, 26);
    assert.equal(typo.problems[0].suggestion, 'lr');
    assert.equal(typo.spec, undefined, 'the runs would hand `${{ params.lrr }}` to the shell');
    // one wrong reference and one unused parameter: that one was meant, however far the names
    const far = load(y('kind: sweep', 'job: {run: "t ${{ params.rate }}"}', 'matrix: {lr: [1]}'));
    assert.deepEqual(where(far), ['unknown-param@2:26']);
    assert.equal(far.problems[0].suggestion, 'lr');
    // not a parameter reference at all
    const expr = load(y('kind: sweep', 'job:', '  env: {LR: "${{ param.lr }}"}', '  run: t', 'matrix: {lr: [1]}'));
    assert.deepEqual(where(expr), ['unknown-param@3:14']);
    assert.equal(expr.problems[0].suggestion, '${{ params.lr }}');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('GPUs against the last probe of the target host: count, model, inherited targets, references', () => {
  const m = machine(undefined, { 'gpu-box': [gpu(0, 'NVIDIA A100-SXM4-80GB'), gpu(1, 'NVIDIA A100-SXM4-80GB')], local: [] });
  const opts = { checkFiles: false, machine: m };
  const many = load(y('kind: job', 'target: ssh:gpu-box', 'resources: {gpus: 4, gpu: a100}', 'run: x'), opts);
  assert.deepEqual(where(many), ['gpu-capacity@3:19']);
  assert.match(many.problems[0].message, /asks for 4 a100 GPUs, but `ssh:gpu-box` has 2× NVIDIA A100-SXM4-80GB \(last probe 2025-06-01 10:20 UTC\)/);
  assert.ok(many.spec, 'a warning');
  assert.deepEqual(where(load(y('kind: job', 'target: ssh:gpu-box', 'resources: {gpus: 1, gpu: H100}', 'run: x'), opts)), ['gpu-capacity@3:27']);
  assert.deepEqual(where(load(y('kind: job', 'target: ssh:gpu-box', 'resources: {gpus: 2}', 'run: x'), opts)), []);
  // no target: the default (here local, whose probe found no GPU); a host never probed: nothing
  assert.deepEqual(where(load(y('kind: job', 'resources: {gpus: 1}', 'run: x'), opts)), ['gpu-capacity@2:19']);
  assert.deepEqual(where(load(y('kind: job', 'target: ssh:other', 'resources: {gpus: 8}', 'run: x'), opts)), []);
  const p = load(y('kind: pipeline', 'target: ssh:gpu-box', 'stages:', '  t:', '    job: {run: x, resources: {gpus: 3}}'), opts);
  assert.deepEqual(where(p), ['gpu-capacity@5:37']);
  // without a machine view (no file checks), nothing is read and nothing said
  assert.deepEqual(where(load(y('kind: job', 'target: ssh:gpu-box', 'resources: {gpus: 4}', 'run: x'))), []);
});

test("an editor's text: positions count its BOM; U+FFFD is the encoding error the CLI gives for the bytes", () => {
  const bom = loadSpecText('\ufeffkind: jbo\nrun: x\n', 'a.trainyard.yaml', { checkFiles: false });
  assert.deepEqual(where(bom), ['enum@1:8']);
  assert.equal(bom.problems[0].range.start.offset, 7);
  // the bytes of the same file: columns as an editor shows them (the BOM is not a character there)
  const bytes = loadSpecText(new Uint8Array(Buffer.from('\ufeffkind: jbo\nrun: x\n')), 'a.trainyard.yaml', { checkFiles: false });
  assert.deepEqual(where(bytes), ['enum@1:7']);
  const later = loadSpecText('\ufeffkind: job\nrun: x\nretries: -1\n', 'a.trainyard.yaml', { checkFiles: false });
  assert.deepEqual(where(later), ['range@3:10']);
  const lossy = loadSpecText('kind: job\nrun: x\ndescription: caf\ufffd\n', 'a.trainyard.yaml', { checkFiles: false });
  assert.deepEqual(where(lossy), ['encoding@3:17']);
  const fromBytes = loadSpecText(new Uint8Array([...Buffer.from('kind: job\nrun: x\ndescription: caf'), 0xe9, 0x0a]), 'a.trainyard.yaml', { checkFiles: false });
  assert.deepEqual(where(fromBytes), ['encoding@3:17']);
});

test('wrong values say what was meant: targets, a scalar for a list, quoted numbers, commands as a list', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['target: kubernetes:prod/ml', 'target@1:9', 'k8s:prod/ml'],
    ['target: ssh://gpu-box/', 'target@1:9', 'ssh:gpu-box'],
    ['target: localhost', 'target@1:9', 'local'],
    ['target: gpu-box', 'target@1:9', 'ssh:gpu-box'],
    ['target: "ssh:gpu box"', 'target@1:9', undefined],
    ['outputs: model.pt', 'type@1:10', '[model.pt]'],
    ['retries: "3"', 'type@1:10', '3'],
    ['resources: {cpus: "0.5"}', 'type@1:19', '0.5'],
  ];
  for (const [line, at, suggestion] of cases) {
    const got = load(y(line, 'kind: job', 'image: python', 'run: x'));
    assert.deepEqual(where(got), [at], `${line}: ${got.problems.map((p) => p.message).join('; ')}`);
    assert.equal(got.problems[0].suggestion, suggestion, line);
  }
  const needs = load(y('kind: pipeline', 'stages:', '  a: {job: {run: x}}', '  b: {job: {run: y}, needs: a}'));
  assert.equal(needs.problems[0].message, '`needs` must be a list, got string `"a"`; did you mean `[a]`?');
  const list = load(y('kind: job', 'run:', '  - pip install -r requirements.txt', '  - python train.py'));
  assert.deepEqual(where(list), ['type@3:3']);
  assert.equal(list.problems[0].range.end.line, 4, 'ends with the last item, not on the next line');
  assert.match(list.problems[0].message, /write several commands as a block, `run: \|`/);
});

test('unknown keys: the usual synonym, a field of another kind, `kind` in an inline job; a key the object has is no suggestion', () => {
  const syn = load(y('kind: job', 'command: python train.py'));
  assert.deepEqual(where(syn), ['unknown-key@2:1']);
  assert.equal(syn.problems[0].message, 'unknown key `command` in job; did you mean `run` (required)?');
  assert.equal(load(y('kind: job', 'run: x', 'resources: {num_gpus: 2}')).problems[0].suggestion, 'gpus');
  const port = load(y('kind: job', 'run: x', 'port: 8080'));
  assert.equal(port.problems[0].message, 'unknown key `port` in job; `port` is a field of service specs (`kind: service`)');
  assert.equal(port.problems[0].suggestion, undefined);
  const inline = load(y('kind: pipeline', 'stages:', '  s:', '    service: {kind: service, run: x}'));
  assert.equal(inline.problems[0].message, 'unknown key `kind` in `service`: a service written in place takes no `version` or `kind`');
  const both = load(y('kind: job', 'run: x', 'env: {A: {secret: X, secrt: Y}}'));
  assert.equal(both.problems[0].message, 'unknown key `secrt` in env value `A`');
  const near = load(y('kind: job', 'run: x', 'env: {A: {secrt: X}}'));
  assert.deepEqual(where(near), ['unknown-key@3:11']);
  assert.equal(near.problems[0].suggestion, 'secret');
});
