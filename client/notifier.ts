/**
 * Tells the user when a job they launched from this window, or watch in a monitor, finishes:
 * a notification with "Open Monitor" and "Show Log" (an error notification when it failed).
 */
import * as vscode from 'vscode';
import type { JobInfo } from './engine';
import type { JobsModel } from './jobs/jobsModel';
import { newlyFinished } from './models/jobGroups';
import { settings } from './settings';

export class Notifier implements vscode.Disposable {
  private readonly watched = new Set<string>();
  private last: readonly JobInfo[];
  private readonly sub: vscode.Disposable;
  /** The last notification's text (extension tests read it). */
  lastMessage: string | undefined;

  constructor(
    private readonly jobs: JobsModel,
    private readonly isWatched: (id: string) => boolean,
  ) {
    this.last = jobs.all;
    this.sub = jobs.onDidChange(() => this.check());
  }

  watch(id: string): void {
    this.watched.add(id);
  }

  private check(): void {
    const now = this.jobs.all;
    const done = newlyFinished(this.last, now);
    this.last = now;
    for (const j of done) {
      if (!this.watched.delete(j.id) && !this.isWatched(j.id)) continue;
      if (!settings().notifyOnFinish) continue;
      this.notify(j);
    }
  }

  private notify(j: JobInfo): void {
    const ok = j.status === 'succeeded';
    const code = j.exitCode !== null && j.exitCode !== 0 ? ` (exit ${j.exitCode})` : '';
    const text = `Trainyard: job ${j.name} (${j.id}) ${j.status}${code} on ${j.target}`;
    this.lastMessage = text;
    const show = ok || j.status === 'cancelled' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(text, 'Open Monitor', 'Show Log').then((choice) => {
      if (choice === 'Open Monitor') void vscode.commands.executeCommand('trainyard.openJobMonitor', j.id);
      if (choice === 'Show Log') void vscode.commands.executeCommand('trainyard.showJobLog', j.id);
    });
  }

  dispose(): void {
    this.sub.dispose();
  }
}
