/**
 * Trainyard's extension entry point: wires the log, the language client, the Targets / Jobs /
 * Specs views, the status bar, job monitors and the commands. Extension-lifetime disposables go
 * to `context.subscriptions`; the language client owns its own.
 */
import * as vscode from 'vscode';
import { registerCommand } from './commandWrapper';
import { cancelJobCommand } from './commands/cancelJob';
import { JobActions } from './commands/jobActions';
import { hostTerminalCommand } from './commands/hostTerminal';
import { JobLogs } from './commands/jobLog';
import { LaunchCommands } from './commands/launch';
import { renderJobCommand } from './commands/renderJob';
import { findJob, type JobInfo } from './engine';
import { HostDashboards } from './hostDashboard/hostDashboardPanels';
import { JobsModel } from './jobs/jobsModel';
import { JOBS_VIEW_ID, JobsTreeProvider, type JobsNode } from './jobs/jobsTree';
import { TrainyardLanguageClient } from './languageClient';
import { createLog, log } from './log';
import { MonitorPanels } from './monitor/monitorPanels';
import { Notifier } from './notifier';
import { settings } from './settings';
import { SPECS_VIEW_ID, SpecsTreeProvider, type SpecsNode } from './specs/specsTree';
import { installSshPrompts } from './sshPrompts';
import { JobsStatusBar } from './statusBar';
import { TargetsModel } from './targets/targetsModel';
import { TARGETS_VIEW_ID, TargetsTreeProvider, type TargetsNode } from './targets/targetsTree';
import { requireTrust } from './trust';

/** What `activate` returns: a small API for other extensions and the extension tests. */
export interface TrainyardApi {
  /** Fires after the job list (or a job's state) changed. */
  onDidChangeJobs: vscode.Event<void>;
  /** The jobs as last read (newest first). */
  jobs(): readonly JobInfo[];
  /** Reads one job's current state. */
  job(id: string): Promise<JobInfo>;
  /** Rows of the Jobs, Targets and Specs views as shown (label + description), top-down. */
  viewRows(view: 'jobs' | 'targets' | 'specs'): Promise<string[]>;
  /** Job monitors: open ones, and what one holds (log lines, metric points, `ready`s seen). */
  monitors: {
    open(): string[];
    onDidBecomeReady: vscode.Event<string>;
    state(id: string): { lineCount: number; metricPoints: number; ready: number; lines: string[] } | undefined;
  };
  /** Host dashboards: open ones (target strings) and how often each said `ready`. */
  hostDashboards: {
    open(): string[];
    onDidBecomeReady: vscode.Event<string>;
    ready(host: string): number;
    history(host: string): number;
  };
  /** Fires when the Targets view's rows changed. */
  onDidChangeTargets: vscode.Event<unknown>;
  statusBarText(): string;
  lastNotification(): string | undefined;
}

