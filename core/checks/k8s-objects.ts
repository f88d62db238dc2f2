/**
 * Checks of Kubernetes manifests (and Kubeflow PyTorchJobs, TFJobs and MPIJobs, per role's pod
 * template) that JSON Schema cannot express, each one a rule the API server enforces when the
 * object is created:
 * - a Deployment's, StatefulSet's, DaemonSet's or ReplicaSet's `selector` must select its own pod
 *   template's labels (and may not be empty);
 * - every `volumeMounts`/`volumeDevices` name must be a volume of the pod (or, in a StatefulSet,
 *   a `volumeClaimTemplates` name); volume and container names are unique; a container mounts a
 *   path once;
 * - resources: a request may not exceed its limit (cpu, memory, ephemeral-storage); extended
 *   resources such as `nvidia.com/gpu` are whole numbers, need a limit when requested, and the
 *   request must equal the limit (they cannot be overcommitted).
 * - a HorizontalPodAutoscaler's `maxReplicas` is at least its `minReplicas`.
 * - a volume has at most one source; a probe or lifecycle hook has exactly one handler; an env var
 *   has `value` or `valueFrom` (not both) and `valueFrom` names exactly one source; env var names
 *   are C-identifier-like (`[-._a-zA-Z][-._a-zA-Z0-9]*`, Kubernetes 1.31);
 * - Service port names, and port/protocol pairs, are unique (runs once `kubernetes-service` is
 *   registered in THIRD_PARTY_CHECKS); a Deployment's `progressDeadlineSeconds` exceeds `minReadySeconds`; liveness and startup probes
 *   have `successThreshold: 1`;
 * - a CronJob's `schedule` fields are within range (minute 0-59, hour 0-23, day 1-31, month 1-12
 *   or JAN-DEC, weekday 0-6 or SUN-SAT).
 * A `v1` `List` is checked item by item. Values of the wrong type are left to the schema.
 */
import { type CheckFinding, type JsonObject, isObject, pointerSegment } from './types';

type Out = CheckFinding[];

const join = (base: string, ...segments: (string | number)[]) => base + segments.map((s) => '/' + pointerSegment(s)).join('');
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** A Kubernetes quantity (`500m`, `16Gi`, `1e3`, `2`, 0.5) as a number; undefined when it is not one. */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(.*)$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  const exp = /^[eE]([+-]?\d+)$/.exec(suffix);
  if (exp) return n * 10 ** Number(exp[1]);
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  return undefined;
}

