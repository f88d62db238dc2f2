/**
 * The local jobs as the extension shows them. Reads the jobs only when something happened: a
 * launch or cancel by this window, a change in `$TRAINYARD_HOME/jobs` (fs.watch: jobs created
 * or removed, also by the CLI), or a change of a running job (Target.waitForChange, which then
 * re-reads that one job's status; fs.watch of its directory where a target has no such call).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { findJob, isFinal, listJobs, localJobsDir, trainyardHome, type JobInfo } from '../engine';
import { log } from '../log';

const DEBOUNCE_MS = 150;
/** How long one Target.waitForChange call may block before it is renewed. */
const FOLLOW_TIMEOUT_MS = 60_000;

export class JobsModel implements vscode.Disposable {
  private jobs: JobInfo[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the job list was re-read. */
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

  get all(): readonly JobInfo[] {
    return this.jobs;
  }

  get(id: string): JobInfo | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  get hasRunning(): boolean {
    return this.jobs.some((j) => !isFinal(j.status));
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

  /** Re-reads now; concurrent calls coalesce into one more read. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.reloadAgain = false;
        try {
          const jobs = await listJobs();
          this.jobs = [...jobs].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
        } catch (err) {
          log().error(`reading local jobs failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
        if (this.disposed) return;
        if (!this.dirWatcher) this.watchJobsDir();
        this.followRunning();
        this.changed.fire();
      } while (this.reloadAgain && !this.disposed);
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
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
    const running = new Set(this.jobs.filter((j) => !isFinal(j.status)).map((j) => j.id));
    for (const [id, ctl] of this.followers) {
      if (!running.has(id)) {
        ctl.abort();
        this.followers.delete(id);
      }
    }
    for (const id of running) {
      if (this.followers.has(id)) continue;
      const ctl = new AbortController();
      this.followers.set(id, ctl);
      void this.follow(id, ctl.signal);
    }
  }

  private async follow(id: string, signal: AbortSignal): Promise<void> {
    try {
      const { target } = await findJob(id);
      if (target.waitForChange) {
        // Log writes wake this up too; re-reading one job's status is cheap, and the tree
        // only changes when the job's state does.
        while (!signal.aborted) {
          // Arm the wait before reading the status, so a change in between is not missed.
          const round = new AbortController();
          const stop = () => round.abort();
          signal.addEventListener('abort', stop, { once: true });
          const changed = target.waitForChange(id, FOLLOW_TIMEOUT_MS, round.signal).catch(() => undefined);
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
        return;
      }
      const dir = `${localJobsDir()}/${id}`;
      const w = fs.watch(dir, { persistent: false }, (_event, file) => {
        if (file && /\.log$|^log|metrics/i.test(String(file))) return; // log bytes are not state
        this.scheduleReload();
      });
      signal.addEventListener('abort', () => w.close(), { once: true });
      this.scheduleReload(); // a change before the watch was armed
    } catch (err) {
      if (signal.aborted) return;
      log().debug(`following job ${id} stopped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Replaces one job's state; fires only when something shown changed. */
  private update(info: JobInfo): void {
    const i = this.jobs.findIndex((j) => j.id === info.id);
    if (i < 0) return this.scheduleReload();
    const old = this.jobs[i]!;
    if (old.status === info.status && old.startedAt === info.startedAt && old.endedAt === info.endedAt && old.exitCode === info.exitCode) return;
    this.jobs = [...this.jobs.slice(0, i), info, ...this.jobs.slice(i + 1)];
    if (isFinal(info.status)) {
      this.followers.get(info.id)?.abort();
      this.followers.delete(info.id);
    }
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
