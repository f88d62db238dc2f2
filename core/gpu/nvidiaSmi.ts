/**
 * Parsing `nvidia-smi --query-gpu=index,name,uuid,utilization.gpu,memory.used,memory.total,
 * temperature.gpu,power.draw --format=csv,noheader,nounits` and `--query-compute-apps=gpu_uuid,
 * pid,used_memory`, robustly: `[N/A]`/`[Not Supported]` become undefined, names with commas
 * survive, driver errors and "No devices were found" are told apart, MIG-enabled GPUs (whose
 * utilization nvidia-smi cannot report) are flagged.
 */
export const GPU_QUERY = 'index,name,uuid,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw';
export const APPS_QUERY = 'gpu_uuid,pid,used_memory';

export interface GpuProcess {
  pid: number;
  usedMemoryMiB?: number;
  user?: string;
}

export interface GpuInfo {
  index: number;
  name: string;
  uuid?: string;
  utilization?: number;
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
  temperatureC?: number;
  powerW?: number;
  /** Utilization unknown (nvidia-smi reports [N/A] while MIG slices a GPU): never counted as free. */
  mig?: boolean;
  processes: GpuProcess[];
  /** No compute process and utilization/memory under the thresholds. */
  free: boolean;
}

export interface GpuThresholds {
  /** Utilization (percent) under which a GPU may be free. */
  utilizationPercent: number;
  /** Memory use (percent of total) under which a GPU may be free. */
  memoryPercent: number;
}

export const DEFAULT_THRESHOLDS: GpuThresholds = { utilizationPercent: 10, memoryPercent: 10 };

/** A number, or undefined for `[N/A]`, `[Not Supported]`, `N/A`, empty… */
export function num(s: string | undefined): number | undefined {
  const t = s?.trim();
  if (!t || !/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

const ERROR_RE = /(failed|couldn't|could not|unable|error|not found|no such|make sure|insufficient permissions)/i;

export interface GpuParse {
  gpus: GpuInfo[];
  /** Set when nvidia-smi said something that is not a GPU row (driver errors…). */
  error?: string;
}

export function parseGpuCsv(text: string): GpuParse {
  const gpus: GpuInfo[] = [];
  const other: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const f = line.split(',').map((s) => s.trim());
    if (f.length >= 8 && /^\d+$/.test(f[0]!)) {
      const tail = f.slice(-6);
      const g: GpuInfo = { index: Number(f[0]), name: f.slice(1, f.length - 6).join(', '), processes: [], free: false };
      const uuid = tail[0]!;
      if (/^(GPU|MIG)-/i.test(uuid)) g.uuid = uuid;
      const util = num(tail[1]);
      if (util !== undefined) g.utilization = util;
      const set = (k: 'memoryUsedMiB' | 'memoryTotalMiB' | 'temperatureC' | 'powerW', v: string | undefined) => {
        const n = num(v);
        if (n !== undefined) g[k] = n;
      };
      set('memoryUsedMiB', tail[2]);
      set('memoryTotalMiB', tail[3]);
      set('temperatureC', tail[4]);
      set('powerW', tail[5]);
      gpus.push(g);
    } else if (!/^No devices were found/i.test(line)) other.push(line);
  }
  const res: GpuParse = { gpus };
  if (other.length && (gpus.length === 0 || other.some((l) => ERROR_RE.test(l)))) res.error = other.join('\n');
  return res;
}

export function parseAppsCsv(text: string): Array<{ gpuUuid: string; pid: number; usedMemoryMiB?: number }> {
  const out: Array<{ gpuUuid: string; pid: number; usedMemoryMiB?: number }> = [];
  for (const raw of text.split(/\r?\n/)) {
    const f = raw.split(',').map((s) => s.trim());
    if (f.length < 2 || !/^\d+$/.test(f[1]!) || !f[0]) continue;
    const a: { gpuUuid: string; pid: number; usedMemoryMiB?: number } = { gpuUuid: f[0], pid: Number(f[1]) };
    const m = num(f[2]);
    if (m !== undefined) a.usedMemoryMiB = m;
    out.push(a);
  }
  return out;
}

/** Attaches processes (and their users) to GPUs and decides which GPUs are free. */
export function combine(
  gpus: GpuInfo[],
  apps: ReturnType<typeof parseAppsCsv>,
  users: Map<number, string>,
  t: GpuThresholds = DEFAULT_THRESHOLDS,
): GpuInfo[] {
  for (const g of gpus) {
    g.processes = apps
      .filter((a) => a.gpuUuid === g.uuid)
      .map((a) => {
        const p: GpuProcess = { pid: a.pid };
        if (a.usedMemoryMiB !== undefined) p.usedMemoryMiB = a.usedMemoryMiB;
        const u = users.get(a.pid);
        if (u) p.user = u;
        return p;
      });
    if (g.utilization === undefined && g.memoryTotalMiB !== undefined) g.mig = true;
    const memPct = g.memoryTotalMiB ? ((g.memoryUsedMiB ?? 0) / g.memoryTotalMiB) * 100 : 0;
    g.free = g.processes.length === 0 && (g.utilization ?? 0) < t.utilizationPercent && memPct < t.memoryPercent && !g.mig;
  }
  return gpus;
}

/** `<pid> <user>` lines. */
export function parseUsers(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of text.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w.length === 2 && /^\d+$/.test(w[0]!)) m.set(Number(w[0]), w[1]!);
  }
  return m;
}