/** Extended resources (`nvidia.com/gpu`, `rdma/hca`): a domain-prefixed name outside `kubernetes.io`. */
function isExtended(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

const OVERCOMMITTABLE = ['cpu', 'memory', 'ephemeral-storage'];

function resources(r: unknown, at: string, out: Out): void {
  if (!isObject(r)) return;
  const requests = isObject(r.requests) ? r.requests : {};
  const limits = isObject(r.limits) ? r.limits : {};
  for (const [where, map] of [['requests', requests], ['limits', limits]] as const) {
    for (const [name, q] of Object.entries(map)) {
      const n = parseQuantity(q);
      if (n !== undefined && isExtended(name) && !Number.isInteger(n)) {
        out.push({ pointer: join(at, where, name), severity: 'error', message: `\`${name}\` is an extended resource and must be a whole number, got ${JSON.stringify(q)}` });
      }
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const req = parseQuantity(q);
    if (req === undefined) continue;
    const hasLimit = Object.prototype.hasOwnProperty.call(limits, name);
    const lim = hasLimit ? parseQuantity(limits[name]) : undefined;
    if (isExtended(name)) {
      if (!hasLimit) {
        out.push({
          pointer: join(at, 'requests', name),
          severity: 'error',
          message: `\`${name}\` is requested without a limit: extended resources cannot be overcommitted, so set \`limits.${name}\` to the same value (or give only the limit)`,
        });
      } else if (lim !== undefined && lim !== req) {
        out.push({
          pointer: join(at, 'requests', name),
          severity: 'error',
          message: `the request of \`${name}\` (${JSON.stringify(q)}) must equal its limit (${JSON.stringify(limits[name])}): extended resources cannot be overcommitted`,
        });
      }
    } else if (OVERCOMMITTABLE.includes(name) && lim !== undefined && req > lim * (1 + 1e-12)) {
      out.push({
        pointer: join(at, 'requests', name),
        severity: 'error',
        message: `the ${name} request ${JSON.stringify(q)} is more than the limit ${JSON.stringify(limits[name])}; a request must be at most its limit`,
      });
    }
  }
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const HOOK_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const ENV_SOURCES = ['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef'];
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** A probe or lifecycle hook needs exactly one handler (the API server's validateHandler). */
function handler(h: unknown, at: string, kinds: string[], what: string, out: Out): void {
  if (!isObject(h)) return;
  const set = kinds.filter((k) => h[k] !== undefined && h[k] !== null);
  const list = kinds.map((k) => `\`${k}\``).join(', ');
  if (set.length === 0) out.push({ pointer: at, severity: 'error', message: `${what} needs a handler: one of ${list}` });
  else if (set.length > 1) out.push({ pointer: join(at, set[1]), severity: 'error', message: `${what} may have only one handler, but sets ${set.map((k) => `\`${k}\``).join(' and ')}` });
}

/** Probes, lifecycle hooks and env vars of one container at `cAt`. */
function containerRules(c: JsonObject, cAt: string, out: Out): void {
  for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) handler(c[p], join(cAt, p), PROBE_HANDLERS, `\`${p}\``, out);
  for (const p of ['livenessProbe', 'startupProbe']) {
    const probe = c[p];
    if (isObject(probe) && typeof probe.successThreshold === 'number' && probe.successThreshold !== 1) out.push({ pointer: join(cAt, p, 'successThreshold'), severity: 'error', message: `\`successThreshold\` of a ${p === 'livenessProbe' ? 'liveness' : 'startup'} probe must be 1` });
  }
  if (isObject(c.lifecycle)) for (const p of ['postStart', 'preStop']) handler(c.lifecycle[p], join(cAt, 'lifecycle', p), HOOK_HANDLERS, `the \`${p}\` hook`, out);
  list(c.env).forEach((e, i) => {
    if (!isObject(e)) return;
    const eAt = join(cAt, 'env', i);
    const name = str(e.name);
    if (name && !ENV_NAME.test(name)) out.push({ pointer: `${eAt}/name`, severity: 'error', message: `not a valid environment variable name: letters, digits, \`_\`, \`-\` and \`.\`, not starting with a digit (Kubernetes 1.31)` });
    if (isObject(e.valueFrom)) {
      const vf = e.valueFrom;
      if (typeof e.value === 'string' && e.value !== '') out.push({ pointer: `${eAt}/valueFrom`, severity: 'error', message: 'an environment variable takes `value` or `valueFrom`, not both' });
      const set = ENV_SOURCES.filter((k) => vf[k] !== undefined && vf[k] !== null);
      if (set.length === 0) out.push({ pointer: `${eAt}/valueFrom`, severity: 'error', message: `\`valueFrom\` needs a source: one of ${ENV_SOURCES.map((k) => `\`${k}\``).join(', ')}` });
      else if (set.length > 1) out.push({ pointer: join(eAt, 'valueFrom', set[1]), severity: 'error', message: `\`valueFrom\` may name only one source, but sets ${set.map((k) => `\`${k}\``).join(' and ')}` });
    }
  });
}

const CRON_FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** Why a five-field cron schedule is out of range (as the CronJob validation's cron parser sees it), if it is. */
export function cronProblem(schedule: string): string | undefined {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0].startsWith('@')) return undefined; // macros and shape are the schema's
  for (let f = 0; f < 5; f++) {
    const spec = CRON_FIELDS[f];
    const value = (t: string): number | undefined => {
      if (/^\d+$/.test(t)) return Number(t);
      const n = spec.names?.indexOf(t.toUpperCase()) ?? -1;
      return n >= 0 ? n + (spec.min === 1 ? 1 : 0) : undefined;
    };
    for (const part of fields[f].split(',')) {
      const [range, step, extra] = part.split('/');
      if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step)) || step === '0') return `\`${part}\` is not a valid ${spec.name} field`;
      if (range === '*' || range === '?') continue;
      const ends = range.split('-');
      if (ends.length > 2) return `\`${part}\` is not a valid ${spec.name} field`;
      const nums = ends.map(value);
      if (nums.some((n) => n === undefined)) return `\`${range}\` is not a valid ${spec.name}`;
      for (const n of nums as number[]) if (n < spec.min || n > spec.max) return `${spec.name} ${n} is out of range ${spec.min}-${spec.max}`;
      if (nums.length === 2 && (nums[0] as number) > (nums[1] as number)) return `the ${spec.name} range \`${range}\` runs backwards`;
    }
  }
  return undefined;
}

/** Checks of one pod spec at `at`; `claimNames`: volumes a StatefulSet's claim templates add. */
function podSpec(spec: unknown, at: string, out: Out, claimNames: string[] = []): void {
  if (!isObject(spec)) return;
  const volumes = new Set<string>(claimNames);
  list(spec.volumes).forEach((v, i) => {
    const name = isObject(v) ? str(v.name) : undefined;
    if (name === undefined) return;
    if (volumes.has(name)) out.push({ pointer: join(at, 'volumes', i, 'name'), severity: 'error', message: `volume name \`${name}\` is used twice; volume names must be unique in a pod` });
    volumes.add(name);
    const sources = Object.keys(v as JsonObject).filter((k) => k !== 'name');
    if (sources.length > 1) out.push({ pointer: join(at, 'volumes', i, sources[1]), severity: 'error', message: `a volume has one source, but \`${name}\` sets ${sources.map((k) => `\`${k}\``).join(' and ')}` });
  });
  const containerNames = new Set<string>();
  for (const group of ['initContainers', 'containers'] as const) {
    list(spec[group]).forEach((c, i) => {
      if (!isObject(c)) return;
      const cAt = join(at, group, i);
      const name = str(c.name);
      if (name !== undefined) {
        if (containerNames.has(name)) out.push({ pointer: `${cAt}/name`, severity: 'error', message: `container name \`${name}\` is used twice; container names (init containers included) must be unique in a pod` });
        containerNames.add(name);
      }
      const paths = new Set<string>();
      list(c.volumeMounts).forEach((m, j) => {
        if (!isObject(m)) return;
        const vol = str(m.name);
        if (vol !== undefined && !volumes.has(vol)) out.push({ pointer: join(cAt, 'volumeMounts', j, 'name'), severity: 'error', message: mountMessage(vol, volumes, claimNames.length > 0) });
        const path = str(m.mountPath);
        if (path !== undefined) {
          if (paths.has(path)) out.push({ pointer: join(cAt, 'volumeMounts', j, 'mountPath'), severity: 'error', message: `\`${path}\` is mounted twice in this container; mount paths must be unique` });
          paths.add(path);
        }
      });
      list(c.volumeDevices).forEach((d, j) => {
        const vol = isObject(d) ? str(d.name) : undefined;
        if (vol !== undefined && !volumes.has(vol)) out.push({ pointer: join(cAt, 'volumeDevices', j, 'name'), severity: 'error', message: mountMessage(vol, volumes, claimNames.length > 0) });
      });
      resources(c.resources, `${cAt}/resources`, out);
      containerRules(c, cAt, out);
    });
  }
}

