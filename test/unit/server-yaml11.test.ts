// server/yaml11.ts: scalars the format's own tool reads differently (YAML 1.1: Kubernetes, and the
// Python tools that use PyYAML) get a warning where that reading is not valid for the schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { service, source, tmpDir } from './server-helpers';

async function warnings(name: string, ...lines: string[]) {
  const list = await service().diagnose(source(path.join(tmpDir(), name), lines.join('\n') + '\n'));
  return list.filter((d) => d.code === 'yaml-1.1').map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.message}`);
}

test('Kubernetes: yes/no/on/off/y/n where a string is expected', async () => {
  const w = await warnings('pod.yaml', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: demo', 'spec:', '  containers:', '    - name: app', '      image: busybox', '      env:', '        - name: A', '          value: yes', '        - name: B', '          value: "no"', '        - name: C', '          value: n');
  assert.equal(w.length, 2, w.join('\n'));
  assert.match(w[0], /^10:17-20 `yes` is text in YAML 1\.2, but Kubernetes reads YAML 1\.1, where it is the boolean true, which is not valid here: quote it \("yes"\)/);
  assert.match(w[1], /^14:17-18 `n` .* boolean false/);
});

test('PyYAML tools: exponents without a dot and a sign, boolean words, only where that reading is invalid', async () => {
  const sweep = await warnings('sweep.yaml', 'program: train.py', 'method: bayes', 'metric:', '  name: loss', '  goal: minimize', 'parameters:', '  lr:', '    distribution: log_uniform_values', '    min: 1e-5', '    max: 1.0e-2', '  wd:', '    values: [1e-4, yes]');
  assert.equal(sweep.length, 1, sweep.join('\n'));
  assert.match(sweep[0], /^8:9-13 `1e-5` is a number in YAML 1\.2, but W&B reads YAML with PyYAML, where it is the text "1e-5" .* write 1\.0e-5$/);
  const acc = await warnings('default_config.yaml', 'compute_environment: LOCAL_MACHINE', 'distributed_type: NO', 'mixed_precision: "no"', 'num_processes: 1');
  assert.equal(acc.length, 1, acc.join('\n'));
  assert.match(acc[0], /^1:18-20 `NO` .* accelerate .* boolean false/);
  // an explicit tag fixes the type for PyYAML too (W&B's docs write `!!float 1e-5`)
  assert.deepEqual(await warnings('sweep.yaml', 'program: train.py', 'method: bayes', 'metric:', '  name: loss', '  goal: minimize', 'parameters:', '  lr:', '    distribution: log_uniform_values', '    min: !!float 1e-5', '    max: 1.0e-2'), []);
  // a field that takes a boolean as well as the word: nothing to say
  assert.deepEqual(await warnings('.dstack.yml', 'type: dev-environment', 'ide: vscode', 'max_duration: off'), []);
});

test('formats read as YAML 1.2 get no such warnings', async () => {
  assert.deepEqual(await warnings('dvc.yaml', 'stages:', '  train:', '    cmd: python train.py', '    frozen: yes'), []);
});

test('Kubernetes manifests written for envsubst: placeholders are not judged by type, form or allowed values; other mistakes still are', async () => {
  const all = async (name: string, ...lines: string[]) => (await service().diagnose(source(path.join(tmpDir(), name), lines.join('\n') + '\n'))).map((d) => `${d.range.start.line} ${d.code}`);
  const manifest = (replicas: string, policy: string) => [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: ${APP_NAME}',
    '  namespace: $NAMESPACE',
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    '    matchLabels:',
    '      app: ${APP_NAME}',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: ${APP_NAME}',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: ${IMAGE:-busybox}',
    `          imagePullPolicy: ${policy}`,
    '          ports:',
    '            - containerPort: ${PORT}',
  ];
  assert.deepEqual(await all('deploy.yaml', ...manifest('${REPLICAS}', '${PULL_POLICY}')), []);
  assert.deepEqual(await all('deploy.yaml', ...manifest('three', 'Sometimes')), ['6 type', '18 enum']);
});
