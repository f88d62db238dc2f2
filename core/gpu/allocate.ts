/**
 * Choosing GPUs for a job (pure): free ones (no compute process, under the thresholds), not
 * already given to another running Trainyard job, of the requested type. Targets hold a lock
 * around "read what is taken → pick → record the pick" so concurrent launches never share a GPU.
 */
import type { GpuInfo } from './nvidiaSmi';

export interface GpuPick {
  /** Indices as nvidia-smi numbers them (CUDA_DEVICE_ORDER=PCI_BUS_ID makes CUDA agree). */
  indices: string[];
}

/** GPU models match ignoring case, on part of the name: `a100` matches `NVIDIA A100-SXM4-80GB`. */
export function gpuTypeMatches(name: string, type: string | undefined): boolean {
  if (!type) return true;
  const norm = (s: string) => s.toLowerCase().replace(/[\s_]+/g, '-');
  return norm(name).includes(norm(type));
}

function whyBusy(g: GpuInfo, taken: Set<string>): string {
  if (taken.has(String(g.index))) return 'given to another Trainyard job';
  if (g.mig) return 'in MIG mode';
  const users = [...new Set(g.processes.map((p) => p.user).filter(Boolean))];
  if (g.processes.length) return `running ${g.processes.length} process${g.processes.length === 1 ? '' : 'es'}${users.length ? ` of ${users.join(', ')}` : ''}`;
  return `busy (${g.utilization ?? '?'}% utilization, ${g.memoryUsedMiB ?? '?'}/${g.memoryTotalMiB ?? '?'} MiB)`;
}

/** Picks `want` GPUs, or explains (in one sentence a user can act on) why it cannot. */
export function pickGpus(gpus: GpuInfo[], want: number, type: string | undefined, taken: Set<string>, where: string): GpuPick | { error: string } {
  const ofType = gpus.filter((g) => gpuTypeMatches(g.name, type));
  const free = ofType.filter((g) => g.free && !taken.has(String(g.index)));
  if (free.length >= want) return { indices: free.slice(0, want).map((g) => String(g.index)) };
  const what = `${want} GPU${want === 1 ? '' : 's'}${type ? ` of type ${type}` : ''}`;
  if (gpus.length === 0) return { error: `the job asks for ${what}, but ${where} has no NVIDIA GPUs (nvidia-smi found none)` };
  if (ofType.length === 0) {
    return { error: `the job asks for ${what}, but ${where} has ${[...new Set(gpus.map((g) => g.name))].join(', ')}; change \`resources.gpu\` or pick another target` };
  }
  if (ofType.length < want) return { error: `the job asks for ${what}, but ${where} has only ${ofType.length}` };
  const busy = ofType.filter((g) => !(g.free && !taken.has(String(g.index)))).map((g) => `GPU ${g.index} ${whyBusy(g, taken)}`);
  return { error: `the job asks for ${what}, but only ${free.length} ${free.length === 1 ? 'is' : 'are'} free on ${where}: ${busy.join('; ')}` };
}

/**
 * Why a request can never be met on these GPUs (too few of the type, none at all), whatever
 * their load; undefined when waiting could help. Queues use it to fail at once instead of
 * waiting forever.
 */
export function impossibleGpuRequest(gpus: GpuInfo[], want: number, type: string | undefined, where: string): string | undefined {
  const r = pickGpus(gpus.map((g) => ({ ...g, free: !g.mig })), want, type, new Set(), where);
  return 'error' in r ? r.error : undefined;
}