function mountMessage(vol: string, volumes: Set<string>, claims: boolean): string {
  const known = [...volumes];
  const where = claims ? "the pod's `volumes` or the `volumeClaimTemplates`" : "the pod's `volumes`";
  return `no volume named \`${vol}\` in ${where}${known.length ? ` (there: ${known.map((k) => `\`${k}\``).join(', ')})` : ''}; the API server rejects the mount`;
}

/** Whether a label selector selects a set of labels. */
function selects(selector: JsonObject, labels: JsonObject): { ok: boolean; where?: string; why?: string } {
  if (isObject(selector.matchLabels)) {
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      if (labels[k] !== v) return { ok: false, where: `/matchLabels/${pointerSegment(k)}`, why: `\`${k}: ${String(v)}\` is not among the pod template's labels` };
    }
  }
  const exprs = list(selector.matchExpressions);
  for (let i = 0; i < exprs.length; i++) {
    const e = exprs[i];
    if (!isObject(e) || typeof e.key !== 'string') continue;
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = list(e.values).map(String);
    const value = has ? String(labels[e.key]) : undefined;
    const ok =
      e.operator === 'In' ? has && values.includes(value!) : e.operator === 'NotIn' ? !has || !values.includes(value!) : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : true;
    if (!ok) return { ok: false, where: `/matchExpressions/${i}`, why: `the expression on \`${e.key}\` does not hold for the pod template's labels` };
  }
  return { ok: true };
}

function workload(v: JsonObject, out: Out, base: string): void {
  const spec = v.spec;
  if (!isObject(spec)) return;
  const template = isObject(spec.template) ? spec.template : undefined;
  if (isObject(spec.selector) && template) {
    const sel = spec.selector;
    const empty = (!isObject(sel.matchLabels) || Object.keys(sel.matchLabels).length === 0) && list(sel.matchExpressions).length === 0;
    const labels = isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : {};
    if (empty) {
      out.push({ pointer: `${base}/spec/selector`, severity: 'error', message: `an empty selector is not allowed for a ${String(v.kind)}: select the pod template's labels` });
    } else {
      const r = selects(sel, labels);
      if (!r.ok) {
        out.push({
          pointer: `${base}/spec/selector${r.where ?? ''}`,
          severity: 'error',
          message: `the selector does not match the pod template (\`spec.template.metadata.labels\`): ${r.why}; the API server rejects a ${String(v.kind)} whose selector does not select its own pods`,
        });
      }
    }
  }
  const claims = list(spec.volumeClaimTemplates)
    .map((c) => (isObject(c) && isObject(c.metadata) ? str(c.metadata.name) : undefined))
    .filter((n): n is string => n !== undefined);
  if (template) podSpec(template.spec, `${base}/spec/template/spec`, out, claims);
}

