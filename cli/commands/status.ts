import { findJob } from '../../core/engine';
import { UsageError } from '../errors';
import { jobDuration, jobJson, printJson, statusText, table } from '../io';
import type { Command } from './types';

export const status: Command = {
  name: 'status',
  aliases: ['show'],
  usage: 'status <job> [--target T]',
  summary: "show one job's state",
  options: { target: { type: 'string', short: 't' } },
  async run({ values, positionals, json }, io) {
    if (positionals.length !== 1) throw new UsageError('name exactly one job id');
    const { info } = await findJob(positionals[0]!, { target: values.target as string | undefined });
    if (json) {
      printJson(io, jobJson(info));
      return 0;
    }
    const rows: string[][] = [
      ['id', info.id],
      ['name', info.name],
      ['target', info.target],
      ['status', statusText(io, info.status) + (info.reason ? ` (${info.reason})` : '')],
      ['exit code', info.exitCode === null ? '-' : String(info.exitCode)],
      ['created', info.createdAt],
      ['started', info.startedAt ?? '-'],
      ['ended', info.endedAt ?? '-'],
      ['duration', jobDuration(info)],
    ];
    if (info.gpus?.length) rows.push(['gpus', info.gpus.join(',')]);
    if (info.specPath) rows.push(['spec', info.specPath]);
    if (info.attempt && info.attempt > 1) rows.push(['attempt', String(info.attempt)]);
    io.out.write(table(rows));
    return 0;
  },
};
