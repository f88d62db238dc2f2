/**
 * Commands on one job (from the Jobs view's context menu, the monitor's header, or an id):
 * Open Monitor, Fetch Outputs, Copy ID, Reveal Spec; and the Jobs view's status filter.
 */
import * as vscode from 'vscode';
import { TrainyardError } from '../../core/errors';
import { findJob, type JobInfo, type JobStatus } from '../engine';
import type { CommandContext } from '../commandWrapper';
import type { JobsModel } from '../jobs/jobsModel';
import type { JobsTreeProvider } from '../jobs/jobsTree';
import { log } from '../log';
import { ALL_STATUSES } from '../models/jobGroups';
import type { MonitorPanels } from '../monitor/monitorPanels';
import type { Notifier } from '../notifier';
import { requireTrust } from '../trust';
import { jobIdFromArg } from './cancelJob';

export class JobActions {
  constructor(
    private readonly jobs: JobsModel,
    private readonly tree: JobsTreeProvider,
    private readonly monitors: MonitorPanels,
    private readonly notifier: Notifier,
  ) {}

  private async jobArg(arg: unknown, title: string): Promise<JobInfo | undefined> {
    const id = jobIdFromArg(arg) ?? (await this.pick(title));
    if (!id) return undefined;
    return this.jobs.get(id) ?? (await findJob(id)).info;
  }

  readonly openMonitor = async (_ctx: CommandContext, arg?: unknown): Promise<string | undefined> => {
    const job = await this.jobArg(arg, 'Open Job Monitor');
    if (!job) return undefined;
    this.monitors.show(job.id, job.name);
    this.notifier.watch(job.id);
    return job.id;
  };

  /** Args: job, destination folder (path or URI; default: a folder picked, starting at the workspace). */
  readonly fetchOutputs = async (ctx: CommandContext, arg?: unknown, dest?: unknown): Promise<string[] | undefined> => {
    requireTrust('Fetching outputs');
    const job = await this.jobArg(arg, 'Fetch Outputs');
    if (!job) return undefined;
    let folder = dest instanceof vscode.Uri ? dest : typeof dest === 'string' && dest ? vscode.Uri.file(dest) : undefined;
    if (!folder) {
      const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
      const picked = await vscode.window.showOpenDialog({
        title: `Trainyard: fetch the outputs of ${job.name} (${job.id}) into…`,
        canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
        defaultUri: ws, openLabel: 'Fetch Here',
      });
      folder = picked?.[0];
    }
    if (!folder) return undefined;
    if (folder.scheme !== 'file') throw new TrainyardError('bad-argument', 'outputs can be fetched only into a folder on disk where the extension runs');
    const { target } = await findJob(job.id, { target: job.target });
    const written = await target.fetchOutputs(job.id, folder.fsPath, { signal: ctx.signal, progress: (e) => ctx.report(e.message) });
    log().info(`fetched ${written.length} output(s) of ${job.id} into ${folder.fsPath}`);
    void vscode.window.showInformationMessage(`Trainyard: fetched ${written.length} output${written.length === 1 ? '' : 's'} of ${job.name} into ${vscode.workspace.asRelativePath(folder)}`, 'Reveal').then((c) => {
      if (c) void vscode.commands.executeCommand('revealInExplorer', folder);
    });
    return written;
  };

  readonly copyId = async (_ctx: CommandContext, arg?: unknown): Promise<string | undefined> => {
    const job = await this.jobArg(arg, 'Copy Job ID');
    if (!job) return undefined;
    await vscode.env.clipboard.writeText(job.id);
    vscode.window.setStatusBarMessage(`Copied ${job.id}`, 3000);
    return job.id;
  };

  readonly revealSpec = async (_ctx: CommandContext, arg?: unknown): Promise<void> => {
    const job = await this.jobArg(arg, 'Reveal Spec');
    if (!job) return;
    if (!job.specPath) throw new TrainyardError('bad-argument', `job ${job.id} does not say which spec it ran`);
    await vscode.window.showTextDocument(vscode.Uri.file(job.specPath), { preview: false });
  };

  readonly filter = async (): Promise<void> => {
    const current = new Set(this.tree.filter);
    const picks = await vscode.window.showQuickPick(
      ALL_STATUSES.map((s) => ({ label: s, picked: current.size === 0 || current.has(s) })),
      { canPickMany: true, title: 'Trainyard: Filter Jobs by Status', placeHolder: 'Statuses to show' },
    );
    if (!picks) return;
    const statuses = picks.map((p) => p.label as JobStatus);
    this.tree.setFilter(statuses.length === ALL_STATUSES.length ? [] : statuses);
  };

  readonly clearFilter = (): void => this.tree.setFilter([]);

  private async pick(title: string): Promise<string | undefined> {
    await this.jobs.reload();
    if (!this.jobs.all.length) {
      void vscode.window.showInformationMessage('Trainyard: no jobs yet');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      this.jobs.all.map((j) => ({ label: j.name || j.id, description: `${j.id} · ${j.status} · ${j.target}`, id: j.id })),
      { title: `Trainyard: ${title}`, placeHolder: 'Job' },
    );
    return pick?.id;
  }
}
