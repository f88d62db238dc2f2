/**
 * The Targets view's model: `local` plus the hosts of ~/.trainyard/config.yaml and the
 * `trainyard.hosts` setting, each with its last GPU probe (~/.trainyard/hosts/<name>.json,
 * written by the SSH target and `trainyard hosts`; the local probe comes from Target.probe).
 * The probe files are read tolerantly: field names vary between writers and versions.
 * No `vscode` import.
 */

export interface GpuProcess {
  pid?: number;
  user?: string;
  name?: string;
  memoryMiB?: number;
}

export interface GpuRow {
  index: number;
  name: string;
  utilization?: number;
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
  temperature?: number;
  processes: GpuProcess[];
  users: string[];
}

export interface HostProbe {
  ok: boolean;
  message?: string;
  /** ms since the epoch */
  probedAt?: number;
  gpus: GpuRow[];
  /** 1, 5 and 15 minute load averages, when the probe reports them. */
  load?: [number, number, number];
  /** Host memory, when the probe reports it. */
  memory?: { totalMiB: number; availableMiB: number };
}

export interface TargetRow {
  /** Target string: `local`, `ssh:<name>`. */
  id: string;
  name: string;
  /** `user@host:port` for SSH hosts. */
  address?: string;
  probe?: HostProbe;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function numField(o: Obj, ...keys: string[]): number | undefined {
  for (const k of keys) {
    let v: unknown = o;
    for (const part of k.split('.')) v = isObj(v) ? v[part] : undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

function strField(o: Obj, ...keys: string[]): string | undefined {
  for (const k of keys) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  return undefined;
}

function timeField(o: Obj, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v < 1e12 ? v * 1000 : v;
    if (typeof v === 'string') {
      const t = Date.parse(v);
      if (Number.isFinite(t)) return t;
    }
  }
  return undefined;
}

function parseProcess(v: unknown): GpuProcess | undefined {
  if (!isObj(v)) return undefined;
  return {
    pid: numField(v, 'pid'),
    user: strField(v, 'user', 'username', 'owner'),
    name: strField(v, 'name', 'command', 'processName'),
    memoryMiB: numField(v, 'memoryMiB', 'usedMemoryMiB', 'memoryUsedMiB', 'usedMemory', 'memory'),
  };
}

export function parseGpu(v: unknown, i: number): GpuRow | undefined {
  if (!isObj(v)) return undefined;
  const processes = (Array.isArray(v.processes) ? v.processes : []).map(parseProcess).filter((p): p is GpuProcess => !!p);
  const users = new Set<string>();
  if (Array.isArray(v.users)) for (const u of v.users) if (typeof u === 'string' && u) users.add(u);
  for (const p of processes) if (p.user) users.add(p.user);
  return {
    index: numField(v, 'index', 'id') ?? i,
    name: strField(v, 'name', 'model') ?? 'GPU',
    utilization: numField(v, 'utilization', 'utilizationPercent', 'util', 'utilization.gpu'),
    memoryUsedMiB: numField(v, 'memoryUsedMiB', 'memoryUsed', 'memUsedMiB', 'memory.used', 'memory.usedMiB'),
    memoryTotalMiB: numField(v, 'memoryTotalMiB', 'memoryTotal', 'memTotalMiB', 'memory.total', 'memory.totalMiB'),
    temperature: numField(v, 'temperature', 'temperatureC', 'temp'),
    processes,
    users: [...users].sort(),
  };
}

/** A hosts/<name>.json document (already JSON-parsed) → a probe; undefined when unusable. */
export function parseHostProbe(v: unknown): HostProbe | undefined {
  if (!isObj(v)) return undefined;
  const gpus = (Array.isArray(v.gpus) ? v.gpus : Array.isArray(v.GPUs) ? v.GPUs : []).map(parseGpu).filter((g): g is GpuRow => !!g);
  const error = strField(v, 'error');
  const ok = typeof v.ok === 'boolean' ? v.ok : !error;
  const probe: HostProbe = { ok, message: error ?? strField(v, 'message') ?? strField(v, 'gpuError'), probedAt: timeField(v, 'probedAt', 'time', 'timestamp', 'at'), gpus };
  const load = Array.isArray(v.load) ? v.load.slice(0, 3).map(Number) : [];
  if (load.length === 3 && load.every((n) => Number.isFinite(n))) probe.load = load as [number, number, number];
  if (isObj(v.memory)) {
    const totalMiB = numField(v.memory, 'totalMiB', 'total');
    const availableMiB = numField(v.memory, 'availableMiB', 'available', 'freeMiB', 'free');
    if (totalMiB !== undefined && availableMiB !== undefined) probe.memory = { totalMiB, availableMiB };
  }
  return probe;
}

/** Whether a GPU looks free: no processes, under 10 % busy, under 5 % of its memory used. */
export function isGpuFree(g: GpuRow): boolean {
  if (g.processes.length || g.users.length) return false;
  if (g.utilization !== undefined && g.utilization >= 10) return false;
  if (g.memoryUsedMiB !== undefined && g.memoryTotalMiB) return g.memoryUsedMiB / g.memoryTotalMiB < 0.05;
  return true;
}

export function freeGpuCount(probe: HostProbe | undefined): number {
  return probe?.gpus.filter(isGpuFree).length ?? 0;
}

export function gib(mib: number): string {
  return (mib / 1024).toFixed(mib >= 10 * 1024 ? 0 : 1);
}

/** `35% · 12.3/80 GiB · 61°C · alice, bob` (parts only when known). */
export function gpuDescription(g: GpuRow): string {
  const parts: string[] = [];
  if (g.utilization !== undefined) parts.push(`${Math.round(g.utilization)}%`);
  if (g.memoryUsedMiB !== undefined && g.memoryTotalMiB !== undefined) parts.push(`${gib(g.memoryUsedMiB)}/${gib(g.memoryTotalMiB)} GiB`);
  if (g.temperature !== undefined) parts.push(`${Math.round(g.temperature)}°C`);
  parts.push(g.users.length ? g.users.join(', ') : isGpuFree(g) ? 'free' : 'busy');
  return parts.join(' · ');
}

/** `3/8 GPUs free · probed 2m ago`, or why the probe failed. */
export function hostDescription(row: TargetRow, now: number): string {
  const p = row.probe;
  if (!p) return row.address ?? 'not probed yet';
  if (!p.ok) return `unreachable${p.message ? `: ${p.message}` : ''}`;
  const gpus = p.gpus.length ? `${freeGpuCount(p)}/${p.gpus.length} GPUs free` : 'no GPUs';
  return p.probedAt ? `${gpus} · probed ${ago(now - p.probedAt)}` : gpus;
}

export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export interface HostEntry {
  host?: unknown;
  hostname?: unknown;
  user?: unknown;
  port?: unknown;
}

/** `local` first, then every configured or probed host, by name. */
export function targetRows(hosts: Record<string, HostEntry | undefined>, probes: ReadonlyMap<string, HostProbe>): TargetRow[] {
  const rows: TargetRow[] = [{ id: 'local', name: 'local', probe: probes.get('local') }];
  const names = new Set([...Object.keys(hosts), ...[...probes.keys()].filter((n) => n !== 'local')]);
  for (const name of [...names].sort()) {
    const h = hosts[name] ?? {};
    const host = typeof h.host === 'string' ? h.host : typeof h.hostname === 'string' ? h.hostname : undefined;
    const address = host ? `${typeof h.user === 'string' ? `${h.user}@` : ''}${host}${typeof h.port === 'number' ? `:${h.port}` : ''}` : undefined;
    rows.push({ id: `ssh:${name}`, name, address, probe: probes.get(name) });
  }
  return rows;
}

/** A stable fingerprint of what a row shows, to update only the rows that changed. */
export function rowKey(row: TargetRow): string {
  return JSON.stringify([row.address, row.probe?.ok, row.probe?.message, row.probe?.gpus]);
}
