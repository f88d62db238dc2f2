/**
 * Watching a job: its status changes, its metric records as they are appended (from its metrics
 * file, and from log lines its spec's `metrics.pattern` matches) and, for a job with GPUs,
 * samples of those GPUs, as one stream of events for whoever watches (`trainyard watch` now, the
 * VS Code views later).
 */
import { isTrainyardError } from '../errors';
import { isFinal, type JobInfo, type ProbeResult, type Target } from '../targets/types';
import { compileMetricsPattern, patternMetricsFromChunks } from './metrics';

type Gpu = NonNullable<ProbeResult['gpus']>[number];

/** What `watch` streams, one event per line (DESIGN.md: JSON lines for streams with --json). */
export type WatchEvent =
  | { type: 'status'; time: string; id: string; status: JobInfo['status']; exitCode: number | null; reason?: string; gpus?: string[] }
  /**
   * One metric record. `source` says where it came from and what `offset` counts: `file`, bytes
   * of the metrics file; `pattern`, bytes of the log (a line the spec's `metrics.pattern`
   * matched). Either resumes its source (`Target.metrics` / `Target.logs` `fromOffset`) without
   * repeating a record.
   */
  | { type: 'metrics'; time: string; source: 'file' | 'pattern'; offset: number; metrics: Record<string, number> }
  | { type: 'gpu'; time: string; index: number; name: string; utilization?: number; memoryUsedMiB?: number; memoryTotalMiB?: number };

function statusEvent(info: JobInfo): WatchEvent {
  return {
    type: 'status',
    time: new Date().toISOString(),
    id: info.id,
    status: info.status,
    exitCode: info.exitCode,
    ...(info.reason ? { reason: info.reason } : {}),
    ...(info.gpus?.length ? { gpus: info.gpus } : {}),
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Streams a job's status changes, metric records and (for GPU jobs) samples of its GPUs until the
 * job is final; returns the job's final info. Each source runs on its own; `emit` gets events in
 * the order they are seen, the final status last (after the metrics file and the log are
 * drained). A `metrics.pattern` that does not compile is reported once through `warn` (the
 * rest is watched as usual).
 */
export async function watchJob(
  target: Target,
  id: string,
  o: { intervalMs: number; signal: AbortSignal; emit: (e: WatchEvent) => void; warn?: (message: string) => void },
): Promise<JobInfo> {
  const inner = new AbortController();
  const stopInner = () => inner.abort();
  o.signal.addEventListener('abort', stopInner, { once: true });
  const signal = inner.signal;
  let latest = await target.status(id, { signal });
  let final = false;
  let failure: { error: unknown } | undefined;
  // The first failure of any source stops the others (handled at once: no unhandled rejection).
  const guard = (p: Promise<void>) =>
    p.catch((error: unknown) => {
      failure ??= { error };
      inner.abort();
    });

  const statuses = guard(
    (async () => {
      if (!isFinal(latest.status)) o.emit(statusEvent(latest));
      while (!isFinal(latest.status)) {
        if (target.waitForChange) await target.waitForChange(id, 1000, signal);
        else await sleep(1000, signal);
        if (signal.aborted) return;
        const info = await target.status(id, { signal });
        const changed = info.status !== latest.status;
        latest = info;
        if (changed && !isFinal(info.status)) o.emit(statusEvent(info));
      }
    })(),
  );

  /** Records the metrics file has given so far: once it has any, the pattern's are not used. */
  let fileRecords = 0;
  const metrics = guard(
    (async () => {
      if (!target.metrics) return; // a target without a metrics file: status and GPUs only
      for await (const batch of target.metrics(id, { follow: true }, { signal })) {
        const time = new Date().toISOString();
        fileRecords += batch.records.length;
        for (const r of batch.records) o.emit({ type: 'metrics', time, source: 'file', offset: batch.offset, metrics: r });
      }
    })(),
  );

  const patternMetrics = guard(
    (async () => {
      const pattern = await target.metricsPattern?.(id, { signal });
      if (pattern === undefined) return;
      let re: RegExp;
      try {
        re = compileMetricsPattern(pattern);
      } catch (e) {
        if (!isTrainyardError(e)) throw e;
        o.warn?.(e.message);
        return;
      }
      // The metrics file, when the job writes one, is its metrics (as in the job monitor): the
      // pattern serves jobs that only print. A finished job's file decides before any pattern
      // record; a live job's pattern records stop once its file gives its first record.
      if (target.metrics) for await (const batch of target.metrics(id, {}, { signal })) if (batch.records.length) return;
      // Masked as every log Trainyard shows: a secret's digits never become a metric.
      const secrets = (await target.secretValues?.(id, { signal })) ?? [];
      for await (const batch of patternMetricsFromChunks(target.logs(id, { follow: true }, { signal }), re, { secrets })) {
        if (fileRecords > 0) return;
        const time = new Date().toISOString();
        for (const r of batch.records) o.emit({ type: 'metrics', time, source: 'pattern', offset: batch.offset, metrics: r });
      }
    })(),
  );

  const gpus = guard(
    (async () => {
      while (!final && !signal.aborted) {
        const mine = new Set(latest.gpus ?? []);
        if (mine.size && latest.status === 'running') {
          let probe: ProbeResult;
          try {
            probe = await target.probe({ signal });
          } catch (e) {
            if (final || signal.aborted) return;
            throw e;
          }
          const time = new Date().toISOString();
          for (const g of (probe.gpus ?? []).filter((x: Gpu) => mine.has(String(x.index)))) {
            o.emit({ type: 'gpu', time, index: g.index, name: g.name, utilization: g.utilization, memoryUsedMiB: g.memoryUsedMiB, memoryTotalMiB: g.memoryTotalMiB });
          }
        }
        await sleep(o.intervalMs, signal);
      }
    })(),
  );

  try {
    await statuses;
    await metrics;
    await patternMetrics;
    final = true;
    inner.abort(); // ends the GPU sampler's wait
    await gpus;
  } finally {
    o.signal.removeEventListener('abort', stopInner);
  }
  if (o.signal.aborted) throw o.signal.reason;
  if (failure) throw failure.error;
  o.emit(statusEvent(latest));
  return latest;
}

