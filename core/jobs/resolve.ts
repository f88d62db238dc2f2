/**
 * A ResolvedJob is exactly what a Target runs: every default applied, target chosen, env
 * resolved (secrets kept apart so they are only ever written to 0600 files and masked).
 * `trainyard render` prints this (with secrets masked).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { yamlLib } from '../yamlLib';
import type { Resources, MetricsSpec, JobSpec, ServiceSpec, EnvValue } from '../spec/model';
import type { JobKind } from '../targets/types';
import type { TrainyardConfig } from '../config';
import { TrainyardError } from '../errors';
import { parseTarget } from '../targets/parse';
import { isEnvName } from '../shell/quote';
import { newJobId, isValidJobId } from './ids';
import { maskSecrets, MASK } from './mask';
import { parseDuration as parseSpecDuration } from '../spec/duration';

export interface ResolvedJob {
  /** Unique, short, no `/` or `:` (DESIGN.md). */
  id: string;
  name: string;
  kind: JobKind;
  stage?: string;
  /** The pipeline or sweep job that launched this one. */
  parent?: string;
  /** Canonical target string. */
  target: string;
  /** Absolute path of the spec file, and its text at launch time (the snapshot). */
  specPath: string;
  specText: string;
  /** Absolute local path of the folder the job runs in / that gets shipped. */
  workdir: string;
  setup?: string;
  run: string;
  /** Plain env values from the spec (and --env), all strings. */
  env: Record<string, string>;
  /** Env values that came from secrets: name → value. Never logged or printed. */
  secretEnv: Record<string, string>;
  resources: Resources;
  image?: string;
  outputs: string[];
  metrics: MetricsSpec;
  timeoutSeconds?: number;
  retries: number;
  port?: number;
  health?: string;
  replicas?: number;
}

export { maskSecrets, StreamMasker, MASK } from './mask';

/** Names Trainyard sets in every job; specs and `--env` may not set them. */
export const RESERVED_ENV = ['TRAINYARD_JOB_ID', 'TRAINYARD_OUTPUT_DIR', 'TRAINYARD_METRICS_FILE', 'TRAINYARD_JOB_DIR'] as const;

export interface ResolveOptions {
  /** The target picked by the user (`--target`, a quick pick); wins over everything. */
  target?: string;
  /** Extra env (`--env K=V`); overrides the spec's env. */
  env?: Record<string, string>;
  config: TrainyardConfig;
  /** Trainyard home (for `secrets.yaml` and unique ids). */
  home: string;
  /** Use this id instead of generating one. */
  id?: string;
  /** Where secrets are looked up first (default process.env). */
  processEnv?: NodeJS.ProcessEnv;
}

/** `2h30m`, `45m`, `90s`, `1d`, or a plain number of seconds → whole seconds (the spec grammar). */
export function parseDuration(text: string | number): number {
  const secs = parseSpecDuration(text);
  if (!Number.isFinite(secs) || secs <= 0) {
    throw new TrainyardError('spec-invalid', `\`${text}\` is not a duration; write it like \`2h30m\`, \`45m\` or \`90s\``);
  }
  return Math.ceil(secs);
}

function readSecretsFile(home: string): Record<string, string> | undefined {
  const file = path.join(home, 'secrets.yaml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TrainyardError('secret-missing', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  let v: unknown;
  try {
    v = yamlLib().parse(text);
  } catch (e) {
    throw new TrainyardError('secret-missing', `${file} is not valid YAML (it should map secret names to values): ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new TrainyardError('secret-missing', `${file} should map secret names to values, e.g. \`HF_TOKEN: hf_...\``);
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val !== null && val !== undefined && typeof val !== 'object') out[k] = String(val);
  }
  return out;
}

function isSecretRef(v: EnvValue): v is { secret: string } {
  return typeof v === 'object' && v !== null && typeof (v as { secret?: unknown }).secret === 'string';
}

function specName(spec: JobSpec | ServiceSpec, specPath: string): string {
  if (spec.name && spec.name.trim()) return spec.name.trim();
  const base = path.basename(specPath).replace(/\.(ya?ml|json)$/i, '').replace(/\.(trainyard|job|service)$/i, '');
  return base || 'job';
}

