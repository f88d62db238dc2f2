/**
 * API-server rules of Kubernetes 1.31 that a schema cannot state, in core/checks/k8s-objects.ts:
 * one handler per probe or hook, one source per volume and per env valueFrom, `value` or
 * `valueFrom`, env var names, liveness/startup successThreshold, a Deployment's progress deadline
 * against minReadySeconds, cron schedule fields, unique Service port names and ports.
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
  assert.deepEqual(at(pod({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'x' }, secretKeyRef: { name: 's', key: 'k' } } }] })), ['error /spec/containers/0/env/0/valueFrom/fieldRef']);
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
