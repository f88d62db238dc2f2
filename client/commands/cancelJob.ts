/** trainyard.cancelJob: a tree item, a job id, or a quick pick of running jobs. */
import * as vscode from 'vscode';
import { findJob, isFinal, type JobInfo } from '../engine';
import type { CommandContext } from '../commandWrapper';
import type { JobsModel } from '../jobs/jobsModel';
import { log } from '../log';
import { requireTrust } from '../trust';

export function cancelJobCommand(jobs: JobsModel) {
  return async (ctx: CommandContext, arg?: unknown): Promise<JobInfo | undefined> => {
    requireTrust('Cancelling jobs');
    const id = jobIdFromArg(arg) ?? (await pickRunningJob(jobs));
    if (!id) return undefined;
    try {
      const { target } = await findJob(id, { target: jobs.get(id)?.target });
      const info = await target.cancel(id, { signal: ctx.signal });
      log().info(`job ${id} cancel requested: ${info.status}`);
      return info;
    } finally {
      void jobs.reload();
    }
  };
}

export function jobIdFromArg(arg: unknown): string | undefined {
  // a Jobs tree node ({ kind: 'job', job })
  if (arg && typeof arg === 'object' && 'job' in arg) {
    const job = (arg as { job?: { id?: unknown } }).job;
    if (job && typeof job.id === 'string') return job.id;
  }
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { id?: unknown }).id === 'string') return (arg as { id: string }).id;
  return undefined;
}

async function pickRunningJob(jobs: JobsModel): Promise<string | undefined> {
  await jobs.reload();
  const running = jobs.all.filter((j) => !isFinal(j.status));
  if (running.length === 0) {
    void vscode.window.showInformationMessage('Trainyard: no local job is running');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    running.map((j) => ({ label: j.name || j.id, description: `${j.id} · ${j.status} · ${j.target}`, id: j.id })),
    { title: 'Trainyard: Cancel Job', placeHolder: 'Job to cancel' },
  );
  return pick?.id;
}
