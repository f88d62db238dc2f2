import { findJob } from '../../core/engine';
import { isFinal } from '../../core/targets/types';
import { UsageError } from '../errors';
import { jobJson, printJson, statusText } from '../io';
import type { Command } from './types';

export const cancel: Command = {
  name: 'cancel',
  usage: 'cancel <job…> [--target T]',
  summary: 'stop jobs (SIGTERM, then SIGKILL after a grace period)',
  options: { target: { type: 'string', short: 't' } },
  async run({ values, positionals, json }, io) {
    if (positionals.length === 0) throw new UsageError('name at least one job id');
    const out = [];
    for (const id of positionals) {
      const { target, info } = await findJob(id, { target: values.target as string | undefined });
      if (isFinal(info.status)) {
        out.push(info);
        if (!json) io.err.write(`${info.id} already ${statusText(io, info.status)}; nothing to cancel\n`);
        continue;
      }
      const after = await target.cancel(info.id);
      out.push(after);
      if (!json) io.out.write(`${after.id} ${statusText(io, after.status)}\n`);
    }
    if (json) printJson(io, out.length === 1 ? jobJson(out[0]!) : out.map(jobJson));
    return 0;
  },
};
