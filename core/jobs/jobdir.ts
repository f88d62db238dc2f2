/**
 * The job directory, format 1 — the same layout wherever the job runs (`$TRAINYARD_HOME/jobs/<id>/`
 * locally, the same under the remote home on SSH hosts):
 *
 *   job.json      JobRecord (written once at launch; no secret values)
 *   spec.yaml     snapshot of the spec text
 *   runner.conf   numeric settings + the quoted workdir, sourced by runner.sh and wrap.sh
 *   env.sh        `export NAME='value'` lines: the spec's env, then TRAINYARD_* (and CUDA_VISIBLE_DEVICES)
 *   secrets.sh    same format, mode 0600 from creation, only when the job has secrets
 *   setup.sh, run.sh   the spec's `setup` and `run` text
 *   runner.sh, wrap.sh the scripts of ./runner.ts
 *   status, runner.pid, pgid, started_at, ended_at, exit_code, job.exit, reason, attempt,
 *   cancel, log, log.ts      written while it runs (see runner.ts)
 *   metrics.jsonl (TRAINYARD_METRICS_FILE), outputs/ (TRAINYARD_OUTPUT_DIR)
 *
 * This module only computes contents and interprets them; reading and writing is the target's.
 */
import type { ResolvedJob } from './resolve';
import type { JobInfo, JobKind, JobStatus } from '../targets/types';
import { JOB_STATUSES } from '../targets/types';
import type { Resources, MetricsSpec } from '../spec/model';
import { shEnvFile, shq } from '../shell/quote';
import { RUNNER_SH, WRAP_SH } from './runner';

export const JOB_FORMAT = 1;

export interface JobRecord {
  format: number;
  id: string;
  name: string;
  kind: JobKind;
  stage?: string;
  parent?: string;
  target: string;
  specPath: string;
  createdAt: string;
  workdir: string;
  outputs: string[];
  metrics: MetricsSpec;
  timeoutSeconds?: number;
  retries: number;
  resources: Resources;
  image?: string;
  /** Names (never values) of the env vars that came from secrets. */
  secretNames?: string[];
  gpus?: string[];
}

export interface JobFile {
  name: string;
  data: string;
  /** File mode; 0o600 for secrets. */
  mode: number;
}

export interface JobFileOptions {
  /** The job directory as seen where the job runs. */
  dir: string;
  createdAt: string;
  cancelGraceSeconds: number;
  /** GPU indices allocated to the job (sets CUDA_VISIBLE_DEVICES; [] hides every GPU from it). */
  gpus?: string[];
}

export function jobRecord(job: ResolvedJob, o: Pick<JobFileOptions, 'createdAt' | 'gpus'>): JobRecord {
  const rec: JobRecord = {
    format: JOB_FORMAT,
    id: job.id,
    name: job.name,
    kind: job.kind,
    target: job.target,
    specPath: job.specPath,
    createdAt: o.createdAt,
    workdir: job.workdir,
    outputs: job.outputs,
    metrics: job.metrics,
    retries: job.retries,
    resources: job.resources,
  };
  if (job.stage) rec.stage = job.stage;
  if (job.parent) rec.parent = job.parent;
  if (job.timeoutSeconds !== undefined) rec.timeoutSeconds = job.timeoutSeconds;
  if (job.image) rec.image = job.image;
  const secretNames = Object.keys(job.secretEnv);
  if (secretNames.length) rec.secretNames = secretNames;
  if (o.gpus?.length) rec.gpus = o.gpus;
  return rec;
}

/** The spec's `metrics.pattern` a job was launched with, if it has one. */
export function metricsPatternOf(rec: Pick<JobRecord, 'metrics'> | undefined): string | undefined {
  const p = rec?.metrics?.pattern;
  return typeof p === 'string' && p ? p : undefined;
}

/** The env every job sees, in the order env.sh exports it (Trainyard's names last, so they win). */
export function jobEnv(job: ResolvedJob, dir: string, gpus?: string[]): Array<[string, string]> {
  const env: Array<[string, string]> = Object.entries(job.env);
  // No GPU asked for: hide them all, unless the spec's env already says which the job may use.
  const ownChoice = gpus !== undefined && gpus.length === 0 && Object.prototype.hasOwnProperty.call(job.env, 'CUDA_VISIBLE_DEVICES');
  if (gpus !== undefined && !ownChoice) env.push(['CUDA_DEVICE_ORDER', 'PCI_BUS_ID'], ['CUDA_VISIBLE_DEVICES', gpus.join(',')]);
  env.push(
    ['TRAINYARD_JOB_ID', job.id],
    ['TRAINYARD_JOB_DIR', dir],
    ['TRAINYARD_OUTPUT_DIR', `${dir}/outputs`],
    ['TRAINYARD_METRICS_FILE', `${dir}/metrics.jsonl`],
  );
  return env;
}

