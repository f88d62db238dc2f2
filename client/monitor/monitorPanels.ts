/**
 * Job monitor panels: one per job (opening it again reveals it), restored after a window reload
 * by a WebviewPanelSerializer (the webview persisted its job id with its UI state; the job's data
 * is fetched again). Messages from the webview are validated before dispatch.
 */
import * as vscode from 'vscode';
import { reportError } from '../commandWrapper';
import type { JobsModel } from '../jobs/jobsModel';
import { log } from '../log';
import { assertNever, parseToHost, parseUiState, type MonitorAction, type ToHost, type ToWebview } from '../../webviews/protocol';
import { MONITOR_VIEW_TYPE, monitorHtml, webviewOptions } from './monitorHtml';
import { MonitorSession } from './monitorSession';

const ACTION_COMMANDS: Record<MonitorAction, string> = {
  cancel: 'trainyard.cancelJob',
  relaunch: 'trainyard.relaunchJob',
  openSpec: 'trainyard.revealSpec',
  fetchOutputs: 'trainyard.fetchOutputs',
  showLog: 'trainyard.showJobLog',
  copyId: 'trainyard.copyJobId',
};

interface Monitor {
  panel: vscode.WebviewPanel;
  session: MonitorSession;
  readyCount: number;
}

export class MonitorPanels implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly open = new Map<string, Monitor>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<string>();
  /** Fires with the job id when a monitor's webview said `ready`. */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly jobs: JobsModel,
  ) {
    this.disposables.push(
      this.readyEmitter,
      vscode.window.registerWebviewPanelSerializer(MONITOR_VIEW_TYPE, this),
      jobs.onDidChange(() => {
        for (const m of this.open.values()) {
          const info = jobs.get(m.session.jobId);
          if (info) m.session.updateJob(info);
        }
      }),
    );
  }

  /** Job ids with an open monitor. */
  get jobIds(): string[] {
    return [...this.open.keys()];
  }

  /** The session of a job's monitor (tests and the API read its state). */
  session(jobId: string): MonitorSession | undefined {
    return this.open.get(jobId)?.session;
  }

  readyCount(jobId: string): number {
    return this.open.get(jobId)?.readyCount ?? 0;
  }

  show(jobId: string, name?: string): vscode.WebviewPanel {
    const existing = this.open.get(jobId);
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(MONITOR_VIEW_TYPE, title(jobId, name ?? this.jobs.get(jobId)?.name), vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.attach(panel, jobId);
    return panel;
  }

  /** Restores a monitor after a reload: the job id is in the webview's persisted UI state. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const ui = parseUiState(state);
    if (!ui || this.open.has(ui.jobId)) {
      panel.dispose();
      return;
    }
    log().info(`restoring the monitor of job ${ui.jobId}`);
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.title = title(ui.jobId, this.jobs.get(ui.jobId)?.name);
    this.attach(panel, ui.jobId);
  }

  private attach(panel: vscode.WebviewPanel, jobId: string): void {
    const post = (m: ToWebview) => void panel.webview.postMessage(m);
    const session = new MonitorSession(jobId, post);
    const known = this.jobs.get(jobId);
    if (known) session.job = known;
    const monitor: Monitor = { panel, session, readyCount: 0 };
    this.open.set(jobId, monitor);
    const subs = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const m = parseToHost(raw);
        if (!m) {
          log().warn(`monitor ${jobId}: dropped an invalid message ${JSON.stringify(raw)?.slice(0, 200)}`);
          return;
        }
        void this.dispatch(monitor, m).catch((err) => reportError(`monitor ${jobId}: ${m.type}`, err));
      }),
    ];
    panel.onDidDispose(() => {
      for (const s of subs) s.dispose();
      session.dispose();
      if (this.open.get(jobId) === monitor) this.open.delete(jobId);
    });
    panel.webview.html = monitorHtml(panel.webview, this.extensionUri, jobId);
  }

  private async dispatch(monitor: Monitor, m: ToHost): Promise<void> {
    const { session } = monitor;
    switch (m.type) {
      case 'ready':
        await session.onReady();
        monitor.readyCount++;
        if (session.job) monitor.panel.title = title(session.jobId, session.job.name);
        this.readyEmitter.fire(session.jobId);
        return;
      case 'requestLines':
        session.lines(m.requestId, m.start, m.count);
        return;
      case 'search':
        await session.search(m.requestId, m.query, m.caseSensitive);
        return;
      case 'action':
        await vscode.commands.executeCommand(ACTION_COMMANDS[m.action], session.jobId);
        return;
      case 'exportPng':
        await this.save(session, `${m.name}.png`, Buffer.from(m.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'), { 'PNG image': ['png'] });
        return;
      case 'exportCsv':
        await this.save(session, `${m.name}.csv`, Buffer.from(m.csv, 'utf8'), { CSV: ['csv'] });
        return;
      default:
        assertNever(m);
    }
  }

  /** Saves through the workspace file system (remote-aware: the file lands where the workspace is). */
  private async save(session: MonitorSession, name: string, data: Uint8Array, filters: Record<string, string[]>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = `${session.job?.name ?? session.jobId}-${session.jobId}-${name}`;
    const dest = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, base) : undefined, filters, title: 'Trainyard: Export Chart' });
    if (!dest) return;
    await vscode.workspace.fs.writeFile(dest, data);
    log().info(`exported ${vscode.workspace.asRelativePath(dest)}`);
    this.open.get(session.jobId)?.panel.webview.postMessage({ type: 'notice', level: 'info', message: `saved ${vscode.workspace.asRelativePath(dest)}` } satisfies ToWebview);
  }

  dispose(): void {
    for (const m of this.open.values()) m.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function title(jobId: string, name?: string): string {
  return `Job: ${name ? `${name} (${jobId})` : jobId}`;
}
