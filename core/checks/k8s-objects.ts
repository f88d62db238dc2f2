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
 * - pod specs: `restartPolicy` only on init containers; with `hostNetwork`, a `hostPort` equals its
 *   `containerPort`; `dnsPolicy: None` needs `dnsConfig` with a nameserver; a `Localhost` seccomp or
 *   AppArmor profile names its `localhostProfile` (and only it may); `hostname` and `subdomain` are
 *   DNS labels; `envFrom` names one source and a valid prefix; downward-API field and resource
 *   references are ones the API server supports; item paths and `subPath` are relative, without `..`;
 * - a Deployment's or DaemonSet's rolling update: `maxUnavailable` and `maxSurge` are not both 0, and
 *   `maxUnavailable` is at most 100%; a StatefulSet's `OnDelete` strategy has no `rollingUpdate`;
 * - a Job's `selector` selects its template and holds no copied `controller-uid`; a PodDisruptionBudget's percentages are at
 *   most 100%; `ReadWriteOncePod` is a claim's or volume's only access mode; a ConfigMap key is in
 *   `data` or `binaryData`, not both; a LimitRange keeps min ≤ defaultRequest ≤ default ≤ max;
 *   `externalTrafficPolicy` only on externally reachable Services; NetworkPolicy `ipBlock` CIDRs
 *   are valid and `except` lies inside `cidr` (IPv4), `endPort` is at least `port`.
 * A `v1` `List` is checked item by item. Values of the wrong type are left to the schema, and values
 * holding `${VAR}` placeholders are not judged.
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
      fieldRefRule(vf.fieldRef, `${eAt}/valueFrom/fieldRef`, ENV_FIELD_PATHS, out);
      resourceFieldRule(vf.resourceFieldRef, `${eAt}/valueFrom/resourceFieldRef`, out, false);
    }
  });
  list(c.envFrom).forEach((e, i) => {
    if (!isObject(e)) return;
    const eAt = join(cAt, 'envFrom', i);
    const set = ['configMapRef', 'secretRef'].filter((k) => e[k] !== undefined && e[k] !== null);
    if (set.length === 0) out.push({ pointer: eAt, severity: 'error', message: '`envFrom` needs a source: `configMapRef` or `secretRef`' });
    else if (set.length > 1) out.push({ pointer: `${eAt}/secretRef`, severity: 'error', message: 'an `envFrom` entry names one source: `configMapRef` or `secretRef`, not both' });
    const prefix = str(e.prefix);
    if (prefix && !placeholder(prefix) && !ENV_NAME.test(prefix)) out.push({ pointer: `${eAt}/prefix`, severity: 'error', message: 'not a valid environment variable prefix: letters, digits, `_`, `-` and `.`, not starting with a digit (Kubernetes 1.31)' });
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

/** A `${VAR}` envsubst placeholder: not judged. */
const placeholder = (v: unknown): boolean => typeof v === 'string' && v.includes('${');

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Downward-API field paths (Kubernetes 1.31): for env vars, and for `downwardAPI` volume items. */
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const VOLUME_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'metadata.labels', 'metadata.annotations'];
const SUBSCRIPTED_FIELD = /^metadata\.(labels|annotations)\['[^']+'\]$/;
const RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];

function fieldRefRule(ref: unknown, at: string, allowed: string[], out: Out): void {
  if (!isObject(ref)) return;
  const path = str(ref.fieldPath);
  if (path === undefined || placeholder(path) || allowed.includes(path) || SUBSCRIPTED_FIELD.test(path)) return;
  out.push({ pointer: `${at}/fieldPath`, severity: 'error', message: `\`${path}\` is not a field the downward API can expose here; supported: ${allowed.map((k) => `\`${k}\``).join(', ')}, \`metadata.labels['<key>']\`, \`metadata.annotations['<key>']\`` });
}

function resourceFieldRule(ref: unknown, at: string, out: Out, needsContainer: boolean): void {
  if (!isObject(ref)) return;
  const r = str(ref.resource);
  if (r !== undefined && !placeholder(r) && !RESOURCE_FIELDS.includes(r) && !/^(limits|requests)\.hugepages-/.test(r)) {
    out.push({ pointer: `${at}/resource`, severity: 'error', message: `\`${r}\` is not a resource the downward API can expose; supported: ${RESOURCE_FIELDS.map((k) => `\`${k}\``).join(', ')} (and \`hugepages-<size>\`)` });
  }
  if (needsContainer && ref.containerName === undefined) out.push({ pointer: at, severity: 'error', message: 'a `resourceFieldRef` in a volume needs `containerName`' });
}

