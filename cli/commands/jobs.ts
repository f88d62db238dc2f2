import { listJobs } from '../../core/engine';
import { JOB_STATUSES, type JobStatus } from '../../core/targets/types';
import { UsageError } from '../errors';
import { jobDuration, jobJson, printJson, statusText, table } from '../io';
import type { Command } from './types';

export const jobs: Command = {
  name: 'jobs',
  aliases: ['ls', 'ps'],
  usage: 'jobs [--target T] [--status S] [--limit N]',
  summary: 'list jobs (newest first)',
  options: { target: { type: 'string', short: 't' }, status: { type: 'string', short: 's' }, limit: { type: 'string', short: 'n' } },
  async run({ values, json }, io) {
    const status = values.status as string | undefined;
    if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${JOB_STATUSES.join(', ')}`);
    }
    const limit = values.limit === undefined ? Infinity : Number(values.limit);
    if (!(limit > 0)) throw new UsageError('--limit must be a positive number');
    let list = await listJobs({ target: values.target as string | undefined });
    if (status) list = list.filter((j) => j.status === (status as JobStatus));
    list = list.slice(0, limit);
    if (json) {
      printJson(io, list.map(jobJson));
      return 0;
    }
    if (list.length === 0) {
      io.err.write('no jobs yet — start one with: trainyard run <spec>\n');
      return 0;
    }
    const rows = [['ID', 'TARGET', 'NAME', 'STATUS', 'EXIT', 'STARTED', 'DURATION']];
    for (const j of list) {
      rows.push([
        j.id,
        j.target,
        j.name,
        statusText(io, j.status),
        j.exitCode === null ? '-' : String(j.exitCode),
        j.startedAt ? new Date(j.startedAt).toLocaleString() : '-',
        jobDuration(j),
      ]);
    }
    io.out.write(table(rows));
    return 0;
  },
};
