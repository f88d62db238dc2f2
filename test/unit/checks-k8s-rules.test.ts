/**
 * API-server rules of Kubernetes 1.31 that a schema cannot state, in core/checks/k8s-objects.ts:
 * one handler per probe or hook, one source per volume and per env valueFrom, `value` or
 * `valueFrom`, env var names, liveness/startup successThreshold, a Deployment's progress deadline
 * against minReadySeconds, cron schedule fields, unique Service port names and ports; pod-spec
 * rules (container restartPolicy, hostNetwork ports, dnsPolicy None, profiles, downward API,
 * envFrom, relative item paths and subPath) and rolling-update bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sObject, cronProblem } from '../../core/checks/k8s-objects';
import { THIRD_PARTY_CHECKS } from '../../core/checks/index';

const at = (o: unknown) => checkK8sObject(o).map((f) => `${f.severity} ${f.pointer}`);
const pod = (container: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'busybox', ...container }], ...spec },
});

test('probes and lifecycle hooks: exactly one handler; liveness and startup successThreshold 1', () => {
  assert.deepEqual(at(pod({ livenessProbe: { httpGet: { path: '/', port: 80 } }, readinessProbe: { exec: { command: ['true'] }, successThreshold: 3 } })), []);
  assert.deepEqual(at(pod({ livenessProbe: { periodSeconds: 5 } })), ['error /spec/containers/0/livenessProbe']);
  assert.deepEqual(at(pod({ readinessProbe: { httpGet: { path: '/', port: 80 }, tcpSocket: { port: 80 } } })), ['error /spec/containers/0/readinessProbe/tcpSocket']);
  assert.deepEqual(at(pod({ startupProbe: { exec: { command: ['true'] }, successThreshold: 2 } })), ['error /spec/containers/0/startupProbe/successThreshold']);
  assert.deepEqual(at(pod({ lifecycle: { preStop: {} } })), ['error /spec/containers/0/lifecycle/preStop']);
});

test('env: value or valueFrom, one source, names Kubernetes 1.31 accepts', () => {
  const ok = pod({ env: [{ name: 'A', value: '1' }, { name: 'my.var-2', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'E', value: '', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] });
  assert.deepEqual(at(ok), []);
  assert.deepEqual(at(pod({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] })), ['error /spec/containers/0/env/0/valueFrom']);
  assert.deepEqual(at(pod({ env: [{ name: 'A', valueFrom: {} }] })), ['error /spec/containers/0/env/0/valueFrom']);
  assert.deepEqual(at(pod({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } }] })), ['error /spec/containers/0/env/0/valueFrom/fieldRef']);
  assert.deepEqual(at(pod({ env: [{ name: '1BAD', value: 'x' }] })), ['error /spec/containers/0/env/0/name']);
});

test('a volume has exactly one source', () => {
  assert.deepEqual(at(pod({}, { volumes: [{ name: 'a', emptyDir: {} }] })), []);
  assert.deepEqual(at(pod({}, { volumes: [{ name: 'a', emptyDir: {}, hostPath: { path: '/x' } }] })), ['error /spec/volumes/0/hostPath']);
});

test("a Deployment's progress deadline must exceed minReadySeconds (the default 600 counts)", () => {
  const dep = (spec: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'x' }] } }, ...spec },
  });
  assert.deepEqual(at(dep({ minReadySeconds: 30 })), []);
  assert.deepEqual(at(dep({ minReadySeconds: 30, progressDeadlineSeconds: 30 })), ['error /spec/progressDeadlineSeconds']);
  assert.deepEqual(at(dep({ minReadySeconds: 700 })), ['error /spec/minReadySeconds']);
});

test('cron schedules: fields in range, names, ranges and steps', () => {
  for (const ok of ['*/5 * * * *', '0 3 * * MON-FRI', '0 0 1 JAN,JUL ?', '@daily', '15 2-4/2 1,15 * 0']) assert.equal(cronProblem(ok), undefined, ok);
  for (const bad of ['61 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', '5-1 * * * *', '*/0 * * * *']) assert.ok(cronProblem(bad), bad);
  // (the number of fields and the macros are the schema's pattern)
  const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '61 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } } } } };
  assert.deepEqual(at(cron), ['error /spec/schedule']);
});

