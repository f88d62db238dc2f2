/**
 * trainyard.showJobLog: streams a job's log into the "Trainyard Job Log" output channel and
 * follows it until the job ends. Showing another job stops the previous stream.
 */
import * as vscode from 'vscode';
import { findJob, isFinal, jobLogs, type JobInfo, type Target } from '../engine';
import type { CommandContext } from '../commandWrapper';
import { reportError } from '../commandWrapper';
import type { JobsModel } from '../jobs/jobsModel';
import { jobIdFromArg } from './cancelJob';

export class JobLogs implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Trainyard Job Log');
  private current: AbortController | undefined;

  constructor(private readonly jobs: JobsModel) {}

  readonly command = async (_ctx: CommandContext, arg?: unknown): Promise<void> => {
    const id = jobIdFromArg(arg) ?? (await this.pick());
    if (id) await this.show(id);
  };

  /** Starts streaming (returns once the stream is set up; following continues in the background). */
  async show(id: string): Promise<void> {
    this.current?.abort();
    const ctl = new AbortController();
    this.current = ctl;
    const { target, info } = await findJob(id);
    this.channel.clear();
    this.channel.appendLine(`── ${info.name || id} (${id}) on ${info.target} ──`);
    this.channel.show(true);
    void this.stream(target, info, ctl.signal).catch((err) => {
      if (!ctl.signal.aborted) reportError(`log of job ${id}`, err);
    });
  }

  private async stream(target: Target, info: JobInfo, signal: AbortSignal): Promise<void> {
    const decoder = new TextDecoder('utf-8');
    // jobLogs masks secret values, as the CLI's `logs` does.
    for await (const chunk of jobLogs(info.id, { follow: true }, { target: info.target, signal })) {
      if (signal.aborted) return;
      this.channel.append(decoder.decode(chunk.data, { stream: true }));
    }
    if (signal.aborted) return;
    const tail = decoder.decode();
    if (tail) this.channel.append(tail);
    const final = await target.status(info.id, { signal }).catch(() => undefined);
    const status = final ?? info;
    this.channel.appendLine(
      isFinal(status.status)
        ? `── job ${status.status}${status.exitCode !== null && status.exitCode !== undefined ? ` (exit ${status.exitCode})` : ''} ──`
        : `── log ended (job ${status.status}) ──`,
    );
    void this.jobs.reload();
  }

  private async pick(): Promise<string | undefined> {
    await this.jobs.reload();
    if (this.jobs.all.length === 0) {
      void vscode.window.showInformationMessage('Trainyard: no local jobs yet');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      this.jobs.all.map((j) => ({ label: j.name || j.id, description: `${j.id} · ${j.status} · ${j.target}`, id: j.id })),
      { title: 'Trainyard: Show Job Log', placeHolder: 'Job whose log to show' },
    );
    return pick?.id;
  }

  dispose(): void {
    this.current?.abort();
    this.channel.dispose();
  }
}