function nonNegInt(n: number, what: string): number {
  if (!Number.isFinite(n) || n < 0) throw new Error(`${what} must be a non-negative number`);
  return Math.ceil(n);
}

/** Every file launch writes, in a safe order (secrets first so nothing references a missing file). */
export function jobFiles(job: ResolvedJob, o: JobFileOptions): JobFile[] {
  const files: JobFile[] = [];
  if (Object.keys(job.secretEnv).length) files.push({ name: 'secrets.sh', data: shEnvFile(job.secretEnv), mode: 0o600 });
  files.push(
    { name: 'job.json', data: JSON.stringify(jobRecord(job, o), null, 2) + '\n', mode: 0o644 },
    { name: 'spec.yaml', data: job.specText, mode: 0o644 },
    { name: 'env.sh', data: shEnvFile(jobEnv(job, o.dir, o.gpus)), mode: 0o644 },
    {
      name: 'runner.conf',
      data:
        `ty_format=${JOB_FORMAT}\n` +
        `ty_grace=${nonNegInt(o.cancelGraceSeconds, 'cancelGraceSeconds')}\n` +
        `ty_timeout=${nonNegInt(job.timeoutSeconds ?? 0, 'timeout')}\n` +
        `ty_retries=${nonNegInt(job.retries, 'retries')}\n` +
        `ty_workdir=${shq(job.workdir)}\n`,
      mode: 0o644,
    },
    { name: 'run.sh', data: ensureNl(job.run), mode: 0o644 },
    { name: 'runner.sh', data: RUNNER_SH, mode: 0o755 },
    { name: 'wrap.sh', data: WRAP_SH, mode: 0o755 },
  );
  if (job.setup !== undefined) files.push({ name: 'setup.sh', data: ensureNl(job.setup), mode: 0o644 });
  files.push({ name: 'status', data: 'queued\n', mode: 0o644 });
  return files;
}

function ensureNl(s: string): string {
  return s.endsWith('\n') ? s : s + '\n';
}

/** The small state files, as read from a job directory (undefined when absent). */
export interface JobStateFiles {
  status?: string;
  exit_code?: string;
  started_at?: string;
  ended_at?: string;
  reason?: string;
  attempt?: string;
}
export const STATE_FILES: Array<keyof JobStateFiles> = ['status', 'exit_code', 'started_at', 'ended_at', 'reason', 'attempt'];

function word(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}

export function parseStatus(s: string | undefined): JobStatus | undefined {
  const t = word(s);
  return t && (JOB_STATUSES as readonly string[]).includes(t) ? (t as JobStatus) : undefined;
}

export function parseExitCode(s: string | undefined): number | null {
  const t = word(s);
  return t !== undefined && /^\d{1,3}$/.test(t) ? Number(t) : null;
}

/** JobInfo from job.json and the state files (no reconciliation: that needs the host). */
export function jobInfoFrom(rec: JobRecord, f: JobStateFiles): JobInfo {
  const info: JobInfo = {
    id: rec.id,
    target: rec.target,
    name: rec.name,
    status: parseStatus(f.status) ?? 'lost',
    exitCode: parseExitCode(f.exit_code),
    createdAt: rec.createdAt,
    startedAt: word(f.started_at) ?? null,
    endedAt: word(f.ended_at) ?? null,
    kind: rec.kind,
    specPath: rec.specPath,
  };
  const reason = word(f.reason);
  if (reason) info.reason = reason;
  if (rec.stage) info.stage = rec.stage;
  if (rec.parent) info.parent = rec.parent;
  const attempt = word(f.attempt);
  if (attempt && /^\d+$/.test(attempt) && rec.retries > 0) info.attempt = Number(attempt);
  if (rec.gpus?.length) info.gpus = rec.gpus;
  return info;
}

/** log.ts → [{offset, time}], offsets increasing: bytes before `offset` were written by `time`. */
export function parseLogTimestamps(text: string): Array<{ offset: number; time: Date }> {
  const out: Array<{ offset: number; time: Date }> = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\d+)$/.exec(line.trim());
    if (!m) continue;
    const offset = Number(m[1]);
    if (out.length && offset <= out[out.length - 1].offset) continue;
    out.push({ offset, time: new Date(Number(m[2]) * 1000) });
  }
  return out;
}