test('Service ports: unique names, each port and protocol once; the check runs for Services', () => {
  const svc = (ports: unknown[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports } });
  assert.deepEqual(at(svc([{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }])), []);
  assert.deepEqual(at(svc([{ name: 'http', port: 80 }, { name: 'http', port: 81 }])), ['error /spec/ports/1/name']);
  assert.deepEqual(at(svc([{ name: 'a', port: 80 }, { name: 'b', port: 80, protocol: 'TCP' }])), ['error /spec/ports/1/port']);
  assert.equal(THIRD_PARTY_CHECKS['kubernetes-service'], checkK8sObject);
});

// Rules found by mutating real manifests (kubernetes-engine-samples, kubernetes/website examples):
// each is one the Kubernetes 1.31 API server enforces (pkg/apis/core/validation, apps/validation).
const podSpec = (spec: Record<string, unknown>, c: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x', ...c }], ...spec } });

test('pod spec: container restartPolicy, hostNetwork ports, dnsPolicy None, hostname, profiles', () => {
  assert.deepEqual(at(podSpec({}, { restartPolicy: 'Always' })), ['error /spec/containers/0/restartPolicy']);
  assert.deepEqual(at(podSpec({ initContainers: [{ name: 'side', image: 'x', restartPolicy: 'Always' }] })), []);
  assert.deepEqual(at(podSpec({ hostNetwork: true }, { ports: [{ containerPort: 8000, hostPort: 9000 }] })), ['error /spec/containers/0/ports/0/hostPort']);
  assert.deepEqual(at(podSpec({ hostNetwork: true }, { ports: [{ containerPort: 8000, hostPort: 8000 }, { containerPort: 9000 }] })), []);
  assert.deepEqual(at(podSpec({}, { ports: [{ containerPort: 8000, hostPort: 9000 }] })), []);
  assert.deepEqual(at(podSpec({ dnsPolicy: 'None' })), ['error /spec/dnsPolicy']);
  assert.deepEqual(at(podSpec({ dnsPolicy: 'None', dnsConfig: { searches: ['a'] } })), ['error /spec/dnsConfig']);
  assert.deepEqual(at(podSpec({ dnsPolicy: 'None', dnsConfig: { nameservers: ['192.0.2.1'] } })), []);
  assert.deepEqual(at(podSpec({ hostname: 'Bad_Host', subdomain: 'headless-svc' })), ['error /spec/hostname']);
  assert.deepEqual(at(podSpec({ subdomain: '${SVC}' })), []);
  assert.deepEqual(at(podSpec({ securityContext: { seccompProfile: { type: 'Localhost' } } })), ['error /spec/securityContext/seccompProfile']);
  assert.deepEqual(at(podSpec({ securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/fine.json' } } })), []);
  assert.deepEqual(at(podSpec({}, { securityContext: { appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'x' } } })), ['error /spec/containers/0/securityContext/appArmorProfile/localhostProfile']);
});

test('downward API references, envFrom, item paths and subPath', () => {
  const env = (valueFrom: unknown) => podSpec({}, { env: [{ name: 'A', valueFrom }] });
  for (const fieldPath of ['metadata.name', 'status.podIP', 'spec.nodeName', "metadata.labels['app']", "metadata.annotations['x/y']"]) assert.deepEqual(at(env({ fieldRef: { fieldPath } })), [], fieldPath);
  assert.deepEqual(at(env({ fieldRef: { fieldPath: 'status.ip' } })), ['error /spec/containers/0/env/0/valueFrom/fieldRef/fieldPath']);
  assert.deepEqual(at(env({ fieldRef: { fieldPath: 'metadata.labels' } })), ['error /spec/containers/0/env/0/valueFrom/fieldRef/fieldPath']);
  assert.deepEqual(at(env({ resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } })), []);
  assert.deepEqual(at(env({ resourceFieldRef: { resource: 'limits.nvidia.com/gpu' } })), ['error /spec/containers/0/env/0/valueFrom/resourceFieldRef/resource']);
  const dapi = (items: unknown[]) => podSpec({ volumes: [{ name: 'info', downwardAPI: { items } }] });
  assert.deepEqual(at(dapi([{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'cpu', resourceFieldRef: { containerName: 'c', resource: 'requests.cpu' } }])), []);
  assert.deepEqual(at(dapi([{ path: 'ip', fieldRef: { fieldPath: 'status.podIP' } }])), ['error /spec/volumes/0/downwardAPI/items/0/fieldRef/fieldPath']);
  assert.deepEqual(at(dapi([{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }])), ['error /spec/volumes/0/downwardAPI/items/0/resourceFieldRef']);
  assert.deepEqual(at(dapi([{ path: '../x', fieldRef: { fieldPath: 'metadata.name' } }])), ['error /spec/volumes/0/downwardAPI/items/0/path']);
  assert.deepEqual(at(podSpec({ volumes: [{ name: 'cfg', configMap: { name: 'c', items: [{ key: 'k', path: '/etc/k' }] } }] })), ['error /spec/volumes/0/configMap/items/0/path']);
  assert.deepEqual(at(podSpec({}, { envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'c' } }, { secretRef: { name: 's' } }] })), []);
  assert.deepEqual(at(podSpec({}, { envFrom: [{ prefix: 'A_' }] })), ['error /spec/containers/0/envFrom/0']);
  assert.deepEqual(at(podSpec({}, { envFrom: [{ prefix: '1-', configMapRef: { name: 'c' } }] })), ['error /spec/containers/0/envFrom/0/prefix']);
  const mount = (m: Record<string, unknown>) => podSpec({ volumes: [{ name: 'v', emptyDir: {} }] }, { volumeMounts: [{ name: 'v', mountPath: '/data', ...m }] });
  assert.deepEqual(at(mount({ subPath: 'models/llama' })), []);
  assert.deepEqual(at(mount({ subPath: '/abs' })), ['error /spec/containers/0/volumeMounts/0/subPath']);
  assert.deepEqual(at(mount({ subPath: 'a/../b' })), ['error /spec/containers/0/volumeMounts/0/subPath']);
  assert.deepEqual(at(mount({ subPath: 'a', subPathExpr: '$(POD)' })), ['error /spec/containers/0/volumeMounts/0/subPathExpr']);
});

