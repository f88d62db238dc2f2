/**
 * The host dashboard's model: a rolling one-hour history of GPU samples per host (a ring buffer
 * per host, fed by the probes the Targets model makes or reads), and the dashboard's view of a
 * probe (processes table, load, memory). Plain TypeScript, no `vscode` import.
 */
import type { GpuSample, HostSnapshot } from '../../webviews/protocol';
import type { HostProbe } from './hosts';

/** How far back the dashboard charts go. */
export const HISTORY_WINDOW_MS = 60 * 60 * 1000;
/** Samples kept per host: one hour at one probe a second (the interval is at least that). */
export const HISTORY_CAPACITY = 3600;

/** A fixed-capacity FIFO: pushing onto a full buffer drops the oldest item. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring buffer capacity ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    const end = (this.start + this.size) % this.capacity;
    this.items[end] = item;
    if (this.size < this.capacity) this.size++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The i-th item, oldest first. */
  at(i: number): T | undefined {
    if (i < 0) i += this.size;
    if (i < 0 || i >= this.size) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  /** Drops the oldest items while `pred` holds for them. */
  dropWhile(pred: (item: T) => boolean): void {
    while (this.size && pred(this.items[this.start] as T)) {
      this.items[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.size--;
    }
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }
}

/** A probe as one chart sample; undefined when it has no time or no GPU (nothing to plot). */
export function sampleOf(probe: HostProbe): GpuSample | undefined {
  if (!probe.ok || probe.probedAt === undefined || !probe.gpus.length) return undefined;
  return {
    time: probe.probedAt,
    gpus: probe.gpus.map((g) => ({
      index: g.index,
      name: g.name,
      ...(g.utilization !== undefined ? { utilization: g.utilization } : {}),
      ...(g.memoryUsedMiB !== undefined ? { memoryUsedMiB: g.memoryUsedMiB } : {}),
      ...(g.memoryTotalMiB !== undefined ? { memoryTotalMiB: g.memoryTotalMiB } : {}),
      ...(g.temperature !== undefined ? { temperature: g.temperature } : {}),
    })),
  };
}

/** Per-host rolling history. Samples arrive in time order; repeats and older ones are ignored. */
export class HostHistory {
  private readonly hosts = new Map<string, RingBuffer<GpuSample>>();

  constructor(
    readonly windowMs = HISTORY_WINDOW_MS,
    readonly capacity = HISTORY_CAPACITY,
  ) {}

  /** Adds a sample; returns false when it was not newer than the host's last one. */
  add(host: string, sample: GpuSample, now = Date.now()): boolean {
    let buf = this.hosts.get(host);
    if (!buf) this.hosts.set(host, (buf = new RingBuffer<GpuSample>(this.capacity)));
    const last = buf.at(-1);
    if (last && sample.time <= last.time) return false;
    buf.push(sample);
    this.prune(buf, now);
    return true;
  }

  /** Adds a probe's sample (when it has one). */
  addProbe(host: string, probe: HostProbe, now = Date.now()): GpuSample | undefined {
    const s = sampleOf(probe);
    return s && this.add(host, s, now) ? s : undefined;
  }

  /** The host's samples of the last window, oldest first. */
  samples(host: string, now = Date.now()): GpuSample[] {
    const buf = this.hosts.get(host);
    if (!buf) return [];
    this.prune(buf, now);
    return buf.toArray();
  }

  get hostIds(): string[] {
    return [...this.hosts.keys()];
  }

  private prune(buf: RingBuffer<GpuSample>, now: number): void {
    const cutoff = now - this.windowMs;
    buf.dropWhile((s) => s.time < cutoff);
  }
}

/** What the dashboard shows of the host's latest probe besides the charts. */
export function snapshotOf(probe: HostProbe | undefined): HostSnapshot {
  if (!probe) return { ok: false, message: 'not probed yet', probedAt: null, gpus: [], processes: [] };
  const processes = probe.gpus
    .flatMap((g) =>
      g.processes.map((p) => ({
        gpu: g.index,
        ...(p.pid !== undefined ? { pid: p.pid } : {}),
        ...(p.user ? { user: p.user } : {}),
        ...(p.name ? { name: p.name } : {}),
        ...(p.memoryMiB !== undefined ? { memoryMiB: p.memoryMiB } : {}),
      })),
    )
    .sort((a, b) => a.gpu - b.gpu || (b.memoryMiB ?? 0) - (a.memoryMiB ?? 0));
  return {
    ok: probe.ok,
    ...(probe.message ? { message: probe.message } : {}),
    probedAt: probe.probedAt ?? null,
    gpus: sampleOf({ ...probe, ok: true, probedAt: probe.probedAt ?? 0 })?.gpus ?? [],
    processes,
    ...(probe.load ? { load: probe.load } : {}),
    ...(probe.memory ? { memory: probe.memory } : {}),
  };
}
