import { launchSpecFile } from '../../core/engine';
import { TrainyardError } from '../../core/errors';
import { UsageError } from '../errors';
import { dim, jobJson, printJson, printJsonLine, progressLine, red, type Io } from '../io';
import { followJob } from './follow';
import { strings, type Command } from './types';

/** `--env K=V` (repeatable) → a map; names are checked so nothing odd reaches the job's shell. */
export function parseEnvArgs(list: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--env expects NAME=value with a valid variable name, got \`${item}\``);
    if (eq < 0) {
      // `--env NAME` passes the value from the current environment, like docker's -e NAME.
      const v = process.env[name];
      if (v === undefined) throw new UsageError(`--env ${name}: ${name} is not set in this environment`);
      env[name] = v;
    } else env[name] = item.slice(eq + 1);
  }
  return env;
}

export function parseSetArgs(list: string[]): Array<{ path: string; value: string }> {
  return list.map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects path=value (e.g. resources.gpus=2), got \`${item}\``);
    return { path: item.slice(0, eq), value: item.slice(eq + 1) };
  });
}

export const specOptions = {
  target: { type: 'string', short: 't' },
  stage: { type: 'string' },
  env: { type: 'string', short: 'e', multiple: true },
  set: { type: 'string', multiple: true },
} as const;

export const run: Command = {
  name: 'run',
  usage: 'run <spec> [--target T] [--stage S] [--follow] [--env K=V] [--set p=v]',
  summary: 'launch a job; prints its id',
  help: `--target, -t T   where to run (local, ssh:<host>, k8s:<ctx>/<ns>); overrides the spec's target
--stage NAME     for a pipeline: run only this stage, as a job of its own (its needs are not run)
--follow, -f     stream the log and exit with the job's exit code (128+N if signal N killed it)
--env, -e K=V    set an environment variable for the job (repeatable; -e NAME passes it through)
--set p=v        override a spec field, e.g. --set resources.gpus=2 --set timeout=1h (repeatable)
--accept-new-host-key   ssh: targets: record the key of a host not yet in ~/.ssh/known_hosts
                 (without it, and with no terminal to ask on, an unknown host key fails the run)
Exit codes: 0 launched (or, with --follow, the job's code); 125 Trainyard could not launch it.`,
  options: { ...specOptions, follow: { type: 'boolean', short: 'f' }, 'accept-new-host-key': { type: 'boolean' } },
  failureCode: 125,
  async run({ values, positionals, json }, io) {
    if (positionals.length !== 1) throw new UsageError('name exactly one spec file');
    const env = parseEnvArgs(strings(values.env));
    const set = parseSetArgs(strings(values.set));
    const progress = progressLine(io);
    const ac = new AbortController();
    const onInt = () => ac.abort();
    process.once('SIGINT', onInt);
    let launched;
    try {
      launched = await launchSpecFile(positionals[0]!, {
        target: values.target as string | undefined,
        stage: values.stage as string | undefined,
        env,
        set,
        signal: ac.signal,
        progress: (e) => progress.update(`${e.phase}: ${e.message}`),
      });
    } catch (e) {
      progress.done();
      if (e instanceof TrainyardError && e.reason === 'spec-invalid') {
        const problems = (e as TrainyardError & { problems?: Array<{ file: string; range: { start: { line: number; column: number } }; severity: string; message: string; code: string }> }).problems ?? [];
        for (const p of problems) io.err.write(`${p.file}:${p.range.start.line}:${p.range.start.column}: ${p.severity === 'error' ? red(io, 'error') : p.severity}: ${p.message} ${dim(io, `[${p.code}]`)}\n`);
      }
      throw e;
    } finally {
      process.removeListener('SIGINT', onInt);
    }
    progress.done();
    const { job } = launched;
    if (!values.follow) {
      if (json) printJson(io, jobJson(job));
      else {
        io.out.write(job.id + '\n');
        if (io.tty) io.err.write(dim(io, `launched ${job.name} on ${job.target}; follow with: trainyard logs -f ${job.id}\n`));
      }
      return 0;
    }
    if (json) printJsonLine(io, { type: 'job', job: jobJson(job) });
    else io.err.write(dim(io, `${job.id} launched on ${job.target}\n`));
    return followJob(job.id, job.target, io, json);
  },
};