test('rolling updates: not both bounds 0, maxUnavailable at most 100%', () => {
  const dep = (strategy: unknown) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, strategy, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } });
  assert.deepEqual(at(dep({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } })), []);
  assert.deepEqual(at(dep({ rollingUpdate: { maxUnavailable: 0 } })), []);
  assert.deepEqual(at(dep({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } })), ['error /spec/strategy/rollingUpdate/maxUnavailable']);
  assert.deepEqual(at(dep({ rollingUpdate: { maxUnavailable: '150%' } })), ['error /spec/strategy/rollingUpdate/maxUnavailable']);
  const ds = (updateStrategy: unknown) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, updateStrategy, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } });
  assert.deepEqual(at(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } })), []);
  assert.deepEqual(at(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } })), ['error /spec/updateStrategy/rollingUpdate/maxUnavailable']);
  assert.deepEqual(at(ds({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } })), []);
});

test('Job selector, Service externalTrafficPolicy, StatefulSet OnDelete', () => {
  const job = (spec: Record<string, unknown>) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { metadata: { labels: { app: 'train' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } }, ...spec } });
  assert.deepEqual(at(job({ selector: { matchLabels: { app: 'train' } } })), []);
  assert.deepEqual(at(job({ manualSelector: true, selector: { matchLabels: { app: 'train' } } })), []);
  assert.deepEqual(at(job({ selector: { matchLabels: { app: 'eval' } } })), ['error /spec/selector/matchLabels/app']);
  assert.deepEqual(at(job({ selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } } })).length, 1);
  const svc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec } });
  assert.deepEqual(at(svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' })), []);
  assert.deepEqual(at(svc({ externalIPs: ['192.0.2.10'], externalTrafficPolicy: 'Cluster' })), []);
  assert.deepEqual(at(svc({ externalTrafficPolicy: 'Local' })), ['error /spec/externalTrafficPolicy']);
  const sts = (updateStrategy: unknown) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { serviceName: 's', selector: { matchLabels: { a: 'b' } }, updateStrategy, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } });
  assert.deepEqual(at(sts({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } })), []);
  assert.deepEqual(at(sts({ type: 'OnDelete', rollingUpdate: { partition: 1 } })), ['error /spec/updateStrategy/rollingUpdate']);
});

