/**
 * The launch flow (trainyard.runJob, trainyard.runJobOn, trainyard.relaunchJob): pick a target
 * (runJobOn: quick pick with free GPUs per host), optionally override env/resources, then ONE
 * cancellable progress notification through sync → submit → running, after which the job
 * monitor opens. Failures surface through the command wrapper (toast + "Show Output").
 */
import * as vscode from 'vscode';
import { TrainyardError } from '../../core/errors';
import { findJob, isFinal, launchSpecFile, type JobInfo } from '../engine';
import { toAbortSignal } from '../abort';
import type { CommandContext } from '../commandWrapper';
import type { JobsModel } from '../jobs/jobsModel';
import { log } from '../log';
import { parseOverrides, type Overrides } from '../models/overrides';
import type { MonitorPanels } from '../monitor/monitorPanels';
import type { Notifier } from '../notifier';
import { settings } from '../settings';
import type { TargetsModel } from '../targets/targetsModel';
import { requireTrust } from '../trust';
import { pickTarget } from './pickTarget';
import { specFromArg } from './specArg';
import { targetForRun } from './targetChoice';
import { jobIdFromArg } from './cancelJob';
import type { JobLogs } from './jobLog';

/** How long the progress waits for a launched job to leave `queued` before handing over to the monitor. */
const START_WAIT_MS = 30_000;

const PHASE_TEXT = { sync: 'syncing files', submit: 'submitting', start: 'starting' } as const;

export class LaunchCommands {
  constructor(
    private readonly jobs: JobsModel,
    private readonly targets: TargetsModel,
    private readonly monitors: MonitorPanels,
    private readonly notifier: Notifier,
    private readonly logs: JobLogs,
  ) {}

  /** Returns the launched job (extension tests and other extensions use it). */
  /** Args: spec URI (else the active editor's), and for a pipeline optionally one stage's name (the stage code lens). */
  readonly runJob = async (_ctx: CommandContext, arg?: unknown, stage?: unknown): Promise<JobInfo | undefined> => {
    requireTrust('Running jobs');
    const spec = await specFromArg(arg);
    return this.launch(spec.uri, targetForRun(spec), { env: {}, set: [] }, typeof stage === 'string' && stage ? stage : undefined);
  };

  /** Args (all optional): spec URI, target, overrides text (`K=V resources.gpus=2`). */
  readonly runJobOn = async (_ctx: CommandContext, arg?: unknown, target?: unknown, overrides?: unknown): Promise<JobInfo | undefined> => {
    requireTrust('Running jobs');
    const spec = await specFromArg(arg);
    const picked = typeof target === 'string' && target ? target : await pickTarget(spec.uri, this.targets);
    if (!picked) return undefined;
    const o = typeof overrides === 'string' ? parseOverrides(overrides) : typeof target === 'string' ? { env: {}, set: [] } : await askOverrides();
    if (!o) return undefined;
    return this.launch(spec.uri, targetForRun(spec, picked), o);
  };

  /** Launches a job's spec again on the same target. */
  readonly relaunch = async (_ctx: CommandContext, arg?: unknown): Promise<JobInfo | undefined> => {
    requireTrust('Running jobs');
    const id = jobIdFromArg(arg) ?? (await this.pickJobWithSpec());
    if (!id) return undefined;
    const info = this.jobs.get(id) ?? (await findJob(id)).info;
    if (!info.specPath) throw new TrainyardError('bad-argument', `job ${id} does not say which spec it ran`);
    return this.launch(vscode.Uri.file(info.specPath), info.target, { env: {}, set: [] });
  };

  private async launch(uri: vscode.Uri, target: string | undefined, overrides: Overrides, stage?: string): Promise<JobInfo | undefined> {
    const rel = vscode.workspace.asRelativePath(uri) + (stage ? ` (stage ${stage})` : '');
    const where = target ?? 'the default target';
    log().info(`run ${rel} on ${where}${Object.keys(overrides.env).length || overrides.set.length ? ` with overrides ${JSON.stringify(overrides)}` : ''}`);
    const job = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Trainyard: ${rel} → ${where}`, cancellable: true },
      async (progress, token) => {
        const abort = toAbortSignal(token);
        try {
          progress.report({ message: 'resolving the spec' });
          let launched: JobInfo;
          try {
            ({ job: launched } = await launchSpecFile(uri.fsPath, {
              target,
              stage,
              env: overrides.env,
              set: overrides.set,
              signal: abort.signal,
              progress: (e) => progress.report({ message: `${PHASE_TEXT[e.phase]}: ${e.message}` }),
            }));
          } finally {
            void this.jobs.reload();
            if (target && target !== 'local') void this.jobs.reloadTargets([target]);
          }
          this.notifier.watch(launched.id);
          log().info(`job ${launched.id} (${launched.name}) ${launched.status} on ${launched.target}`);
          if (launched.status === 'queued') {
            progress.report({ message: `${launched.id} queued: waiting for it to start (cancel stops waiting, not the job)` });
            launched = await this.waitForStart(launched, abort.signal);
          }
          progress.report({ message: `${launched.id} ${launched.status}` });
          return launched;
        } finally {
          abort.dispose();
        }
      },
    );
    if (!job) return undefined;
    if (settings(uri).openMonitorOnRun) this.monitors.show(job.id, job.name);
    if (settings(uri).showLogOnRun) void this.logs.show(job.id);
    return job;
  }

  private async pickJobWithSpec(): Promise<string | undefined> {
    const candidates = this.jobs.all.filter((j) => j.specPath);
    if (!candidates.length) throw new TrainyardError('bad-argument', 'no job to relaunch yet: run a spec first');
    const pick = await vscode.window.showQuickPick(
      candidates.map((j) => ({ label: j.name || j.id, description: `${j.id} · ${j.status} · ${j.target}`, id: j.id })),
      { title: 'Trainyard: Relaunch Job', placeHolder: 'Job to launch again (same spec, same target)' },
    );
    return pick?.id;
  }

  /** Waits (on the target's change events) until the job leaves `queued`; returns its state then. */
  private async waitForStart(job: JobInfo, signal: AbortSignal): Promise<JobInfo> {
    const { target } = await findJob(job.id, { target: job.target });
    const end = Date.now() + START_WAIT_MS;
    let info = job;
    while (info.status === 'queued' && !signal.aborted && Date.now() < end) {
      if (target.waitForChange) await target.waitForChange(job.id, Math.min(2000, end - Date.now()), signal).catch(() => undefined);
      else await new Promise((r) => setTimeout(r, 1000));
      info = await target.status(job.id).catch(() => info);
    }
    if (isFinal(info.status)) log().info(`job ${info.id} ended before the monitor opened: ${info.status}`);
    return info;
  }
}

/** The optional override box; undefined when dismissed with Escape. */
async function askOverrides(): Promise<Overrides | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Trainyard: overrides (optional)',
    prompt: 'Environment and spec overrides for this run: KEY=VALUE and dotted spec paths; Enter with nothing to run as is.',
    placeHolder: 'LR=0.01 EPOCHS=20 resources.gpus=2',
    validateInput: (v) => {
      try {
        parseOverrides(v);
        return undefined;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    },
  });
  return text === undefined ? undefined : parseOverrides(text);
}
