/**
 * The jobs as the extension shows them, by target. Local jobs are re-read only when something
 * happened: a launch or cancel by this window, a change in `$TRAINYARD_HOME/jobs` (fs.watch:
 * jobs created or removed, also by the CLI), or a change of a running job. Other targets
 * (configured hosts) are listed through the same Target interface on refresh, after a launch
 * there, and every `trainyard.probeInterval` while the Jobs view is visible; their running jobs
 * are followed like local ones (Target.waitForChange, else re-reading the status).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { findJob, isFinal, listJobs, localJobsDir, trainyardHome, type JobInfo } from '../engine';
import { log } from '../log';

const DEBOUNCE_MS = 150;
/** How long one Target.waitForChange call may block before it is renewed. */
const FOLLOW_TIMEOUT_MS = 60_000;
/** Status re-read interval for targets without waitForChange. */
const POLL_MS = 5_000;

export class JobsModel implements vscode.Disposable {
  private readonly byTarget = new Map<string, JobInfo[]>([['local', []]]);
  private readonly listErrors = new Map<string, string>();
  private sorted: JobInfo[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the job list (or a job's state) changed. */
  readonly onDidChange = this.changed.event;

  private dirWatcher: fs.FSWatcher | undefined;
  private readonly followers = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private reloadAgain = false;
  private disposed = false;

  constructor() {
    this.watchJobsDir();
    void this.reload();
  }

  /** Every known job, newest first. */
  get all(): readonly JobInfo[] {
    return this.sorted;
  }

  /** Targets whose jobs could not be listed, with why. */
  get errors(): ReadonlyMap<string, string> {
    return this.listErrors;
  }

  get(id: string): JobInfo | undefined {
    return this.sorted.find((j) => j.id === id);
  }

  get hasRunning(): boolean {
    return this.sorted.some((j) => !isFinal(j.status));
  }

  /** Re-reads soon (debounced): many events in a burst cost one read. */
  scheduleReload(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, DEBOUNCE_MS);
  }

  /** Re-reads the local jobs now; concurrent calls coalesce into one more read. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.reloadAgain = false;
        await this.listTarget('local');
        if (this.disposed) return;
        if (!this.dirWatcher) this.watchJobsDir();
        this.publish();
      } while (this.reloadAgain && !this.disposed);
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Lists the jobs of other targets (hosts); failures become the group's error row. */
  async reloadTargets(targets: readonly string[], signal?: AbortSignal): Promise<void> {
    const wanted = new Set(targets.filter((t) => t !== 'local'));
    for (const t of [...this.byTarget.keys()]) if (t !== 'local' && !wanted.has(t)) this.byTarget.delete(t);
    for (const t of [...this.listErrors.keys()]) if (t !== 'local' && !wanted.has(t)) this.listErrors.delete(t);
    await Promise.all([...wanted].map((t) => this.listTarget(t, signal)));
    if (!this.disposed) this.publish();
  }

  private async listTarget(target: string, signal?: AbortSignal): Promise<void> {
    try {
      const jobs = await listJobs(target === 'local' ? { signal } : { target, signal });
      this.byTarget.set(target, jobs);
      this.listErrors.delete(target);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (target === 'local') log().error(`reading local jobs failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
      else log().warn(`listing jobs on ${target} failed: ${message}`);
      this.listErrors.set(target, message);
      if (!this.byTarget.has(target)) this.byTarget.set(target, []);
    }
  }

  private publish(): void {
    this.sorted = [...this.byTarget.values()].flat().sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
    this.followRunning();
    this.changed.fire();
  }

  private watchJobsDir(): void {
    const dir = localJobsDir();
    try {
      this.dirWatcher = fs.watch(dir, { persistent: false }, () => this.scheduleReload());
      this.dirWatcher.on('error', () => {
        this.dirWatcher?.close();
        this.dirWatcher = undefined;
      });
      log().debug(`watching ${dir}`);
    } catch {
      // Not there yet: the first launch creates it, and reload() arms the watcher then.
      this.dirWatcher = undefined;
      log().debug(`${dir} does not exist yet (TRAINYARD_HOME=${trainyardHome()})`);
    }
  }

  /** One follower per running job; it ends when the job is final or the model is disposed. */
  private followRunning(): void {
    const running = new Map(this.sorted.filter((j) => !isFinal(j.status)).map((j) => [j.id, j.target]));
    for (const [id, ctl] of this.followers) {
      if (!running.has(id)) {
        ctl.abort();
        this.followers.delete(id);
      }
    }
    for (const [id, target] of running) {
      if (this.followers.has(id)) continue;
      const ctl = new AbortController();
      this.followers.set(id, ctl);
      void this.follow(id, target, ctl.signal);
    }
  }

  private async follow(id: string, targetText: string, signal: AbortSignal): Promise<void> {
    try {
      const { target } = await findJob(id, { target: targetText });
      while (!signal.aborted) {
        // Arm the wait before reading the status, so a change in between is not missed.
        const round = new AbortController();
        const stop = () => round.abort();
        signal.addEventListener('abort', stop, { once: true });
        const changed = target.waitForChange
          ? target.waitForChange(id, FOLLOW_TIMEOUT_MS, round.signal).catch(() => undefined)
          : new Promise<void>((r) => {
              const t = setTimeout(r, POLL_MS);
              round.signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
            });
        try {
          const info = await target.status(id, { signal });
          this.update(info);
          if (isFinal(info.status)) return;
          await changed;
        } finally {
          round.abort();
          signal.removeEventListener('abort', stop);
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      log().debug(`following job ${id} stopped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Replaces one job's state; fires only when something shown changed. */
  private update(info: JobInfo): void {
    const list = this.byTarget.get(info.target);
    const i = list?.findIndex((j) => j.id === info.id) ?? -1;
    if (!list || i < 0) return this.scheduleReload();
    const old = list[i]!;
    if (old.status === info.status && old.startedAt === info.startedAt && old.endedAt === info.endedAt && old.exitCode === info.exitCode) return;
    list[i] = info;
    if (isFinal(info.status)) {
      this.followers.get(info.id)?.abort();
      this.followers.delete(info.id);
    }
    this.sorted = this.sorted.map((j) => (j.id === info.id ? info : j));
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.dirWatcher?.close();
    for (const ctl of this.followers.values()) ctl.abort();
    this.followers.clear();
    this.changed.dispose();
  }
}
