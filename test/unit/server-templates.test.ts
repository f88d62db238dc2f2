// Helm chart templates ({{ … }} actions) and kustomize patches are not manifests (yet): the
// Kubernetes catalog entries do not claim them by name or content; a modeline still can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { service, source, tmpDir } from './server-helpers';
import { hasTemplateActions } from '../../server/documents';

const TEMPLATE = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: {{ include "chart.fullname" . }}',
  '  labels:',
  '    {{- include "chart.labels" . | nindent 4 }}',
  'spec:',
  '  replicas: {{ .Values.replicaCount }}',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: {{ .Chart.Name }}',
  '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  '',
].join('\n');

test('a Helm template gets no Kubernetes schema; the same kind of manifest without actions does', async () => {
  const dir = path.join(tmpDir(), 'chart', 'templates');
  fs.mkdirSync(dir, { recursive: true });
  assert.deepEqual(await service().diagnose(source(path.join(dir, 'deployment.yaml'), TEMPLATE)), []);
  const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: two\n';
  const d = await service().diagnose(source(path.join(tmpDir(), 'deployment.yaml'), manifest));
  assert.ok(d.some((x) => x.severity === 1), JSON.stringify(d));
});

test('template actions: {{ … }} on one line, not ${{ … }}', () => {
  assert.equal(hasTemplateActions(TEMPLATE), true);
  assert.equal(hasTemplateActions('run: echo ${{ params.lr }}\n'), false);
  assert.equal(hasTemplateActions('a: "{{"\nb: "}}"\n'), false);
  assert.equal(hasTemplateActions('plain: text\n'), false);
  assert.equal(hasTemplateActions('x: ${{ a }} {{ b }}\n'), true);
});

test('a kustomize patch (named by a kustomization next to it or above) gets no Kubernetes schema; other manifests there do', async () => {
  const root = tmpDir();
  const overlay = path.join(root, 'overlays', 'gpu');
  fs.mkdirSync(path.join(overlay, 'patches'), { recursive: true });
  fs.writeFileSync(
    path.join(overlay, 'kustomization.yaml'),
    ['resources:', '  - ../../base', 'patches:', '  - path: patches/deployment-gpu.yaml', '  - path: replicas.yaml', '    target: {kind: Deployment}', 'patchesStrategicMerge:', '  - memory.yaml', ''].join('\n'),
  );
  const partial = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: trainer\nspec:\n  template:\n    spec:\n      containers:\n        - name: trainer\n          resources:\n            limits:\n              nvidia.com/gpu: 1\n';
  for (const f of ['patches/deployment-gpu.yaml', 'replicas.yaml', 'memory.yaml']) {
    assert.deepEqual(await service().diagnose(source(path.join(overlay, f), partial)), [], f);
  }
  // not named by the kustomization: a manifest, checked as one (containers lack an image)
  const d = await service().diagnose(source(path.join(overlay, 'extra.yaml'), partial));
  assert.ok(d.some((x) => x.severity === 1), JSON.stringify(d));
});
