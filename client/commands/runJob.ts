/** trainyard.runJob / trainyard.runJobOn: launch the active (or given) spec. */
import * as vscode from 'vscode';
import { launchSpecFile, type JobInfo } from '../engine';
import type { CommandContext } from '../commandWrapper';
import type { JobsModel } from '../jobs/jobsModel';
import type { JobLogs } from './jobLog';
import { log } from '../log';
import { settings } from '../settings';
import { requireTrust } from '../trust';
import { pickTarget } from './pickTarget';
import { specFromArg } from './specArg';
import { targetForRun } from './targetChoice';

export class RunJobCommands {
  constructor(
    private readonly jobs: JobsModel,
    private readonly logs: JobLogs,
  ) {}

  /** Returns the launched job (extension tests and other extensions use it). */
  readonly runJob = async (ctx: CommandContext, arg?: unknown): Promise<JobInfo | undefined> => {
    requireTrust('Running jobs');
    const spec = await specFromArg(arg);
    return this.launch(ctx, spec.uri, targetForRun(spec));
  };

  readonly runJobOn = async (ctx: CommandContext, arg?: unknown, target?: unknown): Promise<JobInfo | undefined> => {
    requireTrust('Running jobs');
    const spec = await specFromArg(arg);
    const picked = typeof target === 'string' && target ? target : await pickTarget(spec.uri);
    if (!picked) return undefined;
    return this.launch(ctx, spec.uri, targetForRun(spec, picked));
  };

  private async launch(ctx: CommandContext, uri: vscode.Uri, target: string | undefined): Promise<JobInfo> {
    const rel = vscode.workspace.asRelativePath(uri);
    log().info(`run ${rel}${target ? ` on ${target}` : ''}`);
    try {
      const { job } = await launchSpecFile(uri.fsPath, {
        target,
        signal: ctx.signal,
        progress: (e) => ctx.report(e.message),
      });
      log().info(`job ${job.id} (${job.name}) ${job.status} on ${job.target}`);
      if (settings(uri).showLogOnRun) void this.logs.show(job.id);
      else {
        void vscode.window.showInformationMessage(`Trainyard: job ${job.name} (${job.id}) started on ${job.target}`, 'Show Log').then((c) => {
          if (c) void this.logs.show(job.id);
        });
      }
      return job;
    } finally {
      // Launched or not, the index may have changed.
      void this.jobs.reload();
    }
  }
}