let languageClient: TrainyardLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): TrainyardApi {
  const channel = createLog();
  context.subscriptions.push(channel);
  log().info(`Trainyard ${context.extension.packageJSON.version} activating (trusted: ${vscode.workspace.isTrusted}, remote: ${vscode.env.remoteName ?? 'none'})`);

  // Host keys and key passphrases of ssh: targets are asked in VS Code (modal / password box).
  context.subscriptions.push(installSshPrompts());

  languageClient = new TrainyardLanguageClient(context);
  context.subscriptions.push(languageClient);

  const jobs = new JobsModel();
  const targets = new TargetsModel();
  const jobsTree = new JobsTreeProvider(jobs);
  const jobsView = vscode.window.createTreeView<JobsNode>(JOBS_VIEW_ID, { treeDataProvider: jobsTree, showCollapseAll: true });
  jobsTree.attach(jobsView);
  const targetsTree = new TargetsTreeProvider(targets);
  const targetsView = vscode.window.createTreeView<TargetsNode>(TARGETS_VIEW_ID, { treeDataProvider: targetsTree });
  const specsTree = new SpecsTreeProvider();
  const specsView = vscode.window.createTreeView<SpecsNode>(SPECS_VIEW_ID, { treeDataProvider: specsTree, showCollapseAll: true });
  const monitors = new MonitorPanels(context.extensionUri, jobs);
  const dashboards = new HostDashboards(context.extensionUri, targets);
  const notifier = new Notifier(jobs, (id) => monitors.jobIds.includes(id));
  const statusBar = new JobsStatusBar(jobs, targets);
  const logs = new JobLogs(jobs);
  const launch = new LaunchCommands(jobs, targets, monitors, notifier, logs);
  const actions = new JobActions(jobs, jobsTree, monitors, notifier);

  // Remote targets' jobs and GPU probes: on start, then every probeInterval while a view shows them.
  const refreshRemote = (signal?: AbortSignal) => jobs.reloadTargets(targets.targetIds, signal);
  const autoProbe = () => targets.startAutoProbe(() => targetsView.visible || jobsView.visible || dashboards.hosts.length > 0);
  autoProbe();
  if (vscode.workspace.isTrusted) {
    void targets.probe(['local']);
    void refreshRemote();
  }

  context.subscriptions.push(
    jobs, targets, jobsTree, jobsView, targetsTree, targetsView, specsTree, specsView, monitors, dashboards, notifier, statusBar, logs,
    targets.onDidChange((ids) => {
      if (!ids) void refreshRemote();
    }),
    jobs.onDidChange(() => targets.ensureWatch()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('trainyard.probeInterval')) autoProbe();
      if (e.affectsConfiguration('trainyard.logRetention')) jobsTree.setFilter([...jobsTree.filter]);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void targets.probe()),
    registerCommand('trainyard.runJob', launch.runJob),
    registerCommand('trainyard.runJobOn', launch.runJobOn),
    registerCommand('trainyard.relaunchJob', launch.relaunch),
    registerCommand('trainyard.cancelJob', cancelJobCommand(jobs), { progress: 'Trainyard: cancelling job' }),
    registerCommand('trainyard.showJobLog', logs.command),
    registerCommand('trainyard.followJobLog', logs.command),
    registerCommand('trainyard.openHostTerminal', hostTerminalCommand(targets)),
    registerCommand('trainyard.openJobMonitor', actions.openMonitor),
    registerCommand('trainyard.openHostDashboard', async (_ctx, arg?: unknown) => {
      let host = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'row' in arg ? (arg as TargetsNode & { kind: 'target' }).row.id : undefined;
      if (!host) {
        const picked = await vscode.window.showQuickPick(
          targets.all.map((r) => ({ label: r.id, description: r.address })),
          { title: 'Trainyard: Open Host Dashboard', placeHolder: 'Host' },
        );
        host = picked?.label;
      }
      if (!host) return undefined;
      dashboards.show(host);
      return host;
    }),
    registerCommand('trainyard.fetchOutputs', actions.fetchOutputs, { progress: 'Trainyard: fetching outputs' }),
    registerCommand('trainyard.copyJobId', actions.copyId),
    registerCommand('trainyard.revealSpec', actions.revealSpec),
    registerCommand('trainyard.filterJobs', actions.filter),
    registerCommand('trainyard.clearJobsFilter', actions.clearFilter),
    registerCommand('trainyard.renderJob', renderJobCommand),
    registerCommand('trainyard.refreshJobs', async (ctx) => {
      await Promise.all([jobs.reload(), vscode.workspace.isTrusted ? refreshRemote(ctx.signal) : undefined]);
    }),
    registerCommand('trainyard.refreshSpecs', () => specsTree.reload()),
    registerCommand(
      'trainyard.probeHosts',
      async (ctx, arg?: unknown) => {
        requireTrust('Probing hosts');
        const id = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'row' in arg ? (arg as TargetsNode & { kind: 'target' }).row.id : undefined;
        await targets.probe(id ? [id] : targets.targetIds, ctx.signal);
        return targets.all;
      },
      { progress: 'Trainyard: probing hosts' },
    ),
  );

  log().info(`activated (probe interval ${settings().probeInterval} s)`);
  return {
    onDidChangeJobs: jobs.onDidChange,
    jobs: () => jobs.all,
    job: async (id) => (await findJob(id, { target: jobs.get(id)?.target })).info,
    viewRows: async (view) => {
      const provider: vscode.TreeDataProvider<unknown> = view === 'jobs' ? jobsTree : view === 'targets' ? targetsTree : specsTree;
      if (view === 'specs') await specsTree.reload();
      return flatten(provider);
    },
    monitors: {
      open: () => monitors.jobIds,
      onDidBecomeReady: monitors.onDidBecomeReady,
      state: (id) => {
        const s = monitors.session(id);
        return s && { lineCount: s.store.lineCount, metricPoints: s.metrics.length, ready: monitors.readyCount(id), lines: s.store.lines(0, 200) };
      },
    },
    hostDashboards: {
      open: () => dashboards.hosts,
      onDidBecomeReady: dashboards.onDidBecomeReady,
      ready: (host) => dashboards.readyCount(host),
      history: (host) => dashboards.history.samples(host).length,
    },
    onDidChangeTargets: targets.onDidChange,
    statusBarText: () => statusBar.text,
    lastNotification: () => notifier.lastMessage,
  };
}

/** Every row of a tree (expanded), as `label — description`, indented by depth. */
async function flatten(provider: vscode.TreeDataProvider<unknown>, node?: unknown, depth = 0): Promise<string[]> {
  const out: string[] = [];
  for (const child of (await provider.getChildren(node)) ?? []) {
    const item = await provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    out.push(`${'  '.repeat(depth)}${label}${item.description ? ` — ${item.description}` : ''}`);
    if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) out.push(...(await flatten(provider, child, depth + 1)));
  }
  return out;
}

export async function deactivate(): Promise<void> {
  const c = languageClient;
  languageClient = undefined;
  await c?.stop();
}