/** Where each Kubeflow training job keeps its replica specs (role → pod template). */
const REPLICA_SPECS: Record<string, string> = { PyTorchJob: 'pytorchReplicaSpecs', TFJob: 'tfReplicaSpecs', MPIJob: 'mpiReplicaSpecs' };

function object(v: unknown, out: Out, base: string): void {
  if (!isObject(v)) return;
  const kind = v.kind;
  const spec = isObject(v.spec) ? v.spec : undefined;
  switch (kind) {
    case 'Pod':
      podSpec(v.spec, `${base}/spec`, out);
      break;
    case 'Deployment':
      if (spec) {
        const deadline = typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : 600;
        const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
        if (deadline <= minReady) out.push({ pointer: `${base}/spec/${spec.progressDeadlineSeconds === undefined ? 'minReadySeconds' : 'progressDeadlineSeconds'}`, severity: 'error', message: `\`progressDeadlineSeconds\` (${deadline}${spec.progressDeadlineSeconds === undefined ? ', the default' : ''}) must be greater than \`minReadySeconds\` (${minReady})` });
      }
      workload(v, out, base);
      break;
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'DaemonSet':
      workload(v, out, base);
      break;
    case 'Job':
      if (spec && isObject(spec.template)) podSpec(spec.template.spec, `${base}/spec/template/spec`, out);
      break;
    case 'CronJob': {
      const schedule = spec ? str(spec.schedule) : undefined;
      const why = schedule === undefined ? undefined : cronProblem(schedule);
      if (why) out.push({ pointer: `${base}/spec/schedule`, severity: 'error', message: `not a valid cron schedule: ${why}` });
      const jt = spec && isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
      if (jt && isObject(jt.template)) podSpec(jt.template.spec, `${base}/spec/jobTemplate/spec/template/spec`, out);
      break;
    }
    case 'PyTorchJob':
    case 'TFJob':
    case 'MPIJob': {
      // Kubeflow training jobs: one pod template per role under `<framework>ReplicaSpecs`
      const key = REPLICA_SPECS[kind];
      const roles = spec && isObject(spec[key]) ? spec[key] : undefined;
      if (roles) {
        for (const [role, r] of Object.entries(roles)) {
          if (isObject(r) && isObject(r.template)) podSpec(r.template.spec, join(`${base}/spec/${key}`, role, 'template', 'spec'), out);
        }
      }
      break;
    }
    case 'Service':
      if (spec) {
        const seen = new Set<string>();
        const pairs = new Set<string>();
        list(spec.ports).forEach((p, i) => {
          if (!isObject(p)) return;
          const name = str(p.name);
          if (name) {
            if (seen.has(name)) out.push({ pointer: `${base}/spec/ports/${i}/name`, severity: 'error', message: `port name \`${name}\` is used twice; Service port names must be unique` });
            seen.add(name);
          }
          if (typeof p.port === 'number') {
            const key = `${p.port}/${str(p.protocol) ?? 'TCP'}`;
            if (pairs.has(key)) out.push({ pointer: `${base}/spec/ports/${i}/port`, severity: 'error', message: `port ${key} is listed twice; each port and protocol may appear once` });
            pairs.add(key);
          }
        });
      }
      break;
    case 'HorizontalPodAutoscaler':
      if (spec && typeof spec.minReplicas === 'number' && typeof spec.maxReplicas === 'number' && spec.maxReplicas < spec.minReplicas) {
        out.push({
          pointer: `${base}/spec/maxReplicas`,
          severity: 'error',
          message: `\`maxReplicas\` (${spec.maxReplicas}) is less than \`minReplicas\` (${spec.minReplicas}); the API server requires maxReplicas ≥ minReplicas`,
        });
      }
      break;
    case 'List':
      list(v.items).forEach((item, i) => object(item, out, `${base}/items/${i}`));
      break;
  }
}

/** Findings for one Kubernetes (or Kubeflow) object, or a `List` of them. */
export function checkK8sObject(value: unknown): CheckFinding[] {
  const out: Out = [];
  object(value, out, '');
  return out;
}
