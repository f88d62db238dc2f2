/** Tree item `contextValue`s of jobs, from one typed map; package.json menus match on these. */
import type { JobStatus } from '../engine';

export const JOB_CONTEXT = {
  running: 'job.running',
  final: 'job.final',
} as const;
export type JobContextValue = (typeof JOB_CONTEXT)[keyof typeof JOB_CONTEXT];

export function jobContextValue(status: JobStatus): JobContextValue {
  switch (status) {
    case 'queued':
    case 'running':
      return JOB_CONTEXT.running;
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'lost':
      return JOB_CONTEXT.final;
    default:
      return assertNever(status);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}
