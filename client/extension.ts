/**
 * Trainyard's extension entry point: wires the log, the language client, the Jobs view and
 * the commands. Extension-lifetime disposables go to `context.subscriptions`; the language
 * client owns its own.
 */
import * as vscode from 'vscode';
import { registerCommand } from './commandWrapper';
import { cancelJobCommand } from './commands/cancelJob';
import { JobLogs } from './commands/jobLog';
import { renderJobCommand } from './commands/renderJob';
import { RunJobCommands } from './commands/runJob';
import { findJob, type JobInfo } from './engine';
import { JobsModel } from './jobs/jobsModel';
import { JOBS_VIEW_ID, JobsTreeProvider, type JobItem } from './jobs/jobsTree';
import { TrainyardLanguageClient } from './languageClient';
import { createLog } from './log';

/** What `activate` returns: a small API for other extensions and the extension tests. */
export interface TrainyardApi {
  /** Fires after the local job list was re-read. */
  onDidChangeJobs: vscode.Event<void>;
  /** The local jobs as last read (newest first). */
  jobs(): readonly JobInfo[];
  /** Reads one job's current state. */
  job(id: string): Promise<JobInfo>;
}

let languageClient: TrainyardLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): TrainyardApi {
  const log = createLog();
  context.subscriptions.push(log);
  log.info(`Trainyard ${context.extension.packageJSON.version} activating (trusted: ${vscode.workspace.isTrusted})`);

  languageClient = new TrainyardLanguageClient(context);
  context.subscriptions.push(languageClient);

  const jobs = new JobsModel();
  const tree = new JobsTreeProvider(jobs);
  const view = vscode.window.createTreeView<JobItem>(JOBS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: false });
  tree.attach(view);
  const logs = new JobLogs(jobs);
  const run = new RunJobCommands(jobs, logs);
  context.subscriptions.push(
    jobs,
    tree,
    view,
    logs,
    registerCommand('trainyard.runJob', run.runJob, { progress: 'Trainyard: launching job' }),
    registerCommand('trainyard.runJobOn', run.runJobOn, { progress: 'Trainyard: launching job' }),
    registerCommand('trainyard.cancelJob', cancelJobCommand(jobs), { progress: 'Trainyard: cancelling job' }),
    registerCommand('trainyard.showJobLog', logs.command),
    registerCommand('trainyard.renderJob', renderJobCommand),
    registerCommand('trainyard.refreshJobs', () => jobs.reload()),
  );

  log.info('activated');
  return {
    onDidChangeJobs: jobs.onDidChange,
    jobs: () => jobs.all,
    job: async (id) => (await findJob(id)).info,
  };
}

export async function deactivate(): Promise<void> {
  const c = languageClient;
  languageClient = undefined;
  await c?.stop();
}