// (checkK8sObject handles these kinds; the server runs it on them once core/checks/index.ts
// registers the kubernetes-networkpolicy, -configmap, -limitrange, -poddisruptionbudget,
// -persistentvolume and -persistentvolumeclaim entries — and in a `List` already.)
test('NetworkPolicy ipBlocks and port ranges, ConfigMap keys, LimitRange order, access modes, PDB percentages', () => {
  const np = (peer: unknown, ports?: unknown) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' }, spec: { podSelector: {}, egress: [{ to: [peer], ports }] } });
  assert.deepEqual(at(np({ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.0.0/16'] } }, [{ port: 32000, endPort: 32768 }])), []);
  assert.deepEqual(at(np({ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } })), []);
  assert.deepEqual(at(np({ ipBlock: { cidr: '172.17.0.0/16', except: ['10.0.0.0/24'] } })), ['error /spec/egress/0/to/0/ipBlock/except/0']);
  assert.deepEqual(at(np({ ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.0/24'] } })), ['error /spec/egress/0/to/0/ipBlock/except/0']);
  assert.deepEqual(at(np({ ipBlock: { cidr: '10.0.0.0' } })), ['error /spec/egress/0/to/0/ipBlock/cidr']);
  assert.deepEqual(at(np({ ipBlock: { cidr: '10.0.0.0/8' } }, [{ port: 200, endPort: 100 }])), ['error /spec/egress/0/ports/0/endPort']);
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x', b: 'y' }, binaryData: { b: 'eA==', c: 'eA==' } };
  assert.deepEqual(at(cm), ['error /binaryData/b']);
  const lr = (limit: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', ...limit }] } });
  assert.deepEqual(at(lr({ min: { cpu: '100m' }, defaultRequest: { cpu: '250m' }, default: { cpu: '500m' }, max: { cpu: '2' } })), []);
  assert.deepEqual(at(lr({ max: { cpu: '1' }, default: { cpu: '2' } })), ['error /spec/limits/0/default/cpu']);
  assert.deepEqual(at(lr({ min: { memory: '1Gi' }, max: { memory: '512Mi' } })), ['error /spec/limits/0/min/memory']);
  // (access modes with ReadWriteOncePod and PDB percentages over 100% are the schema's rules, not
  // repeated here: test/fixtures/thirdparty/kubernetes-persistentvolumeclaim and -poddisruptionbudget)
  const pvc = (accessModes: string[]) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: { accessModes, resources: { requests: { storage: '1Gi' } } } });
  assert.deepEqual(at(pvc(['ReadWriteOncePod', 'ReadOnlyMany'])), []);
  const pdb = (spec: Record<string, unknown>) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { selector: { matchLabels: { a: 'b' } }, ...spec } });
  assert.deepEqual(at(pdb({ maxUnavailable: '150%' })), []);
  assert.deepEqual(at({ apiVersion: 'v1', kind: 'List', items: [cm] }), ['error /items/0/binaryData/b']);
});
