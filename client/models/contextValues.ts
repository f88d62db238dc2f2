/**
 * Every tree item `contextValue` of the Trainyard views, from one typed map; package.json
 * menus match on these in `when` clauses (`viewItem == …` or `viewItem =~ /^job\./`).
 * No `vscode` import.
 */
import type { JobStatus } from '../engine';

export const CONTEXT = {
  /** A job still queued or running (cancellable). */
  jobRunning: 'job.running',
  /** …whose spec file is known (relaunch, reveal spec). */
  jobRunningSpec: 'job.running.spec',
  /** A finished job. */
  jobFinal: 'job.final',
  jobFinalSpec: 'job.final.spec',
  /** A group of jobs (one target). */
  jobGroup: 'jobGroup',
  /** The local machine in the Targets view. */
  targetLocal: 'target.local',
  /** An SSH host in the Targets view. */
  targetHost: 'target.host',
  gpu: 'gpu',
  /** A spec file in the Specs view (runnable). */
  spec: 'spec',
  /** A stage group in the Specs view. */
  specStage: 'specStage',
  /** A message row (errors, "no GPUs"). */
  info: 'info',
} as const;
export type ContextValue = (typeof CONTEXT)[keyof typeof CONTEXT];

export function jobContextValue(status: JobStatus, hasSpec = false): ContextValue {
  switch (status) {
    case 'queued':
    case 'running':
      return hasSpec ? CONTEXT.jobRunningSpec : CONTEXT.jobRunning;
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'lost':
      return hasSpec ? CONTEXT.jobFinalSpec : CONTEXT.jobFinal;
    default:
      return assertNever(status);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}
