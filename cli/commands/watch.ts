import { findJob } from '../../core/engine';
import { watchJob, type WatchEvent } from '../../core/jobs/watch';
import { parseDuration } from '../../core/spec/duration';
import { UsageError } from '../errors';
import { dim, printJsonLine, statusText, yellow, type Io } from '../io';
import { exitCodeFor } from './follow';
import type { Command } from './types';

const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);
const num = (v: number | undefined) => (v === undefined ? '?' : String(v));

/** The human line of an event: `12:00:03 metrics step=3 loss=0.41`. */
export function formatWatchEvent(io: Io, e: WatchEvent): string {
  const t = dim(io, clock(e.time));
  switch (e.type) {
    case 'status':
      return `${t} status ${statusText(io, e.status)}${e.exitCode !== null ? ` (exit ${e.exitCode})` : ''}${e.reason ? ` — ${e.reason}` : ''}`;
    case 'metrics':
      return `${t} metrics ${Object.entries(e.metrics).map(([k, v]) => `${k}=${v}`).join(' ')}`;
    case 'gpu':
      return `${t} gpu${e.index} util=${num(e.utilization)}% mem=${num(e.memoryUsedMiB)}/${num(e.memoryTotalMiB)} MiB`;
    default: {
      const never: never = e;
      return never;
    }
  }
}

export const watch: Command = {
  name: 'watch',
  usage: 'watch <job> [--target T] [--interval 2s] [--json]',
  summary: "streams a job's status changes, metrics and GPU samples until it ends",
  help: `--target, -t T    the job's target (for jobs launched elsewhere)
--interval D      how often the job's GPUs are sampled (default 2s)
--json            JSON lines: {"type": "status"|"metrics"|"gpu", "time": "…", …}; a metrics line has
                  "source": "file" (the metrics file) or "pattern" (a log line the spec's
                  metrics.pattern matched), "offset" (bytes into that file or the log) and "metrics"
Exits with the job's code (0 when it succeeded, 128+N for signal N); Ctrl-C stops watching (130).`,
  options: {
    target: { type: 'string', short: 't' },
    interval: { type: 'string' },
  },
  async run({ values, positionals, json }, io) {
    if (positionals.length !== 1) throw new UsageError('name exactly one job id');
    const seconds = values.interval === undefined ? 2 : parseDuration(String(values.interval));
    if (!Number.isFinite(seconds) || seconds < 0.1) throw new UsageError('--interval must be a duration of at least 100ms, such as 2s');
    const { target, info } = await findJob(positionals[0]!, { target: values.target as string | undefined });
    const ac = new AbortController();
    const onInt = () => ac.abort();
    process.once('SIGINT', onInt);
    try {
      const end = await watchJob(target, info.id, {
        intervalMs: seconds * 1000,
        signal: ac.signal,
        emit: (e) => (json ? printJsonLine(io, e) : io.out.write(formatWatchEvent(io, e) + '\n')),
        warn: (message) => io.err.write(`${yellow(io, 'warning')}: ${message}\n`),
      });
      return exitCodeFor(end);
    } catch (e) {
      if (!ac.signal.aborted) throw e;
      return 130;
    } finally {
      process.removeListener('SIGINT', onInt);
    }
  },
};
