/**
 * The Jobs view's model: jobs grouped by target, filtered by status and age, with the texts the
 * rows show. No `vscode` import.
 */
import { isFinal, type JobInfo, type JobStatus } from '../engine';

export const ALL_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost'];

export interface JobFilter {
  /** Statuses shown; undefined or empty = all. */
  statuses?: readonly JobStatus[];
  /** Finished jobs older than this many days are hidden; 0 = keep all. */
  retentionDays?: number;
}

export interface JobGroup {
  target: string;
  jobs: JobInfo[];
  /** Why this target's jobs could not be listed. */
  error?: string;
}

/** Groups newest-first jobs by target: `local` first, then the others by name; empty groups of errors stay. */
export function groupJobs(jobs: readonly JobInfo[], errors: ReadonlyMap<string, string>, filter: JobFilter, now: number): JobGroup[] {
  const shown = jobs.filter((j) => passes(j, filter, now));
  const groups = new Map<string, JobGroup>();
  for (const j of shown) {
    let g = groups.get(j.target);
    if (!g) groups.set(j.target, (g = { target: j.target, jobs: [] }));
    g.jobs.push(j);
  }
  for (const [target, error] of errors) {
    const g = groups.get(target) ?? { target, jobs: [] };
    g.error = error;
    groups.set(target, g);
  }
  for (const g of groups.values()) g.jobs.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  return [...groups.values()].sort((a, b) => (a.target === 'local' ? -1 : b.target === 'local' ? 1 : a.target.localeCompare(b.target)));
}

export function passes(j: JobInfo, filter: JobFilter, now: number): boolean {
  if (filter.statuses?.length && !filter.statuses.includes(j.status)) return false;
  if (filter.retentionDays && filter.retentionDays > 0 && isFinal(j.status)) {
    const end = Date.parse(j.endedAt ?? j.createdAt);
    if (Number.isFinite(end) && now - end > filter.retentionDays * 86_400_000) return false;
  }
  return true;
}

/** `4s`, `2m 05s`, `1h 02m`; empty when the job has not started. */
export function elapsedText(job: JobInfo, now: number): string {
  const start = Date.parse(job.startedAt ?? '');
  if (Number.isNaN(start)) return '';
  const end = job.endedAt ? Date.parse(job.endedAt) : isFinal(job.status) ? start : now;
  const s = Math.max(0, Math.floor(((Number.isNaN(end) ? now : end) - start) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** `running · 2m 05s · GPU 0,1` */
export function jobDescription(job: JobInfo, now: number): string {
  const parts: string[] = [job.status];
  const elapsed = elapsedText(job, now);
  if (elapsed) parts.push(elapsed);
  if (job.gpus?.length) parts.push(`GPU ${job.gpus.join(',')}`);
  if (isFinal(job.status) && job.exitCode !== null && job.exitCode !== 0) parts.push(`exit ${job.exitCode}`);
  return parts.join(' · ');
}

/** `2 running · 1 queued` for a group's description. */
export function groupDescription(g: JobGroup): string {
  if (g.error) return g.error;
  const running = g.jobs.filter((j) => j.status === 'running').length;
  const queued = g.jobs.filter((j) => j.status === 'queued').length;
  const parts = [`${g.jobs.length} job${g.jobs.length === 1 ? '' : 's'}`];
  if (running) parts.push(`${running} running`);
  if (queued) parts.push(`${queued} queued`);
  return parts.join(' · ');
}

/** Job ids whose status went from not-final to final between two lists. */
export function newlyFinished(before: readonly JobInfo[], after: readonly JobInfo[]): JobInfo[] {
  const was = new Map(before.map((j) => [j.id, j.status]));
  return after.filter((j) => {
    const prev = was.get(j.id);
    return prev !== undefined && !isFinal(prev) && isFinal(j.status);
  });
}
