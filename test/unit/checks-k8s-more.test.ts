/**
 * The pod checks of core/checks/k8s-objects.ts on the kinds bundled after the first set:
 * DaemonSet and ReplicaSet (selector vs template labels, like a Deployment), TFJob and MPIJob
 * (every role's pod template, like a PyTorchJob), the HorizontalPodAutoscaler's replica bounds;
 * and the catalog rules for them, including objects of kinds we do not bundle (CRD instances),
 * which get no schema and no findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sObject } from '../../core/checks/k8s-objects';
import { THIRD_PARTY_CHECKS } from '../../core/checks/index';
import { matchCatalog } from '../../core/checks/catalogMatch';

const at = (findings: { pointer: string; severity: string }[]) => findings.map((f) => `${f.severity} ${f.pointer}`);

const podTemplate = (labels: Record<string, string>, spec: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
});

for (const kind of ['DaemonSet', 'ReplicaSet']) {
  test(`a ${kind}'s selector must select its pod template, and its pods get the pod checks`, () => {
    const obj = (selector: unknown, labels: Record<string, string>, spec?: Record<string, unknown>) => ({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name: 'x' },
      spec: { selector, template: podTemplate(labels, spec) },
    });
    assert.deepEqual(checkK8sObject(obj({ matchLabels: { app: 'a' } }, { app: 'a', tier: 't' })), []);
    const f = checkK8sObject(obj({ matchLabels: { app: 'b' } }, { app: 'a' }));
    assert.deepEqual(at(f), ['error /spec/selector/matchLabels/app']);
    assert.match(f[0].message, new RegExp(`rejects a ${kind}`));
    assert.deepEqual(at(checkK8sObject(obj({}, { app: 'a' }))), ['error /spec/selector']);
    const mounts = obj({ matchLabels: { app: 'a' } }, { app: 'a' }, {
      containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }], resources: { requests: { 'nvidia.com/gpu': 1 } } }],
    });
    assert.deepEqual(at(checkK8sObject(mounts)), ['error /spec/template/spec/containers/0/volumeMounts/0/name', 'error /spec/template/spec/containers/0/resources/requests/nvidia.com~1gpu']);
  });
}

test('TFJob and MPIJob: every role\'s pod template is checked', () => {
  const role = (extra: Record<string, unknown>) => ({ replicas: 1, template: { spec: { containers: [{ name: 'tensorflow', image: 'tf', ...extra }] } } });
  const tf = {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name: 't' },
    spec: {
      tfReplicaSpecs: {
        Chief: role({}),
        Worker: role({ resources: { requests: { 'nvidia.com/gpu': 2 }, limits: { 'nvidia.com/gpu': 1 } } }),
        PS: role({ volumeMounts: [{ name: 'data', mountPath: '/d' }] }),
      },
    },
  };
  assert.deepEqual(at(checkK8sObject(tf)), ['error /spec/tfReplicaSpecs/Worker/template/spec/containers/0/resources/requests/nvidia.com~1gpu', 'error /spec/tfReplicaSpecs/PS/template/spec/containers/0/volumeMounts/0/name']);
  const mpi = {
    apiVersion: 'kubeflow.org/v2beta1',
    kind: 'MPIJob',
    metadata: { name: 'm' },
    spec: {
      mpiReplicaSpecs: {
        Launcher: { replicas: 1, template: { spec: { containers: [{ name: 'l', image: 'x', resources: { requests: { memory: '4Gi' }, limits: { memory: '2Gi' } } }] } } },
        Worker: { replicas: 2, template: { spec: { containers: [{ name: 'w', image: 'x' }, { name: 'w', image: 'y' }] } } },
      },
    },
  };
  assert.deepEqual(at(checkK8sObject(mpi)), ['error /spec/mpiReplicaSpecs/Launcher/template/spec/containers/0/resources/requests/memory', 'error /spec/mpiReplicaSpecs/Worker/template/spec/containers/1/name']);
  // well-formed jobs, and odd shapes, give nothing
  assert.deepEqual(checkK8sObject({ ...tf, spec: { tfReplicaSpecs: { Worker: role({}) } } }), []);
  assert.deepEqual(checkK8sObject({ ...mpi, spec: { mpiReplicaSpecs: [] } }), []);
  assert.deepEqual(checkK8sObject({ ...mpi, spec: { mpiReplicaSpecs: { Worker: null, Launcher: { template: 'x' } } } }), []);
});

test('a HorizontalPodAutoscaler\'s maxReplicas is at least minReplicas', () => {
  const hpa = (spec: Record<string, unknown>) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, ...spec } });
  assert.deepEqual(checkK8sObject(hpa({ minReplicas: 2, maxReplicas: 2 })), []);
  assert.deepEqual(checkK8sObject(hpa({ maxReplicas: 1 })), []);
  const f = checkK8sObject(hpa({ minReplicas: 3, maxReplicas: 2 }));
  assert.deepEqual(at(f), ['error /spec/maxReplicas']);
  assert.match(f[0].message, /less than `minReplicas` \(3\)/);
  // in a List too
  assert.deepEqual(at(checkK8sObject({ apiVersion: 'v1', kind: 'List', items: [hpa({ minReplicas: 5, maxReplicas: 1 })] })), ['error /items/0/spec/maxReplicas']);
});

test('the new catalog entries are matched per apiVersion and kind, and run the object checks', () => {
  const kinds: [string, string, string][] = [
    ['apps/v1', 'DaemonSet', 'kubernetes-daemonset'],
    ['apps/v1', 'ReplicaSet', 'kubernetes-replicaset'],
    ['networking.k8s.io/v1', 'Ingress', 'kubernetes-ingress'],
    ['networking.k8s.io/v1', 'NetworkPolicy', 'kubernetes-networkpolicy'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', 'kubernetes-horizontalpodautoscaler'],
    ['v1', 'ServiceAccount', 'kubernetes-serviceaccount'],
    ['v1', 'Namespace', 'kubernetes-namespace'],
    ['v1', 'PersistentVolume', 'kubernetes-persistentvolume'],
    ['v1', 'ResourceQuota', 'kubernetes-resourcequota'],
    ['v1', 'LimitRange', 'kubernetes-limitrange'],
    ['rbac.authorization.k8s.io/v1', 'Role', 'kubernetes-role'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'kubernetes-clusterrole'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'kubernetes-rolebinding'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'kubernetes-clusterrolebinding'],
    ['policy/v1', 'PodDisruptionBudget', 'kubernetes-poddisruptionbudget'],
    ['storage.k8s.io/v1', 'StorageClass', 'kubernetes-storageclass'],
    ['scheduling.k8s.io/v1', 'PriorityClass', 'kubernetes-priorityclass'],
    ['kubeflow.org/v1', 'TFJob', 'kubeflow-tfjob'],
    ['kubeflow.org/v2beta1', 'MPIJob', 'kubeflow-mpijob'],
    ['kubeflow.org/v1', 'MPIJob', 'kubeflow-mpijob'],
  ];
  for (const [apiVersion, kind, name] of kinds) {
    assert.equal(matchCatalog('k8s/manifest.yaml', { apiVersion, kind, metadata: { name: 'x' } })?.name, name, `${apiVersion} ${kind}`);
    assert.equal(matchCatalog('k8s/manifest.yaml', { apiVersion: apiVersion + 'alpha9', kind })?.name, undefined, `${apiVersion}alpha9 ${kind}`);
  }
  for (const name of ['kubernetes-daemonset', 'kubernetes-replicaset', 'kubernetes-horizontalpodautoscaler', 'kubeflow-tfjob', 'kubeflow-mpijob']) {
    assert.equal(THIRD_PARTY_CHECKS[name], checkK8sObject, name);
  }
  // removed API versions get their kind's schema, which reports the apiVersion
  assert.equal(matchCatalog('ing.yaml', { apiVersion: 'extensions/v1beta1', kind: 'Ingress' })?.name, 'kubernetes-ingress');
  assert.equal(matchCatalog('ing.yaml', { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress' })?.name, 'kubernetes-ingress');
  assert.equal(matchCatalog('hpa.yaml', { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler' })?.name, 'kubernetes-horizontalpodautoscaler');
  assert.equal(matchCatalog('pdb.yaml', { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget' })?.name, 'kubernetes-poddisruptionbudget');
  // still served with another shape, or never existed: no schema
  assert.equal(matchCatalog('hpa.yaml', { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler' })?.name, undefined, 'autoscaling/v1 is still served, with another shape');
  assert.equal(matchCatalog('mpi.yaml', { apiVersion: 'kubeflow.org/v1alpha2', kind: 'MPIJob' })?.name, undefined);
  assert.equal(matchCatalog('tf.yaml', { apiVersion: 'kubeflow.org/v1beta2', kind: 'TFJob' })?.name, undefined);
});

test('objects of kinds we do not bundle (CRD instances, other operators) get no schema and no findings', () => {
  const foreign = [
    { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'llm-tls' }, spec: { secretName: 'llm-tls', dnsNames: ['llm.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } } },
    { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'r' }, spec: { entrypoint: 'python x.py', rayClusterSpec: { headGroupSpec: { template: { spec: { containers: [{ name: 'h', image: 'rayproject/ray', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }] } } } } } },
    { apiVersion: 'kubeflow.org/v1', kind: 'XGBoostJob', metadata: { name: 'x' }, spec: { xgbReplicaSpecs: { Master: { template: { spec: { containers: [{ name: 'xgboost', image: 'x', volumeMounts: [{ name: 'nope', mountPath: '/x' }] }] } } } } } },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'vllm' }, spec: { selector: { matchLabels: { app: 'vllm' } }, endpoints: [{ port: 'http' }] } },
    { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'c' }, revision: 1 },
  ];
  for (const value of foreign) {
    assert.equal(matchCatalog('k8s/manifests.yaml', value)?.name, undefined, `${value.apiVersion} ${value.kind}`);
    assert.deepEqual(checkK8sObject(value), [], `${value.apiVersion} ${value.kind}`);
  }
});
