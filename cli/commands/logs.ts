import { findJob, jobLogs } from '../../core/engine';
import type { LogChunk } from '../../core/targets/types';
import { UsageError } from '../errors';
import { printJsonLine } from '../io';
import type { Command } from './types';

/**
 * Prefixes each line with the time it was written. `samples` say "the log had `offset` bytes at
 * `time`"; a line starting at byte o was written no later than the first sample past o.
 */
export class LineStamper {
  private atLineStart = true;
  constructor(private readonly samples: Array<{ offset: number; time: number }>) {
    this.samples.sort((a, b) => a.offset - b.offset);
  }
  timeAt(offset: number): number {
    let lo = 0;
    let hi = this.samples.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.samples[mid]!.offset > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo < this.samples.length ? this.samples[lo]!.time : Date.now();
  }
  stamp(chunk: LogChunk): Buffer {
    const parts: Buffer[] = [];
    let start = 0;
    const d = chunk.data;
    for (let i = 0; i <= d.length; i++) {
      if (i === d.length || d[i] === 0x0a) {
        const end = i === d.length ? i : i + 1;
        if (end > start) {
          if (this.atLineStart) parts.push(Buffer.from(new Date(this.timeAt(chunk.offset + start)).toISOString() + ' '));
          parts.push(d.subarray(start, end));
          this.atLineStart = i < d.length;
        }
        start = end;
      }
    }
    return Buffer.concat(parts);
  }
}

export const logs: Command = {
  name: 'logs',
  usage: 'logs <job> [-f] [--timestamps] [--target T]',
  summary: "print a job's log (bytes unchanged; secrets masked)",
  help: `--follow, -f      keep streaming until the job ends
--timestamps      prefix each line with the time it was written (ISO 8601, UTC)
--from N          start at byte offset N
--json            JSON lines: {"offset": N, "text": "…"}`,
  options: {
    follow: { type: 'boolean', short: 'f' },
    timestamps: { type: 'boolean' },
    target: { type: 'string', short: 't' },
    from: { type: 'string' },
  },
  async run({ values, positionals, json }, io) {
    if (positionals.length !== 1) throw new UsageError('name exactly one job id');
    const from = values.from === undefined ? 0 : Number(values.from);
    if (!Number.isInteger(from) || from < 0) throw new UsageError('--from must be a byte offset (a non-negative integer)');
    const { target, info } = await findJob(positionals[0]!, { target: values.target as string | undefined });
    const ac = new AbortController();
    const onInt = () => ac.abort();
    process.once('SIGINT', onInt);
    const stamper = values.timestamps ? new LineStamper((await target.logTimes?.(info.id)) ?? []) : undefined;
    try {
      for await (const chunk of jobLogs(info.id, { fromOffset: from, follow: Boolean(values.follow) }, { target: info.target, signal: ac.signal })) {
        if (json) printJsonLine(io, { offset: chunk.offset, text: chunk.data.toString('utf8') });
        else io.out.write(stamper ? stamper.stamp(chunk) : chunk.data);
      }
    } catch (e) {
      if (!ac.signal.aborted) throw e;
      return 130;
    } finally {
      process.removeListener('SIGINT', onInt);
    }
    return 0;
  },
};
