import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sTarget } from '../../core/checks/k8s-target';

const at = (findings: { pointer: string; severity: string }[]) => findings.map((f) => `${f.severity} ${f.pointer}`);

test('jobs and services on a k8s target need an image', () => {
  assert.deepEqual(at(checkK8sTarget({ kind: 'job', target: 'k8s:prod/ml', run: 'python train.py' })), ['error /target']);
  assert.deepEqual(at(checkK8sTarget({ kind: 'service', target: 'k8s:prod/ml', run: 'python serve.py', image: '  ' })), ['error /target']);
  assert.deepEqual(checkK8sTarget({ kind: 'job', target: 'k8s:prod/ml', run: 'x', image: 'python:3.12' }), []);
  assert.deepEqual(checkK8sTarget({ kind: 'job', target: 'ssh:gpu-box', run: 'x' }), []);
  assert.deepEqual(checkK8sTarget({ kind: 'job', run: 'x' }), []);
  const f = checkK8sTarget({ kind: 'job', target: 'k8s:prod/ml', run: 'x' });
  assert.match(f[0].message, /k8s:prod\/ml/);
  assert.match(f[0].message, /image/);
});

test('the default target applies when the spec names none', () => {
  assert.deepEqual(at(checkK8sTarget({ kind: 'job', run: 'x' }, { defaultTarget: 'k8s:c/ns' })), ['error ']);
  assert.deepEqual(checkK8sTarget({ kind: 'job', target: 'local', run: 'x' }, { defaultTarget: 'k8s:c/ns' }), []);
});

test('pipelines: inline stages inherit the pipeline target; referenced specs are checked when known', () => {
  const pipeline = {
    kind: 'pipeline',
    target: 'k8s:prod/ml',
    stages: {
      prepare: { job: { run: 'python prepare.py', image: 'python:3.12' } },
      train: { job: { run: 'python train.py' }, needs: ['prepare'] },
      local: { job: { run: 'echo', target: 'local' } },
      serve: { service: { run: 'python serve.py', target: 'k8s:other/ns' } },
      evaluate: { spec: 'evaluate.trainyard.yaml' },
    },
  };
  assert.deepEqual(at(checkK8sTarget(pipeline)), ['error /stages/train/job', 'error /stages/serve/service/target']);
  const referenced = (p: string) => (p === 'evaluate.trainyard.yaml' ? { kind: 'job', run: 'python evaluate.py' } : undefined);
  assert.deepEqual(at(checkK8sTarget(pipeline, { referenced })), ['error /stages/train/job', 'error /stages/serve/service/target', 'error /stages/evaluate/spec']);
});

test('sweeps: the inline job inherits the sweep target', () => {
  assert.deepEqual(at(checkK8sTarget({ kind: 'sweep', target: 'k8s:research/sweeps', job: { run: 'x' }, matrix: {} })), ['error /job']);
  assert.deepEqual(checkK8sTarget({ kind: 'sweep', target: 'k8s:research/sweeps', job: { run: 'x', image: 'img:1' }, matrix: {} }), []);
  const referenced = () => ({ kind: 'job', run: 'x', image: 'img:1' });
  assert.deepEqual(checkK8sTarget({ kind: 'sweep', target: 'k8s:r/s', job: 'train.trainyard.yaml', matrix: {} }, { referenced }), []);
  assert.deepEqual(at(checkK8sTarget({ kind: 'sweep', target: 'k8s:r/s', job: 'train.trainyard.yaml', matrix: {} }, { referenced: () => ({ kind: 'job', run: 'x' }) })), ['error /job']);
});

test('non-specs are ignored', () => {
  assert.deepEqual(checkK8sTarget(undefined), []);
  assert.deepEqual(checkK8sTarget({ kind: 'other', target: 'k8s:a/b' }), []);
});