/** A path inside a volume (`items[].path`, `subPath`): relative, with no `..` element. */
function relativePath(p: unknown, at: string, out: Out): void {
  if (typeof p !== 'string' || p === '' || placeholder(p)) return;
  if (p.startsWith('/')) out.push({ pointer: at, severity: 'error', message: `\`${p}\` must be a relative path` });
  else if (p.split('/').includes('..')) out.push({ pointer: at, severity: 'error', message: `\`${p}\` must not contain \`..\`` });
}

/** A `Localhost` seccomp or AppArmor profile names its file/profile, and only such a profile may. */
function securityProfiles(sc: unknown, at: string, out: Out): void {
  if (!isObject(sc)) return;
  for (const key of ['seccompProfile', 'appArmorProfile']) {
    const prof = sc[key];
    if (!isObject(prof) || typeof prof.type !== 'string') continue;
    const has = prof.localhostProfile !== undefined && prof.localhostProfile !== null;
    if (prof.type === 'Localhost' && !has) out.push({ pointer: join(at, key), severity: 'error', message: `a \`Localhost\` ${key === 'seccompProfile' ? 'seccomp' : 'AppArmor'} profile needs \`localhostProfile\`` });
    else if (prof.type !== 'Localhost' && has) out.push({ pointer: join(at, key, 'localhostProfile'), severity: 'error', message: `\`localhostProfile\` can be set only when \`type\` is \`Localhost\`` });
  }
}

/** Volume items whose paths must stay inside the volume, and downward-API references in them. */
function volumeRules(v: JsonObject, vAt: string, out: Out): void {
  const itemsOf = (src: unknown, srcAt: string, downward: boolean): void => {
    if (!isObject(src)) return;
    list(src.items).forEach((it, k) => {
      if (!isObject(it)) return;
      const itAt = join(srcAt, 'items', k);
      relativePath(it.path, `${itAt}/path`, out);
      if (downward) {
        fieldRefRule(it.fieldRef, `${itAt}/fieldRef`, VOLUME_FIELD_PATHS, out);
        resourceFieldRule(it.resourceFieldRef, `${itAt}/resourceFieldRef`, out, true);
      }
    });
  };
  itemsOf(v.configMap, join(vAt, 'configMap'), false);
  itemsOf(v.secret, join(vAt, 'secret'), false);
  itemsOf(v.downwardAPI, join(vAt, 'downwardAPI'), true);
  if (isObject(v.projected)) {
    list(v.projected.sources).forEach((s, k) => {
      if (!isObject(s)) return;
      const sAt = join(vAt, 'projected', 'sources', k);
      itemsOf(s.configMap, join(sAt, 'configMap'), false);
      itemsOf(s.secret, join(sAt, 'secret'), false);
      itemsOf(s.downwardAPI, join(sAt, 'downwardAPI'), true);
      if (isObject(s.serviceAccountToken)) relativePath(s.serviceAccountToken.path, join(sAt, 'serviceAccountToken', 'path'), out);
    });
  }
}

/** An int-or-percent rolling-update bound as a number, and whether it is a percentage. */
function intOrPercent(v: unknown): { n: number; percent: boolean } | undefined {
  if (typeof v === 'number') return { n: v, percent: false };
  const m = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
  return m ? { n: Number(m[1]), percent: true } : undefined;
}

/** A Deployment's or DaemonSet's `rollingUpdate`: not both bounds 0, `maxUnavailable` at most 100%. */
function rollingUpdate(ru: unknown, at: string, out: Out, surgeDefault: number): void {
  if (!isObject(ru)) return;
  const unavailable = ru.maxUnavailable === undefined || ru.maxUnavailable === null ? undefined : intOrPercent(ru.maxUnavailable);
  const surge = ru.maxSurge === undefined || ru.maxSurge === null ? { n: surgeDefault, percent: false } : intOrPercent(ru.maxSurge);
  if (unavailable?.percent && unavailable.n > 100) out.push({ pointer: `${at}/maxUnavailable`, severity: 'error', message: `\`maxUnavailable\` must not be greater than 100%` });
  if (unavailable && surge && unavailable.n === 0 && surge.n === 0) out.push({ pointer: `${at}/maxUnavailable`, severity: 'error', message: '`maxUnavailable` may not be 0 when `maxSurge` is 0: the rollout could never make progress' });
}

/** An IPv4 CIDR as [network, prefix]; undefined when it is not one. */
function ipv4Cidr(s: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const o = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (o.some((x) => x > 255) || prefix > 32) return undefined;
  return [((o[0] << 24) >>> 0) + (o[1] << 16) + (o[2] << 8) + o[3], prefix];
}
const isCidr = (s: string): boolean => ipv4Cidr(s) !== undefined || (/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(s) && s.includes(':') && Number(s.split('/')[1]) <= 128);

