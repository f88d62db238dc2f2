/**
 * Host dashboard panels: one per host (`local`, `ssh:<name>`; opening it again reveals it),
 * restored after a window reload by a WebviewPanelSerializer (the webview persisted its host
 * with its UI state; the history and the latest probe are sent again). The rolling one-hour
 * history of every host is kept here, fed by the Targets model's probes. Messages from the
 * webview are validated before dispatch.
 */
import * as vscode from 'vscode';
import { reportError } from '../commandWrapper';
import { log } from '../log';
import { HostHistory, snapshotOf } from '../models/hostHistory';
import { panelHtml, webviewOptions } from '../monitor/monitorHtml';
import type { TargetsModel } from '../targets/targetsModel';
import { assertNever, parseHostDashToHost, parseHostDashUiState, type HostDashToHost, type HostDashToWebview } from '../../webviews/protocol';

export const HOST_DASHBOARD_VIEW_TYPE = 'trainyard.hostDashboard';

interface Dashboard {
  host: string;
  panel: vscode.WebviewPanel;
  ready: boolean;
  readyCount: number;
}

export class HostDashboards implements vscode.Disposable, vscode.WebviewPanelSerializer {
  readonly history = new HostHistory();
  private readonly open = new Map<string, Dashboard>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly readyEmitter = new vscode.EventEmitter<string>();
  /** Fires with the host when a dashboard's webview said `ready`. */
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly targets: TargetsModel,
  ) {
    for (const id of targets.targetIds) {
      const p = targets.probeOf(id);
      if (p) this.history.addProbe(id, p);
    }
    this.disposables.push(
      this.readyEmitter,
      vscode.window.registerWebviewPanelSerializer(HOST_DASHBOARD_VIEW_TYPE, this),
      targets.onDidProbe(({ id, probe }) => {
        const sample = this.history.addProbe(id, probe);
        const d = this.open.get(id);
        if (!d?.ready) return;
        if (sample) post(d, { type: 'history', reset: false, windowMs: this.history.windowMs, samples: [sample] });
        post(d, { type: 'snapshot', snapshot: snapshotOf(probe) });
        post(d, { type: 'probing', active: targets.isProbing(id) });
      }),
    );
  }

  /** Hosts with an open dashboard. */
  get hosts(): string[] {
    return [...this.open.keys()];
  }

  readyCount(host: string): number {
    return this.open.get(host)?.readyCount ?? 0;
  }

  show(host: string): vscode.WebviewPanel {
    const existing = this.open.get(host);
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(HOST_DASHBOARD_VIEW_TYPE, dashboardTitle(host), vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.attach(panel, host);
    return panel;
  }

  /** Restores a dashboard after a reload: the host is in the webview's persisted UI state. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const ui = parseHostDashUiState(state);
    if (!ui || this.open.has(ui.host)) {
      panel.dispose();
      return;
    }
    log().info(`restoring the host dashboard of ${ui.host}`);
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.title = dashboardTitle(ui.host);
    this.attach(panel, ui.host);
  }

  private attach(panel: vscode.WebviewPanel, host: string): void {
    const d: Dashboard = { host, panel, ready: false, readyCount: 0 };
    this.open.set(host, d);
    const sub = panel.webview.onDidReceiveMessage((raw: unknown) => {
      const m = parseHostDashToHost(raw);
      if (!m) {
        log().warn(`host dashboard ${host}: dropped an invalid message ${JSON.stringify(raw)?.slice(0, 200)}`);
        return;
      }
      void this.dispatch(d, m).catch((err) => reportError(`host dashboard ${host}: ${m.type}`, err));
    });
    panel.onDidDispose(() => {
      sub.dispose();
      if (this.open.get(host) === d) this.open.delete(host);
    });
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, { bundle: 'hostDashboard', title: dashboardTitle(host), data: { host } });
  }

  private async dispatch(d: Dashboard, m: HostDashToHost): Promise<void> {
    switch (m.type) {
      case 'ready': {
        d.ready = true;
        d.readyCount++;
        const row = this.targets.row(d.host);
        post(d, { type: 'host', id: d.host, name: row?.name ?? d.host, ...(row?.address ? { address: row.address } : {}) });
        post(d, { type: 'history', reset: true, windowMs: this.history.windowMs, samples: this.history.samples(d.host) });
        post(d, { type: 'snapshot', snapshot: snapshotOf(this.targets.probeOf(d.host)) });
        post(d, { type: 'probing', active: this.targets.isProbing(d.host) });
        this.readyEmitter.fire(d.host);
        // fresh data for a freshly opened (or restored) dashboard
        if (vscode.workspace.isTrusted) void this.probe(d);
        return;
      }
      case 'probeNow':
        if (!vscode.workspace.isTrusted) {
          post(d, { type: 'notice', level: 'error', message: 'Probing is off in Restricted Mode: trust this workspace to probe hosts.' });
          return;
        }
        await this.probe(d);
        return;
      default:
        assertNever(m);
    }
  }

  private async probe(d: Dashboard): Promise<void> {
    post(d, { type: 'probing', active: true });
    try {
      await this.targets.probe([d.host]);
    } finally {
      post(d, { type: 'probing', active: this.targets.isProbing(d.host) });
    }
  }

  dispose(): void {
    for (const d of this.open.values()) d.panel.dispose();
    for (const x of this.disposables.splice(0)) x.dispose();
  }
}

function post(d: Dashboard, m: HostDashToWebview): void {
  void d.panel.webview.postMessage(m);
}

export function dashboardTitle(host: string): string {
  return `Host: ${host}`;
}
