/** The status bar item: running jobs and free GPUs; a click focuses the Jobs view. */
import * as vscode from 'vscode';
import type { JobsModel } from './jobs/jobsModel';
import { freeGpuCount } from './models/hosts';
import type { TargetsModel } from './targets/targetsModel';

export class JobsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('trainyard.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly jobs: JobsModel,
    private readonly targets: TargetsModel,
  ) {
    this.item.name = 'Trainyard';
    this.item.command = 'trainyard.jobs.focus';
    this.subs = [jobs.onDidChange(() => this.update()), targets.onDidChange(() => this.update())];
    this.update();
    this.item.show();
  }

  /** The item's text (extension tests read it). */
  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const running = this.jobs.all.filter((j) => j.status === 'running').length;
    const queued = this.jobs.all.filter((j) => j.status === 'queued').length;
    const probes = this.targets.all.map((r) => r.probe).filter((p) => p?.ok);
    const gpus = probes.reduce((n, p) => n + (p?.gpus.length ?? 0), 0);
    const free = probes.reduce((n, p) => n + freeGpuCount(p), 0);
    const parts = [`$(rocket) ${running} running${queued ? `, ${queued} queued` : ''}`];
    if (gpus) parts.push(`$(circuit-board) ${free}/${gpus} GPUs free`);
    this.item.text = parts.join('  ');
    this.item.tooltip = `Trainyard: ${running} running, ${queued} queued${gpus ? `; ${free} of ${gpus} known GPUs free` : ''}. Click for the Jobs view.`;
    this.item.accessibilityInformation = { label: this.item.tooltip };
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}
