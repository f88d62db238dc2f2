/** The Jobs tree: local jobs, newest first, with a status icon and the elapsed time. */
import * as vscode from 'vscode';
import { isFinal, type JobInfo, type JobStatus } from '../engine';
import { assertNever, jobContextValue } from './contextValues';
import type { JobsModel } from './jobsModel';

export const JOBS_VIEW_ID = 'trainyard.jobs';
/** While jobs run, their elapsed time is re-rendered from memory (no disk read) this often. */
const TICK_MS = 1000;

export class JobItem extends vscode.TreeItem {
  constructor(readonly job: JobInfo, now: number) {
    super(job.name || job.id, vscode.TreeItemCollapsibleState.None);
    this.id = job.id;
    const elapsed = elapsedText(job, now);
    this.description = elapsed ? `${job.status} · ${elapsed}` : job.status;
    this.iconPath = statusIcon(job.status);
    this.contextValue = jobContextValue(job.status);
    this.tooltip = tooltip(job);
    this.accessibilityInformation = { label: `${this.label} ${this.description}` };
    this.command = { command: 'trainyard.showJobLog', title: 'Show Job Log', arguments: [job.id] };
  }
}

export class JobsTreeProvider implements vscode.TreeDataProvider<JobItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private visible = false;

  constructor(private readonly model: JobsModel) {
    this.disposables.push(this.changed, model.onDidChange(() => this.refresh()));
  }

  /** Connects the view so the elapsed-time ticker runs only while it is visible. */
  attach(view: vscode.TreeView<JobItem>): void {
    this.visible = view.visible;
    this.disposables.push(
      view.onDidChangeVisibility((e) => {
        this.visible = e.visible;
        this.updateTicker();
      }),
    );
    this.updateTicker();
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

  getTreeItem(item: JobItem): vscode.TreeItem {
    return item;
  }

  getChildren(element?: JobItem): JobItem[] {
    if (element) return [];
    const now = Date.now();
    return this.model.all.map((j) => new JobItem(j, now));
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
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

function tooltip(job: JobInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(job.name || job.id)}** — ${job.status}\n\n`);
  const rows: Array<[string, string | number | null | undefined]> = [
    ['id', job.id],
    ['target', job.target],
    ['exit code', job.exitCode],
    ['reason', job.reason],
    ['spec', job.specPath],
    ['started', job.startedAt],
    ['ended', job.endedAt],
  ];
  for (const [k, v] of rows) if (v !== undefined && v !== null && v !== '') md.appendMarkdown(`${k}: \`${escape(String(v))}\`  \n`);
  return md;
}

function escape(s: string): string {
  return s.replace(/[`\\]/g, '\\$&');
}
