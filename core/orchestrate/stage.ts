/**
 * One pipeline stage as a job spec: the referenced job/service spec or the inline body, with the
 * pipeline's env under the stage's own and the pipeline's target as the fallback. Used by the
 * controller for every stage and by `run --stage` for one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvValue, JobSpec, PipelineSpec, ServiceSpec } from '../spec/model';
import { TrainyardError } from '../errors';
import { didYouMean, loadSpecFile } from '../spec';

export interface StageJob {
  spec: JobSpec | ServiceSpec;
  /** The file the job's relative paths resolve from, and its text (the snapshot). */
  file: string;
  text: string;
}

function mergeEnv(...envs: Array<Record<string, EnvValue> | undefined>): Record<string, EnvValue> | undefined {
  const out: Record<string, EnvValue> = {};
  for (const e of envs) Object.assign(out, e ?? {});
  return Object.keys(out).length ? out : undefined;
}

/** Loads a referenced job/service spec (path relative to the file that names it). */
export async function loadReferencedJob(fromSpec: string, ref: string): Promise<StageJob> {
  const file = path.resolve(path.dirname(fromSpec), ref);
  const l = await loadSpecFile(file);
  if (!l.spec || (l.spec.kind !== 'job' && l.spec.kind !== 'service')) {
    const first = l.problems.find((p) => p.severity === 'error');
    throw new TrainyardError('spec-invalid', `${ref} cannot run: ${first ? `${first.range.start.line}:${first.range.start.column}: ${first.message}` : 'not a job or service spec'}`);
  }
  return { spec: l.spec, file, text: l.text };
}

export async function stageJob(pipeline: PipelineSpec, pipelinePath: string, name: string): Promise<StageJob> {
  const stage = pipeline.stages[name];
  if (!stage) {
    const names = Object.keys(pipeline.stages);
    const guess = didYouMean(name, names);
    throw new TrainyardError('bad-argument', `the pipeline has no stage \`${name}\`${guess ? `; did you mean \`${guess}\`?` : ''} (stages: ${names.join(', ')})`);
  }
  let job: StageJob;
  if (stage.spec) job = await loadReferencedJob(pipelinePath, stage.spec);
  else {
    const inline = (stage.job ?? stage.service)!;
    const spec = { version: 1, kind: stage.service ? 'service' : 'job', ...inline, name: inline.name ?? name } as JobSpec | ServiceSpec;
    job = { spec, file: pipelinePath, text: fs.readFileSync(pipelinePath, 'utf8') };
  }
  const spec = { ...job.spec, env: mergeEnv(pipeline.env, job.spec.env), target: job.spec.target ?? pipeline.target };
  if (!spec.stage && ['data', 'train', 'evaluate', 'deploy'].includes(name)) spec.stage = name as JobSpec['stage'];
  return { ...job, spec };
}
