import { loadConfig, trainyardHome } from '../../core/config';
import { parseDuration } from '../../core/spec/duration';
import { pruneTarget } from '../../core/targets/prune';
import { getTarget } from '../../core/targets/registry';
import { fmtBytes } from '../../core/sync/sync';
import { UsageError } from '../errors';
import { dim, printJson, table } from '../io';
import type { Command } from './types';

export const prune: Command = {
  name: 'prune',
  usage: 'prune [--older-than 7d] [--target T] [--dry-run]',
  summary: 'remove old finished job directories and unused workdir caches, here or on a host',
  help: `Removes, on the target (default local), the directories of jobs that ended longer ago than
--older-than (default 7d; e.g. 12h, 30d, 0 for every finished job) — with their workdir snapshots
and outputs, so fetch first what you need — and the host's workdir caches not synced for that long
(the next run re-sends the workdir). Queued and running jobs are never touched.
--older-than AGE        2h, 7d, 1d12h, … (default 7d)
--target, -t T          local (default) or ssh:<host>
--dry-run, -n           only say what would be removed and how much it would free
--accept-new-host-key   record the key of a host not yet in ~/.ssh/known_hosts
--json                  prints { target, root, dryRun, removed: [{kind, name, path, bytes}], kept, bytes }`,
  options: {
    'older-than': { type: 'string' },
    target: { type: 'string', short: 't' },
    'dry-run': { type: 'boolean', short: 'n' },
    'accept-new-host-key': { type: 'boolean' },
  },
  async run({ values, positionals, json }, io) {
    if (positionals.length) throw new UsageError('prune takes no arguments (use --target and --older-than)');
    const ageText = (values['older-than'] as string | undefined) ?? '7d';
    const age = parseDuration(ageText);
    if (!Number.isFinite(age) || age < 0) throw new UsageError(`--older-than expects an age such as 12h or 7d, got \`${ageText}\``);
    const home = trainyardHome();
    const target = getTarget((values.target as string | undefined) ?? 'local', { home, config: loadConfig(home) });
    const dryRun = Boolean(values['dry-run']);
    const r = await pruneTarget(target, { olderThanSeconds: age, dryRun });
    if (json) {
      printJson(io, {
        ...r,
        removed: r.removed.map(({ job, ...item }) => ({ ...item, ...(job ? { status: job.status, endedAt: job.endedAt, jobName: job.name } : {}) })),
      });
      return 0;
    }
    const verb = dryRun ? 'would remove' : 'removed';
    if (!r.removed.length) io.out.write(`nothing to prune on ${r.target} (older than ${ageText})\n`);
    else {
      const rows = r.removed.map((i) => [verb, i.kind, i.name, i.job ? `${i.job.name} ${i.job.status} ${i.job.endedAt ?? i.job.createdAt}` : 'workdir cache', fmtBytes(i.bytes)]);
      io.out.write(table(rows));
      io.out.write(`${dryRun ? 'would free' : 'freed'} ${fmtBytes(r.bytes)} (${r.bytes} bytes) in ${r.root} on ${r.target}\n`);
    }
    for (const k of r.kept) io.err.write(dim(io, `kept ${k.path}: ${k.why}\n`));
    return 0;
  },
};
