import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkK8sObject, parseQuantity } from '../../core/checks/k8s-objects';

const at = (findings: { pointer: string; severity: string }[]) => findings.map((f) => `${f.severity} ${f.pointer}`);

const deployment = (over: { selector?: unknown; labels?: unknown; spec?: Record<string, unknown> } = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: 'selector' in over ? over.selector : { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: 'labels' in over ? over.labels : { app: 'web', tier: 'front' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }], ...over.spec },
    },
  },
});

test('quantities', () => {
  assert.equal(parseQuantity('500m'), 0.5);
  assert.equal(parseQuantity('2'), 2);
  assert.equal(parseQuantity(4), 4);
  assert.equal(parseQuantity('1Gi'), 2 ** 30);
  assert.equal(parseQuantity('1G'), 1e9);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('1.5Ki'), 1536);
  assert.equal(parseQuantity('100 GB'), undefined);
  assert.equal(parseQuantity(null), undefined);
});

test('a Deployment selector must select its own template', () => {
  assert.deepEqual(checkK8sObject(deployment()), []);
  assert.deepEqual(at(checkK8sObject(deployment({ selector: { matchLabels: { app: 'api' } } }))), ['error /spec/selector/matchLabels/app']);
  assert.deepEqual(at(checkK8sObject(deployment({ labels: undefined }))), ['error /spec/selector/matchLabels/app']);
  assert.deepEqual(at(checkK8sObject(deployment({ selector: {} }))), ['error /spec/selector']);
  const exprs = (operator: string, values?: string[]) => deployment({ selector: { matchExpressions: [{ key: 'tier', operator, values }] } });
  assert.deepEqual(checkK8sObject(exprs('In', ['front', 'back'])), []);
  assert.deepEqual(at(checkK8sObject(exprs('In', ['back']))), ['error /spec/selector/matchExpressions/0']);
  assert.deepEqual(checkK8sObject(exprs('NotIn', ['back'])), []);
  assert.deepEqual(checkK8sObject(exprs('Exists')), []);
  assert.deepEqual(at(checkK8sObject(exprs('DoesNotExist'))), ['error /spec/selector/matchExpressions/0']);
});

test('volume mounts name volumes of the pod (or claim templates of a StatefulSet)', () => {
  const pod = (volumes: unknown[], mounts: unknown[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { volumes, containers: [{ name: 'c', image: 'x', volumeMounts: mounts }] } });
  assert.deepEqual(checkK8sObject(pod([{ name: 'data', emptyDir: {} }], [{ name: 'data', mountPath: '/data' }])), []);
  const f = checkK8sObject(pod([{ name: 'data', emptyDir: {} }], [{ name: 'dshm', mountPath: '/dev/shm' }]));
  assert.deepEqual(at(f), ['error /spec/containers/0/volumeMounts/0/name']);
  assert.match(f[0].message, /no volume named `dshm`.*`data`/);
  assert.deepEqual(at(checkK8sObject(pod([{ name: 'a', emptyDir: {} }, { name: 'a', emptyDir: {} }], []))), ['error /spec/volumes/1/name']);
  assert.deepEqual(at(checkK8sObject(pod([{ name: 'a', emptyDir: {} }], [{ name: 'a', mountPath: '/x' }, { name: 'a', mountPath: '/x' }]))), ['error /spec/containers/0/volumeMounts/1/mountPath']);
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 's' },
    spec: {
      selector: { matchLabels: { app: 's' } },
      template: { metadata: { labels: { app: 's' } }, spec: { containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
    },
  };
  assert.deepEqual(checkK8sObject(sts), []);
});

test('container names are unique, init containers included', () => {
  const f = checkK8sObject({ kind: 'Pod', spec: { initContainers: [{ name: 'a', image: 'x' }], containers: [{ name: 'a', image: 'x' }] } });
  assert.deepEqual(at(f), ['error /spec/containers/0/name']);
});

test('resources: requests at most limits; GPUs whole, limited and not overcommitted', () => {
  const job = (resources: unknown) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x', resources }] } } },
  });
  assert.deepEqual(checkK8sObject(job({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: 1, memory: '1024Mi' } })), []);
  assert.deepEqual(at(checkK8sObject(job({ requests: { cpu: 2 }, limits: { cpu: '1500m' } }))), ['error /spec/template/spec/containers/0/resources/requests/cpu']);
  assert.deepEqual(at(checkK8sObject(job({ requests: { memory: '2Gi' }, limits: { memory: '2G' } }))), ['error /spec/template/spec/containers/0/resources/requests/memory']);
  assert.deepEqual(checkK8sObject(job({ limits: { 'nvidia.com/gpu': 2 } })), [], 'a GPU limit alone is the usual form');
  assert.deepEqual(checkK8sObject(job({ requests: { 'nvidia.com/gpu': '2' }, limits: { 'nvidia.com/gpu': 2 } })), []);
  assert.deepEqual(at(checkK8sObject(job({ requests: { 'nvidia.com/gpu': 1 } }))), ['error /spec/template/spec/containers/0/resources/requests/nvidia.com~1gpu']);
  assert.deepEqual(at(checkK8sObject(job({ requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 2 } }))), ['error /spec/template/spec/containers/0/resources/requests/nvidia.com~1gpu']);
  assert.deepEqual(at(checkK8sObject(job({ limits: { 'nvidia.com/gpu': 0.5 } }))), ['error /spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu']);
  // kubernetes.io-prefixed names are native, not extended
  assert.deepEqual(checkK8sObject(job({ requests: { 'kubernetes.io/batch-cpu': 1 } })), []);
});

test('CronJobs, PyTorchJobs and Lists are checked where their pods are', () => {
  const cron = {
    kind: 'CronJob',
    spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'v', mountPath: '/v' }] }] } } } } },
  };
  assert.deepEqual(at(checkK8sObject(cron)), ['error /spec/jobTemplate/spec/template/spec/containers/0/volumeMounts/0/name']);
  const ptj = {
    kind: 'PyTorchJob',
    spec: { pytorchReplicaSpecs: { Worker: { template: { spec: { containers: [{ name: 'pytorch', image: 'x', resources: { requests: { 'nvidia.com/gpu': 8 } } }] } } } } },
  };
  assert.deepEqual(at(checkK8sObject(ptj)), ['error /spec/pytorchReplicaSpecs/Worker/template/spec/containers/0/resources/requests/nvidia.com~1gpu']);
  const lst = { apiVersion: 'v1', kind: 'List', items: [{ kind: 'ConfigMap' }, deployment({ selector: { matchLabels: { app: 'x' } } })] };
  assert.deepEqual(at(checkK8sObject(lst)), ['error /items/1/spec/selector/matchLabels/app']);
});

test('non-objects, other kinds and every valid Kubernetes / PyTorchJob fixture give no findings', () => {
  assert.deepEqual(checkK8sObject(null), []);
  assert.deepEqual(checkK8sObject({ kind: 'Ingress', spec: {} }), []);
  const root = join(__dirname, '..', 'fixtures', 'thirdparty');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(n)) files.push(p);
    }
  };
  for (const dir of readdirSync(root)) {
    if (!/^kube/.test(dir)) continue;
    for (const sub of ['valid', 'valid.yaml']) {
      const p = join(root, dir, sub);
      try {
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      } catch {
        /* absent */
      }
    }
  }
  assert.ok(files.length > 40, `${files.length} files`);
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(f, 'utf8')) as { toJS(): unknown }[]) assert.deepEqual(checkK8sObject(doc.toJS()), [], f);
  }
});
