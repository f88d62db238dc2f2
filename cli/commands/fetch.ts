import { resolve } from 'node:path';
import { findJob } from '../../core/engine';
import { UsageError } from '../errors';
import { printJson, progressLine } from '../io';
import type { Command } from './types';

export const fetch: Command = {
  name: 'fetch',
  usage: 'fetch <job> [dest] [--target T]',
  summary: "copy a job's outputs into dest (default ./outputs/<job>)",
  options: { target: { type: 'string', short: 't' } },
  async run({ values, positionals, json }, io) {
    if (positionals.length < 1 || positionals.length > 2) throw new UsageError('name a job id and optionally a destination folder');
    const { target, info } = await findJob(positionals[0]!, { target: values.target as string | undefined });
    const dest = resolve(positionals[1] ?? `outputs/${info.id}`);
    const progress = progressLine(io);
    const files = await target.fetchOutputs(info.id, dest, { progress: (e) => progress.update(e.message) });
    progress.done();
    if (json) printJson(io, { id: info.id, dest, files });
    else io.out.write(files.length ? files.map((f) => f + '\n').join('') : `no outputs to fetch for ${info.id}\n`);
    return 0;
  },
};
