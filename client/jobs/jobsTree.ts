/**
 * The Jobs tree: jobs grouped by target, newest first, with a status icon, the elapsed time and
 * GPU use; filterable by status. Items keep stable ids so a refresh updates rows in place.
 */
import * as vscode from 'vscode';
import { type JobInfo, type JobStatus } from '../engine';
import { assertNever, CONTEXT, jobContextValue } from '../models/contextValues';
import { groupDescription, groupJobs, jobDescription, type JobGroup } from '../models/jobGroups';
import { settings } from '../settings';
import type { JobsModel } from './jobsModel';

export const JOBS_VIEW_ID = 'trainyard.jobs';
/** While jobs run, their elapsed time is re-rendered from memory (no disk read) this often. */
const TICK_MS = 1000;

export type JobsNode = { kind: 'group'; group: JobGroup } | { kind: 'job'; job: JobInfo };

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private visible = false;
  private view: vscode.TreeView<JobsNode> | undefined;
  private statuses: JobStatus[] = [];

  constructor(private readonly model: JobsModel) {
    this.disposables.push(this.changed, model.onDidChange(() => this.refresh()));
  }

  get filter(): readonly JobStatus[] {
    return this.statuses;
  }

  setFilter(statuses: JobStatus[]): void {
    this.statuses = statuses;
    void vscode.commands.executeCommand('setContext', 'trainyard.jobsFiltered', statuses.length > 0);
    if (this.view) this.view.description = statuses.length ? `showing ${statuses.join(', ')}` : undefined;
    this.refresh();
  }

  /** Connects the view so the elapsed-time ticker runs only while it is visible. */
  attach(view: vscode.TreeView<JobsNode>): void {
    this.view = view;
    this.visible = view.visible;
    this.disposables.push(
      view.onDidChangeVisibility((e) => {
        this.visible = e.visible;
        this.updateTicker();
      }),
    );
    this.updateTicker();
  }

  get isVisible(): boolean {
    return this.visible;
  }

  private refresh(): void {
    this.changed.fire(undefined);
    this.updateTicker();
  }

  private updateTicker(): void {
    const want = this.visible && this.model.hasRunning;
    if (want && !this.ticker) this.ticker = setInterval(() => this.changed.fire(undefined), TICK_MS);
    if (!want && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  groups(): JobGroup[] {
    return groupJobs(this.model.all, this.model.errors, { statuses: this.statuses, retentionDays: settings().logRetention }, Date.now());
  }

  getTreeItem(node: JobsNode): vscode.TreeItem {
    return node.kind === 'group' ? groupItem(node.group) : jobItem(node.job, Date.now());
  }

  getChildren(node?: JobsNode): JobsNode[] {
    if (!node) {
      const groups = this.groups();
      // a single local group needs no grouping row
      if (groups.length === 1 && groups[0]!.target === 'local' && !groups[0]!.error) return groups[0]!.jobs.map((job) => ({ kind: 'job', job }));
      return groups.map((group) => ({ kind: 'group', group }));
    }
    if (node.kind === 'group') return node.group.jobs.map((job) => ({ kind: 'job', job }));
    return [];
  }

  getParent(node: JobsNode): JobsNode | undefined {
    if (node.kind === 'group') return undefined;
    const groups = this.groups();
    if (groups.length === 1 && groups[0]!.target === 'local' && !groups[0]!.error) return undefined;
    const group = groups.find((g) => g.target === node.job.target);
    return group ? { kind: 'group', group } : undefined;
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function groupItem(g: JobGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(g.target, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${g.target}`;
  item.description = groupDescription(g);
  item.iconPath = g.error ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon(g.target === 'local' ? 'vm' : 'server');
  item.contextValue = CONTEXT.jobGroup;
  if (g.error) item.tooltip = g.error;
  return item;
}

export function jobItem(job: JobInfo, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(job.name || job.id, vscode.TreeItemCollapsibleState.None);
  item.id = `job:${job.id}`;
  item.description = jobDescription(job, now);
  item.iconPath = statusIcon(job.status);
  item.contextValue = jobContextValue(job.status, !!job.specPath);
  item.tooltip = tooltip(job);
  item.accessibilityInformation = { label: `${item.label} ${item.description}` };
  item.command = { command: 'trainyard.openJobMonitor', title: 'Open Monitor', arguments: [job.id] };
  return item;
}

export function statusIcon(status: JobStatus): vscode.ThemeIcon {
  switch (status) {
    case 'queued':
      return new vscode.ThemeIcon('clock');
    case 'running':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'succeeded':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash');
    case 'lost':
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    default:
      return assertNever(status);
  }
}

function tooltip(job: JobInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(job.name || job.id)}** — ${job.status}\n\n`);
  const rows: Array<[string, string | number | null | undefined]> = [
    ['id', job.id],
    ['target', job.target],
    ['exit code', job.exitCode],
    ['reason', job.reason],
    ['spec', job.specPath],
    ['GPUs', job.gpus?.join(', ')],
    ['started', job.startedAt],
    ['ended', job.endedAt],
  ];
  for (const [k, v] of rows) if (v !== undefined && v !== null && v !== '') md.appendMarkdown(`${k}: \`${escape(String(v))}\`  \n`);
  return md;
}

function escape(s: string): string {
  return s.replace(/[`\\]/g, '\\$&');
}