function networkPolicy(spec: JsonObject, base: string, out: Out): void {
  for (const dir of ['ingress', 'egress'] as const) {
    list(spec[dir]).forEach((rule, r) => {
      if (!isObject(rule)) return;
      const peers = list(rule[dir === 'ingress' ? 'from' : 'to']);
      peers.forEach((peer, k) => {
        if (!isObject(peer) || !isObject(peer.ipBlock)) return;
        const at = join(`${base}/spec`, dir, r, dir === 'ingress' ? 'from' : 'to', k, 'ipBlock');
        const cidr = str(peer.ipBlock.cidr);
        if (cidr === undefined || placeholder(cidr)) return;
        if (!isCidr(cidr)) {
          out.push({ pointer: `${at}/cidr`, severity: 'error', message: `\`${cidr}\` is not a CIDR such as \`10.0.0.0/16\` or \`fd00::/64\`` });
          return;
        }
        const outer = ipv4Cidr(cidr);
        list(peer.ipBlock.except).forEach((e, j) => {
          if (typeof e !== 'string' || placeholder(e)) return;
          if (!isCidr(e)) return void out.push({ pointer: join(at, 'except', j), severity: 'error', message: `\`${e}\` is not a CIDR` });
          const inner = ipv4Cidr(e);
          if (!outer || !inner) return;
          const mask = (p: number) => (p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0);
          const inside = inner[1] > outer[1] && ((inner[0] & mask(outer[1])) >>> 0) === ((outer[0] & mask(outer[1])) >>> 0);
          if (!inside) out.push({ pointer: join(at, 'except', j), severity: 'error', message: `\`${e}\` must be a strict subset of \`cidr\` (${cidr})` });
        });
      });
      list(rule.ports).forEach((p, k) => {
        if (isObject(p) && typeof p.port === 'number' && typeof p.endPort === 'number' && p.endPort < p.port) out.push({ pointer: join(`${base}/spec`, dir, r, 'ports', k, 'endPort'), severity: 'error', message: `\`endPort\` (${p.endPort}) must be at least \`port\` (${p.port})` });
      });
    });
  }
}

