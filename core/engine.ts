/**
 * What the CLI and the extension call: load + resolve + launch a spec file, render it, find
 * and list jobs, stream logs with secrets masked. No `vscode` import.
 */
import * as path from 'node:path';
import type { Target, JobInfo, OpOptions, LogOptions, LogChunk } from './targets/types';
import type { LoadedSpec, Problem, AnySpec } from './spec/model';
import { controllerJob, renderPlan } from './orchestrate/launch';
import { stageJob } from './orchestrate/stage';
import { loadSpecFile } from './spec';
import { trainyardHome, loadConfig, type TrainyardConfig } from './config';
import { resolveJob, renderJob, type ResolvedJob } from './jobs/resolve';
import { StreamMasker } from './jobs/mask';
import { JobIndex } from './jobs/index';
import { getTarget } from './targets/registry';
import { LocalTarget } from './targets/local';
import { TrainyardError, isTrainyardError, throwIfAborted } from './errors';

/** `--set path=value` overrides, applied by the spec loader. */
export interface SetOverride {
  path: string;
  value: string;
}

export interface EngineOptions {
  /** Trainyard home; default `$TRAINYARD_HOME` or `~/.trainyard`. */
  home?: string;
}

export interface LaunchOptions extends EngineOptions, OpOptions {
  target?: string;
  /** For a pipeline: launch only this stage, as a job of its own (its `needs` are not run). */
  stage?: string;
  env?: Record<string, string>;
  set?: SetOverride[];
}

/** A spec with error-severity problems; `problems` holds them all (with positions). */
export class SpecInvalidError extends TrainyardError {
  readonly problems: Problem[];
  constructor(file: string, problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    const first = errors[0];
    const where = first ? `${first.file}:${first.range.start.line}:${first.range.start.column}: ${first.message}` : file;
    super('spec-invalid', `${file} is not a valid spec (${errors.length} problem${errors.length === 1 ? '' : 's'}); first: ${where}`);
    this.problems = problems;
  }
}

function context(opts: EngineOptions): { home: string; config: TrainyardConfig } {
  const home = opts.home ?? trainyardHome();
  return { home, config: loadConfig(home) };
}

async function loadValid(file: string, set?: SetOverride[]): Promise<{ spec: AnySpec; loaded: LoadedSpec }> {
  const loaded = await loadSpecFile(file, set?.length ? { overrides: set } : {});
  if (!loaded.spec) throw new SpecInvalidError(file, loaded.problems);
  return { spec: loaded.spec, loaded };
}

/**
 * Resolves what a launch of `file` runs: the job or service itself, or, for a pipeline or sweep,
 * the controller job that launches its stages/runs (core/orchestrate) on the chosen target.
 */
async function resolveFile(file: string, opts: LaunchOptions): Promise<{ resolved: ResolvedJob; home: string; config: TrainyardConfig; spec: AnySpec }> {
  const { home, config } = context(opts);
  const { spec, loaded } = await loadValid(file, opts.set);
  if (opts.stage !== undefined) {
    if (spec.kind !== 'pipeline') throw new TrainyardError('bad-argument', `--stage picks a stage of a pipeline, and ${file} is a ${spec.kind}`);
    const one = await stageJob(spec, path.resolve(file), opts.stage);
    const resolved = resolveJob(one.spec, one.file, one.text, { target: opts.target, env: opts.env, config, home });
    return { resolved, home, config, spec: one.spec };
  }
  if (spec.kind === 'pipeline' || spec.kind === 'sweep') {
    const resolved = controllerJob(spec, path.resolve(file), loaded.text, { ...opts, home, config });
    return { resolved, home, config, spec };
  }
  const resolved = resolveJob(spec, path.resolve(file), loaded.text, { target: opts.target, env: opts.env, config, home });
  return { resolved, home, config, spec };
}

/** Loads, resolves and launches a job or service spec; returns at once (the job runs on). */
export async function launchSpecFile(file: string, opts: LaunchOptions = {}): Promise<{ job: JobInfo; resolved: ResolvedJob }> {
  throwIfAborted(opts.signal);
  const { resolved, home, config } = await resolveFile(file, opts);
  const target = getTarget(resolved.target, { home, config });
  const job = await target.launch(resolved, { signal: opts.signal, progress: opts.progress });
  new JobIndex(home).record({ id: job.id, target: job.target, name: job.name, createdAt: job.createdAt });
  return { job, resolved };
}

/** What `trainyard render` prints: the resolved job with secret values masked (safe to show). */
export async function renderSpecFile(file: string, opts: Omit<LaunchOptions, 'progress'> = {}): Promise<Record<string, unknown>> {
  const { resolved, spec, home, config } = await resolveFile(file, opts);
  if (spec.kind === 'pipeline' || spec.kind === 'sweep') return renderPlan(spec, path.resolve(file), { target: opts.target, home, config });
  // The id is only assigned at launch; showing a made-up one would suggest a job that exists.
  const { id: _id, ...rendered } = renderJob(resolved);
  return rendered;
}

/** Finds a job by id: through `target` when given, else the local index, else the local jobs. */
export async function findJob(id: string, opts: EngineOptions & OpOptions & { target?: string } = {}): Promise<{ target: Target; info: JobInfo }> {
  const { home, config } = context(opts);
  const index = new JobIndex(home);
  const targetText = opts.target ?? index.lookup(id)?.target;
  if (targetText) {
    const target = getTarget(targetText, { home, config });
    return { target, info: await target.status(id, opts) };
  }
  const local = new LocalTarget({ home, config });
  try {
    return { target: local, info: await local.status(id, opts) };
  } catch (e) {
    if (isTrainyardError(e) && e.reason === 'unknown-job') {
      throw new TrainyardError('unknown-job', `no job \`${id}\` on this machine; for jobs launched elsewhere pass \`--target <target>\``, { cause: e });
    }
    throw e;
  }
}

/** Jobs of one target (default `local`), newest first; non-local ones are added to the index. */
export async function listJobs(opts: EngineOptions & OpOptions & { target?: string } = {}): Promise<JobInfo[]> {
  const { home, config } = context(opts);
  const target = getTarget(opts.target ?? 'local', { home, config });
  const jobs = await target.list(opts);
  if (target.id !== 'local') {
    const index = new JobIndex(home);
    const known = new Set(index.all().map((e) => e.id));
    for (const j of jobs) if (!known.has(j.id)) index.record({ id: j.id, target: j.target, name: j.name, createdAt: j.createdAt });
  }
  return jobs;
}

/**
 * A job's log with its secret values masked (`offset` is the position in the raw log where the
 * chunk's bytes begin). Use `target.logs` directly for raw bytes.
 */
export async function* jobLogs(id: string, logOpts: LogOptions, opts: EngineOptions & OpOptions & { target?: string } = {}): AsyncIterable<LogChunk> {
  const { target } = await findJob(id, opts);
  const secrets = (await target.secretValues?.(id, opts)) ?? [];
  if (!secrets.length) {
    yield* target.logs(id, logOpts, opts);
    return;
  }
  const masker = new StreamMasker(secrets);
  let start = logOpts.fromOffset ?? 0;
  let end = start;
  for await (const chunk of target.logs(id, logOpts, opts)) {
    const out = masker.push(chunk.data);
    end = chunk.offset + chunk.data.length;
    if (out.length) {
      yield { offset: start, data: out };
      start = end - masker.pending;
    }
  }
  const rest = masker.flush();
  if (rest.length) yield { offset: start, data: rest };
}
