// Helm chart templates ({{ … }} actions) are not manifests yet: the Kubernetes catalog entries do
// not claim them by name or content (no errors about template syntax); a modeline still can.
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