function limitRange(spec: JsonObject, base: string, out: Out): void {
  list(spec.limits).forEach((l, i) => {
    if (!isObject(l)) return;
    const at = join(`${base}/spec/limits`, i);
    const get = (k: string) => (isObject(l[k]) ? (l[k] as JsonObject) : {});
    // each pair: the first must not exceed the second
    const pairs: Array<[string, string]> = [['min', 'max'], ['defaultRequest', 'default'], ['min', 'defaultRequest'], ['min', 'default'], ['defaultRequest', 'max'], ['default', 'max']];
    for (const [lo, hi] of pairs) {
      for (const [res, q] of Object.entries(get(lo))) {
        const a = parseQuantity(q);
        const b = parseQuantity(get(hi)[res]);
        if (a !== undefined && b !== undefined && a > b * (1 + 1e-12)) out.push({ pointer: join(at, lo, res), severity: 'error', message: `\`${lo}\` ${res} (${JSON.stringify(q)}) must not exceed \`${hi}\` (${JSON.stringify(get(hi)[res])})` });
      }
    }
  });
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
    volumeRules(v as JsonObject, join(at, 'volumes', i), out);
  });
  for (const key of ['hostname', 'subdomain']) {
    const h = spec[key];
    if (typeof h === 'string' && !placeholder(h) && (h.length > 63 || !DNS_LABEL.test(h))) out.push({ pointer: join(at, key), severity: 'error', message: `\`${key}\` must be a DNS label: at most 63 lower-case letters, digits and \`-\`, starting and ending with a letter or digit` });
  }
  if (spec.dnsPolicy === 'None') {
    if (!isObject(spec.dnsConfig)) out.push({ pointer: join(at, 'dnsPolicy'), severity: 'error', message: '`dnsPolicy: None` needs a `dnsConfig` (with at least one nameserver)' });
    else if (list(spec.dnsConfig.nameservers).length === 0) out.push({ pointer: join(at, 'dnsConfig'), severity: 'error', message: '`dnsPolicy: None` needs at least one `dnsConfig.nameservers` entry' });
  }
  securityProfiles(spec.securityContext, join(at, 'securityContext'), out);
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
      if (group === 'containers' && c.restartPolicy !== undefined && c.restartPolicy !== null) out.push({ pointer: `${cAt}/restartPolicy`, severity: 'error', message: '`restartPolicy` may be set only on init containers (to make a sidecar); the pod\'s `restartPolicy` governs its containers' });
      if (spec.hostNetwork === true) {
        list(c.ports).forEach((p, j) => {
          if (isObject(p) && typeof p.hostPort === 'number' && typeof p.containerPort === 'number' && p.hostPort !== p.containerPort) out.push({ pointer: join(cAt, 'ports', j, 'hostPort'), severity: 'error', message: `\`hostPort\` (${p.hostPort}) must equal \`containerPort\` (${p.containerPort}) when \`hostNetwork\` is true` });
        });
      }
      securityProfiles(c.securityContext, `${cAt}/securityContext`, out);
      const paths = new Set<string>();
      list(c.volumeMounts).forEach((m, j) => {
        if (!isObject(m)) return;
        relativePath(m.subPath, join(cAt, 'volumeMounts', j, 'subPath'), out);
        if (typeof m.subPath === 'string' && m.subPath !== '' && typeof m.subPathExpr === 'string' && m.subPathExpr !== '') out.push({ pointer: join(cAt, 'volumeMounts', j, 'subPathExpr'), severity: 'error', message: '`subPath` and `subPathExpr` are mutually exclusive' });
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
        if (isObject(spec.strategy) && spec.strategy.type !== 'Recreate') rollingUpdate(spec.strategy.rollingUpdate, `${base}/spec/strategy/rollingUpdate`, out, NaN);
        if (deadline <= minReady) out.push({ pointer: `${base}/spec/${spec.progressDeadlineSeconds === undefined ? 'minReadySeconds' : 'progressDeadlineSeconds'}`, severity: 'error', message: `\`progressDeadlineSeconds\` (${deadline}${spec.progressDeadlineSeconds === undefined ? ', the default' : ''}) must be greater than \`minReadySeconds\` (${minReady})` });
      }
      workload(v, out, base);
      break;
    case 'DaemonSet':
      if (spec && isObject(spec.updateStrategy) && spec.updateStrategy.type !== 'OnDelete') rollingUpdate(spec.updateStrategy.rollingUpdate, `${base}/spec/updateStrategy/rollingUpdate`, out, 0);
      workload(v, out, base);
      break;
    case 'StatefulSet':
      if (spec && isObject(spec.updateStrategy) && spec.updateStrategy.type === 'OnDelete' && spec.updateStrategy.rollingUpdate !== undefined && spec.updateStrategy.rollingUpdate !== null) out.push({ pointer: `${base}/spec/updateStrategy/rollingUpdate`, severity: 'error', message: '`rollingUpdate` is allowed only with `type: RollingUpdate`' });
      workload(v, out, base);
      break;
    case 'ReplicaSet':
      workload(v, out, base);
      break;
    // (PersistentVolume(Claim) access modes and PodDisruptionBudget percentages: the schema's rules)
    case 'ConfigMap':
      if (isObject(v.data) && isObject(v.binaryData)) for (const k of Object.keys(v.binaryData)) if (Object.prototype.hasOwnProperty.call(v.data, k)) out.push({ pointer: join(`${base}/binaryData`, k), severity: 'error', message: `key \`${k}\` is in both \`data\` and \`binaryData\`; a key may be in only one` });
      break;
    case 'LimitRange':
      if (spec) limitRange(spec, base, out);
      break;
    case 'NetworkPolicy':
      if (spec) networkPolicy(spec, base, out);
      break;
    case 'Job':
      if (spec && isObject(spec.selector) && isObject(spec.template)) {
        // the API server adds the controller-uid label to selector and template (unless manualSelector)
        // and then requires the selector to select the template's labels
        const labels = isObject(spec.template.metadata) && isObject(spec.template.metadata.labels) ? spec.template.metadata.labels : {};
        const r = selects(spec.selector, labels);
        const uidKey = Object.keys(isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : {}).find((k) => /(^|\/)controller-uid$/.test(k));
        if (!r.ok) out.push({ pointer: `${base}/spec/selector${r.where ?? ''}`, severity: 'error', message: `the selector does not match the pod template (\`spec.template.metadata.labels\`): ${r.why}; the API server rejects it` });
        else if (uidKey && spec.manualSelector !== true) out.push({ pointer: join(`${base}/spec/selector/matchLabels`, uidKey), severity: 'error', message: `\`${uidKey}\` is the UID of another Job (copied from \`kubectl get -o yaml\`?): a new Job gets its own; leave \`selector\` out` });
      }
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
        const type = str(spec.type) ?? 'ClusterIP';
        const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && list(spec.externalIPs).length > 0);
        if (!external && typeof spec.externalTrafficPolicy === 'string' && spec.externalTrafficPolicy !== '') out.push({ pointer: `${base}/spec/externalTrafficPolicy`, severity: 'error', message: '`externalTrafficPolicy` may only be set on externally reachable Services (`NodePort`, `LoadBalancer`, or with `externalIPs`)' });
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
