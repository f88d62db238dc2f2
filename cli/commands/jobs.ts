import { listJobs } from '../../core/engine';
import { JOB_STATUSES, type JobInfo, type JobStatus } from '../../core/targets/types';
import { configuredTargets, loadConfig, trainyardHome } from '../../core/config';
import { UsageError } from '../errors';
import { jobDuration, jobJson, printJson, statusText, table, yellow } from '../io';
import type { Command } from './types';

export const jobs: Command = {
  name: 'jobs',
  aliases: ['ls', 'ps'],
  usage: 'jobs [--target T | --all] [--status S] [--limit N]',
  summary: 'list jobs (newest first); --all asks this machine and every configured host',
  options: { target: { type: 'string', short: 't' }, all: { type: 'boolean', short: 'a' }, status: { type: 'string', short: 's' }, limit: { type: 'string', short: 'n' } },
  async run({ values, json }, io) {
    const status = values.status as string | undefined;
    if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${JOB_STATUSES.join(', ')}`);
    }
    const limit = values.limit === undefined ? Infinity : Number(values.limit);
    if (!(limit > 0)) throw new UsageError('--limit must be a positive number');
    if (values.all && values.target) throw new UsageError('--all and --target do not go together');
    let list: JobInfo[];
    if (values.all) {
      // This machine and every host of config.yaml, side by side; a host that cannot be asked is
      // reported and the others are still listed.
      const targets = configuredTargets(loadConfig(trainyardHome()));
      const results = await Promise.allSettled(targets.map((t) => listJobs({ target: t })));
      list = [];
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') list.push(...r.value);
        else io.err.write(`${yellow(io, 'warning')}: ${targets[i]}: ${(r.reason as Error).message}\n`);
      });
      list.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    } else list = await listJobs({ target: values.target as string | undefined });
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