/** Applies every default and picks the target: the result is exactly what a Target runs. */
export function resolveJob(
  spec: JobSpec | ServiceSpec,
  specPath: string,
  specText: string,
  opts: ResolveOptions,
): ResolvedJob {
  if (spec.kind !== 'job' && spec.kind !== 'service') {
    throw new TrainyardError('target-unsupported', `a \`${(spec as { kind: string }).kind}\` spec cannot run as one job`);
  }
  const absSpec = path.resolve(specPath);
  const name = specName(spec, absSpec);
  const targetText = opts.target ?? spec.target ?? opts.config.defaultTarget ?? 'local';
  const target = parseTarget(targetText).text;

  const specDir = path.dirname(absSpec);
  const workdir = spec.workdir ? path.resolve(specDir, spec.workdir) : specDir;

  const env: Record<string, string> = {};
  const secretEnv: Record<string, string> = {};
  let secretsFile: Record<string, string> | undefined | null = null;
  const penv = opts.processEnv ?? process.env;
  const all: Array<[string, EnvValue]> = [...Object.entries(spec.env ?? {}), ...Object.entries(opts.env ?? {})];
  for (const [k, v] of all) {
    if (!isEnvName(k)) {
      throw new TrainyardError('spec-invalid', `\`${k}\` is not a valid environment variable name (letters, digits and _, not starting with a digit)`);
    }
    if ((RESERVED_ENV as readonly string[]).includes(k)) {
      throw new TrainyardError('spec-invalid', `\`${k}\` is set by Trainyard for every job; pick another name`);
    }
    delete env[k];
    delete secretEnv[k];
    if (isSecretRef(v)) {
      const sname = v.secret;
      let value = penv[sname];
      if (value === undefined) {
        if (secretsFile === null) secretsFile = readSecretsFile(opts.home);
        value = secretsFile?.[sname];
      }
      if (value === undefined) {
        throw new TrainyardError(
          'secret-missing',
          `secret \`${sname}\` (for env \`${k}\`) is not set: export ${sname}=… in the environment that runs Trainyard, ` +
            `or add \`${sname}: …\` to ${path.join(opts.home, 'secrets.yaml')} (readable only by you: chmod 600)`,
        );
      }
      secretEnv[k] = value;
    } else if (v === null || v === undefined || typeof v === 'object') {
      throw new TrainyardError('spec-invalid', `env \`${k}\` must be a string, number, boolean or {secret: NAME}`);
    } else {
      env[k] = String(v);
    }
  }

  const retries = spec.retries ?? 0;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) {
    throw new TrainyardError('spec-invalid', '`retries` must be a whole number between 0 and 100');
  }
  const id = opts.id ?? newJobId(name, path.join(opts.home, 'jobs'));
  if (!isValidJobId(id) || id.includes(':')) throw new TrainyardError('bad-argument', `\`${id}\` is not a valid job id`);

  const job: ResolvedJob = {
    id,
    name,
    kind: spec.kind,
    target,
    specPath: absSpec,
    specText,
    workdir,
    run: spec.run,
    env,
    secretEnv,
    resources: { ...(spec.resources ?? {}) },
    outputs: [...(spec.outputs ?? [])],
    metrics: { ...(spec.metrics ?? {}) },
    retries,
  };
  if (spec.stage) job.stage = spec.stage;
  if (spec.setup !== undefined && spec.setup !== null && spec.setup !== '') job.setup = spec.setup;
  if (spec.image) job.image = spec.image;
  if (spec.timeout !== undefined && spec.timeout !== null) job.timeoutSeconds = parseDuration(spec.timeout);
  if (spec.kind === 'service') {
    if (spec.port !== undefined) job.port = spec.port;
    if (spec.health !== undefined) job.health = spec.health;
    if (spec.replicas !== undefined) job.replicas = spec.replicas;
  }
  return job;
}

/** What `trainyard render` prints: the resolved job with secret values masked (and no spec text). */
export function renderJob(job: ResolvedJob): Record<string, unknown> {
  const secrets = Object.values(job.secretEnv);
  const mask = (s: string): string => maskSecrets(s, secrets);
  const out: Record<string, unknown> = {
    id: job.id,
    name: job.name,
    kind: job.kind,
    ...(job.stage ? { stage: job.stage } : {}),
    target: job.target,
    specPath: job.specPath,
    workdir: job.workdir,
    ...(job.image ? { image: job.image } : {}),
    ...(job.setup !== undefined ? { setup: mask(job.setup) } : {}),
    run: mask(job.run),
    env: Object.fromEntries([
      ...Object.entries(job.env).map(([k, v]) => [k, mask(v)]),
      ...Object.keys(job.secretEnv).map((k) => [k, MASK]),
    ]),
    secrets: Object.keys(job.secretEnv),
    resources: job.resources,
    outputs: job.outputs,
    metrics: job.metrics,
    ...(job.timeoutSeconds !== undefined ? { timeoutSeconds: job.timeoutSeconds } : {}),
    retries: job.retries,
    ...(job.port !== undefined ? { port: job.port } : {}),
    ...(job.health !== undefined ? { health: job.health } : {}),
    ...(job.replicas !== undefined ? { replicas: job.replicas } : {}),
  };
  return out;
}
