import { resolve } from 'node:path';
import { findJob } from '../../core/engine';
import { SshTarget } from '../../core/targets/ssh';
import { UsageError } from '../errors';
import { dim, printJson, progressLine } from '../io';
import type { Command } from './types';

export const fetch: Command = {
  name: 'fetch',
  usage: 'fetch <job> [dest] [--target T]',
  summary: "copy a job's outputs into dest (default ./outputs/<job>)",
  help: `Copies the spec's \`outputs\` (paths and globs, relative to the job's workdir) and the job's own
outputs folder (TRAINYARD_OUTPUT_DIR) into dest. From SSH hosts the files come over SFTP on the
host's pooled connection, byte for byte, with their mode and mtime; a symlink is followed only
when it stays inside the job's directory on the host (others are skipped and listed).
--target, -t T          the job's target when this machine did not launch it
--accept-new-host-key   record the key of a host not yet in ~/.ssh/known_hosts
--json                  prints { id, target, dest, files, bytes, skipped }`,
  options: { target: { type: 'string', short: 't' }, 'accept-new-host-key': { type: 'boolean' } },
  async run({ values, positionals, json }, io) {
    if (positionals.length < 1 || positionals.length > 2) throw new UsageError('name a job id and optionally a destination folder');
    const { target, info } = await findJob(positionals[0]!, { target: values.target as string | undefined });
    const dest = resolve(positionals[1] ?? `outputs/${info.id}`);
    const progress = progressLine(io);
    const ac = new AbortController();
    const onInt = () => ac.abort();
    process.once('SIGINT', onInt);
    const opts = {
      signal: ac.signal,
      progress: (e: { message: string; fraction?: number }) =>
        progress.update(e.fraction === undefined ? e.message : `${Math.floor(e.fraction * 100)}% ${e.message}`),
    };
    let result: { files: string[]; bytes?: number; skipped: Array<{ remote: string; why: string }> };
    try {
      result = target instanceof SshTarget ? await target.fetch(info.id, dest, opts) : { files: await target.fetchOutputs(info.id, dest, opts), skipped: [] };
    } finally {
      process.removeListener('SIGINT', onInt);
      progress.done();
    }
    if (json) {
      printJson(io, { id: info.id, target: info.target, dest, files: result.files, ...(result.bytes !== undefined ? { bytes: result.bytes } : {}), skipped: result.skipped });
      return 0;
    }
    io.out.write(result.files.length ? result.files.map((f) => f + '\n').join('') : `no outputs to fetch for ${info.id}\n`);
    for (const s of result.skipped) io.err.write(dim(io, `skipped ${s.remote}: ${s.why}\n`));
    return 0;
  },
};
