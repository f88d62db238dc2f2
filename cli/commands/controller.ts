import { runController } from '../../core/orchestrate/controller';
import { trainyardHome } from '../../core/config';
import { UsageError } from '../errors';
import { strings, type Command } from './types';

/** Internal: the command a pipeline/sweep job runs (core/orchestrate/launch.ts builds it). */
export const controller: Command = {
  name: '__controller',
  usage: '__controller --spec <file> [--target T] [--pass-env NAME…] [--set p=v…]',
  summary: 'internal: runs a pipeline or sweep as the job that controls its stages',
  hidden: true,
  options: { spec: { type: 'string' }, target: { type: 'string' }, 'pass-env': { type: 'string', multiple: true }, set: { type: 'string', multiple: true } },
  async run({ values }, io) {
    const spec = values.spec as string | undefined;
    if (!spec) throw new UsageError('--spec is required');
    const env: Record<string, string> = {};
    for (const k of strings(values['pass-env'])) if (process.env[k] !== undefined) env[k] = process.env[k]!;
    const set = strings(values.set).map((s) => ({ path: s.slice(0, s.indexOf('=')), value: s.slice(s.indexOf('=') + 1) }));
    const ac = new AbortController();
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => ac.abort());
    return runController({
      specPath: spec,
      home: trainyardHome(),
      target: values.target as string | undefined,
      env,
      set,
      parentId: process.env.TRAINYARD_JOB_ID,
      out: io.out,
      signal: ac.signal,
    });
  },
};
