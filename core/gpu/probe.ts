/**
 * A host's GPU probe (what `trainyard hosts` shows and writes to `~/.trainyard/hosts/<name>.json`
 * for the language server): the output of PROBE_SH (nvidia-smi queries, process owners, load,
 * memory) parsed into one JSON document.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProbeResult } from '../targets/types';
import { parseGpuCsv, parseAppsCsv, parseUsers, combine, DEFAULT_THRESHOLDS, type GpuInfo, type GpuThresholds } from './nvidiaSmi';

/** nvidia-smi queries for the GPU probe; sections separated by marker lines. */
export const PROBE_SH = `if ! command -v nvidia-smi >/dev/null 2>&1; then
echo '@@nosmi'
else
echo '@@gpus'
nvidia-smi --query-gpu=index,name,uuid,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits 2>&1
echo "@@rc $?"
apps=$(nvidia-smi --query-compute-apps=gpu_uuid,pid,used_memory --format=csv,noheader,nounits 2>&1); arc=$?
echo '@@apps'
printf '%s\\n' "$apps"
echo "@@rc $arc"
echo '@@users'
[ "$arc" = 0 ] && printf '%s\\n' "$apps" | cut -d, -f2 | while read -r p; do
  case $p in *[!0-9]*|'') continue ;; esac
  u=$(ps -o user= -p "$p" 2>/dev/null) && printf '%s %s\\n' "$p" "$u"
done
fi
echo '@@load'
cat /proc/loadavg 2>/dev/null
echo '@@mem'
grep -E '^(MemTotal|MemAvailable):' /proc/meminfo 2>/dev/null
exit 0`;

export const HOST_PROBE_FORMAT = 1;

/** The Target contract's short form of a probe. */
export function probeResult(p: HostProbe): ProbeResult {
  return {
    target: p.target,
    ok: p.ok,
    ...(p.error || p.gpuError ? { message: p.error ?? p.gpuError } : {}),
    gpus: p.gpus.map((g) => ({ index: g.index, name: g.name, memoryTotalMiB: g.memoryTotalMiB, memoryUsedMiB: g.memoryUsedMiB, utilization: g.utilization })),
  };
}

export interface HostProbe {
  format: number;
  name: string;
  target: string;
  probedAt: string;
  /** False when the host could not be reached or asked. */
  ok: boolean;
  error?: string;
  /** nvidia-smi missing or failing (the host may still run CPU jobs). */
  gpuError?: string;
  gpus: GpuInfo[];
  load?: [number, number, number];
  memory?: { totalMiB: number; availableMiB: number };
}

function sections(text: string): Map<string, string> {
  const m = new Map<string, string>();
  let cur = '';
  for (const line of text.split('\n')) {
    const s = /^@@(\w+)(?: (.*))?$/.exec(line);
    if (s) {
      if (s[1] === 'rc') m.set(`${cur}.rc`, s[2] ?? '');
      else {
        cur = s[1]!;
        m.set(cur, '');
      }
    } else if (cur) m.set(cur, m.get(cur)! + line + '\n');
  }
  return m;
}

export function parseProbeOutput(text: string, name: string, target: string, t: GpuThresholds = DEFAULT_THRESHOLDS, now = new Date()): HostProbe {
  const s = sections(text);
  const probe: HostProbe = { format: HOST_PROBE_FORMAT, name, target, probedAt: now.toISOString(), ok: true, gpus: [] };
  if (s.has('nosmi')) probe.gpuError = 'nvidia-smi is not installed (or not on PATH) on this host: no NVIDIA GPUs visible';
  else {
    const g = parseGpuCsv(s.get('gpus') ?? '');
    const rc = s.get('gpus.rc');
    if (g.error || (rc && rc !== '0' && g.gpus.length === 0)) {
      const msg = (g.error ?? '').trim();
      if (!/^No devices were found/i.test((s.get('gpus') ?? '').trim())) probe.gpuError = `nvidia-smi failed${rc && rc !== '0' ? ` (exit ${rc})` : ''}${msg ? `: ${msg}` : ''}`;
    }
    const apps = s.get('apps.rc') === '0' ? parseAppsCsv(s.get('apps') ?? '') : [];
    probe.gpus = combine(g.gpus, apps, parseUsers(s.get('users') ?? ''), t);
  }
  const load = (s.get('load') ?? '').trim().split(/\s+/).slice(0, 3).map(Number);
  if (load.length === 3 && load.every((n) => Number.isFinite(n))) probe.load = load as [number, number, number];
  const mem = s.get('mem') ?? '';
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(mem)?.[1]);
  if (kb('MemTotal') > 0) probe.memory = { totalMiB: Math.round(kb('MemTotal') / 1024), availableMiB: Math.round((kb('MemAvailable') || 0) / 1024) };
  return probe;
}

/** Thresholds from config.yaml (`gpuFree: {utilization: 10, memory: 10}`, percents). */
export function thresholdsFrom(config: Record<string, unknown>): GpuThresholds {
  const g = (config.gpuFree ?? {}) as Record<string, unknown>;
  const pick = (v: unknown, d: number) => (typeof v === 'number' && v >= 0 && v <= 100 ? v : d);
  return { utilizationPercent: pick(g.utilization, DEFAULT_THRESHOLDS.utilizationPercent), memoryPercent: pick(g.memory, DEFAULT_THRESHOLDS.memoryPercent) };
}

/** A host name safe as a file name (`user@host:port` → `user@host_port`). */
export function probeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._@-]/g, '_').replace(/^\.+/, '_') + '.json';
}

export function writeHostProbe(home: string, probe: HostProbe): string {
  const dir = path.join(home, 'hosts');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, probeFileName(probe.name));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(probe, null, 2) + '\n');
  fs.renameSync(tmp, file);
  return file;
}
