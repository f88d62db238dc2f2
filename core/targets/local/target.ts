/**
 * The `local` target: each job is a directory under `$TRAINYARD_HOME/jobs/<id>/` driven by the
 * detached POSIX sh runner (core/jobs/runner.ts). This class only writes the directory, starts
 * the runner, and reads (and, when the runner is gone, reconciles) what it recorded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, execFile } from 'node:child_process';
import { pickGpus } from '../../gpu/allocate';
import { PROBE_SH, parseProbeOutput, probeResult, thresholdsFrom, type HostProbe } from '../../gpu/probe';
import type { Target, JobInfo, OpOptions, LogOptions, LogChunk, MetricsBatch, ProbeResult } from '../types';
import { isFinal } from '../types';
import type { ResolvedJob } from '../../jobs/resolve';
import type { TrainyardConfig } from '../../config';
import { trainyardHome, loadConfig } from '../../config';
import { TrainyardError, throwIfAborted, abortError } from '../../errors';
import { isValidJobId } from '../../jobs/ids';
import {
  jobFiles,
  jobInfoFrom,
  metricsPatternOf,
  parseExitCode,
  parseLogTimestamps,
  STATE_FILES,
  type JobRecord,
  type JobStateFiles,
} from '../../jobs/jobdir';
import { parseShEnvFile } from '../../shell/quote';
import { metricsFromChunks, METRICS_FILE } from '../../jobs/metrics';
import { writeAtomic, readIfExists, readPid, processAlive, groupAlive, killGroup, isoNow, DirWatcher } from './fsutil';
import { expandOutput, destFor, copyInto } from './outputs';
import { flockHold, gpusTaken, GPU_LOCK } from './gpuLock';

export interface LocalTargetOptions {
  home?: string;
  config?: TrainyardConfig;
  /** The environment jobs and probes start from (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** How long launch waits for the runner to report in before returning the job as `queued`. */
const RUNNER_START_MS = 10_000;
/** Fallback re-check interval when waiting on file events. */
const FALLBACK_MS = 1_000;
/** A job directory with no runner after this long is `lost` (the runner never started). */
const NO_RUNNER_LOST_MS = 60_000;

export class LocalTarget implements Target {
  readonly id = 'local';
  readonly home: string;
  private readonly env: NodeJS.ProcessEnv;
  readonly jobsDir: string;
  private readonly config: TrainyardConfig;

  constructor(opts: LocalTargetOptions = {}) {
    this.home = opts.home ?? trainyardHome();
    this.jobsDir = path.join(this.home, 'jobs');
    this.config = opts.config ?? loadConfig(this.home);
    this.env = opts.env ?? process.env;
  }

  jobDir(id: string): string {
    if (!isValidJobId(id)) throw new TrainyardError('unknown-job', `\`${id}\` is not a job id`);
    return path.join(this.jobsDir, id);
  }

  /**
   * The machine's GPU lock: `flock` on `<home>/gpu.lock`, the lock the SSH queue takes on a
   * host (./gpuLock.ts), so local and SSH GPU jobs in one trainyard folder never share a GPU.
   * Where there is no flock, a lock directory (mkdir is atomic); one older than a minute is a
   * crashed launcher's and is broken.
   */
  private async lockGpus(signal?: AbortSignal): Promise<() => void> {
    fs.mkdirSync(this.jobsDir, { recursive: true });
    const held = await flockHold(path.join(this.home, GPU_LOCK), signal);
    if (held) return held;
    const lock = path.join(this.jobsDir, '.gpu-allocation.lock');
    const deadline = Date.now() + 30_000;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      throwIfAborted(signal);
      try {
        fs.mkdirSync(lock);
        return () => fs.rmSync(lock, { recursive: true, force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > 60_000) fs.rmSync(lock, { recursive: true, force: true });
        else if (Date.now() > deadline) throw new TrainyardError('launch-failed', `another launch holds ${lock}; remove it if no trainyard is running`);
        else await new Promise((r) => setTimeout(r, delay)); // a retry backoff for a lock, not synchronisation
      }
    }
  }

  async probe(opts: OpOptions = {}): Promise<ProbeResult> {
    return probeResult(await this.probeHost(opts));
  }

  /** The full probe of this machine (GPUs with processes and users, load, memory), as for SSH hosts. */
  async probeHost(opts: OpOptions = {}): Promise<HostProbe> {
    throwIfAborted(opts.signal);
    const out = await new Promise<string>((resolve, reject) => {
      execFile('sh', ['-c', PROBE_SH], { timeout: 20_000, signal: opts.signal, maxBuffer: 8 << 20, env: this.env }, (err, stdout) =>
        err && (err as { code?: unknown }).code === 'ABORT_ERR' ? reject(abortError(opts.signal)) : resolve(String(stdout ?? '')),
      );
    });
    return parseProbeOutput(out, 'local', 'local', thresholdsFrom(this.config as Record<string, unknown>));
  }

  async launch(job: ResolvedJob, opts: OpOptions = {}): Promise<JobInfo> {
    throwIfAborted(opts.signal);
    if (job.target !== 'local') {
      throw new TrainyardError('bad-argument', `job ${job.id} is for target \`${job.target}\`, not \`local\``);
    }
    const dir = this.jobDir(job.id);
    if (!fs.existsSync(job.workdir) || !fs.statSync(job.workdir).isDirectory()) {
      throw new TrainyardError('launch-failed', `the job's workdir ${job.workdir} is not a folder`);
    }
    opts.progress?.({ phase: 'submit', message: `writing ${dir}` });
    fs.mkdirSync(this.jobsDir, { recursive: true });
    try {
      // 0700: logs may hold whatever the job printed.
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new TrainyardError('bad-argument', `job ${job.id} already exists`);
      throw new TrainyardError('launch-failed', `cannot create ${dir}: ${(e as Error).message}`, { cause: e });
    }
    const createdAt = new Date().toISOString();
    const want = job.resources.gpus ?? 0;
    // GPUs are chosen and recorded in job.json under one lock, so concurrent launches never share one.
    const unlock = want > 0 ? await this.lockGpus(opts.signal) : () => {};
    try {
      // A job that asks for no GPU sees none (CUDA_VISIBLE_DEVICES empty), not every GPU of the machine.
      let gpus: string[] = [];
      if (want > 0) {
        opts.progress?.({ phase: 'submit', message: `choosing ${want} GPU${want === 1 ? '' : 's'}` });
        // What live jobs of this folder hold: ours (job.json) and any with a `gpus` file (SSH queue jobs when this folder is also an SSH host's).
        const taken = gpusTaken(this.jobsDir, job.id);
        for (const j of await this.list()) if (!isFinal(j.status) && j.id !== job.id) for (const g of j.gpus ?? []) taken.add(g);
        const probe = await this.probeHost(opts);
        const pick = pickGpus(probe.gpus, want, job.resources.gpu, taken, 'this machine');
        if ('error' in pick) throw new TrainyardError('no-free-gpu', probe.gpuError && !probe.gpus.length ? `${pick.error} (${probe.gpuError})` : pick.error);
        gpus = pick.indices;
      }
      fs.mkdirSync(path.join(dir, 'outputs'));
      fs.writeFileSync(path.join(dir, 'log'), '', { flag: 'wx' });
      for (const f of jobFiles(job, { dir, createdAt, cancelGraceSeconds: this.config.cancelGraceSeconds, gpus })) {
        writeAtomic(path.join(dir, f.name), f.data, f.mode);
      }
      // The pick in queue.sh's form (./gpuLock.ts), so SSH queue jobs in this folder see it too.
      if (gpus.length) writeAtomic(path.join(dir, 'gpus'), `${gpus.join(',')}\n`);
    } catch (e) {
      unlock();
      fs.rmSync(dir, { recursive: true, force: true });
      if (e instanceof TrainyardError) throw e;
      throw new TrainyardError('launch-failed', `cannot write the job directory ${dir}: ${(e as Error).message}`, { cause: e });
    }

    opts.progress?.({ phase: 'start', message: `starting ${job.id}` });
    const watcher = new DirWatcher(dir);
    try {
      let spawnError: Error | undefined;
      let child;
      try {
        child = spawn('sh', [path.join(dir, 'runner.sh'), dir], { detached: true, stdio: 'ignore', cwd: dir, env: this.env });
        // A GPU job counts as live for other allocators from now on (the runner writes the same pid).
        if (want > 0 && child.pid !== undefined && !fs.existsSync(path.join(dir, 'runner.pid'))) writeAtomic(path.join(dir, 'runner.pid'), `${child.pid}\n`);
      } finally {
        unlock();
      }
      child.on('error', (e) => {
        spawnError = e;
        watcher.poke();
      });
      child.unref();
      // Wait (on file events) for the runner to say `running`, so a launch that could not start says so.
      const deadline = Date.now() + RUNNER_START_MS;
      for (;;) {
        if (spawnError) {
          this.finalize(dir, 'failed', null, 'launch-failed');
          throw new TrainyardError('launch-failed', `cannot start sh for job ${job.id}: ${spawnError.message}`, { cause: spawnError });
        }
        if (readIfExists(path.join(dir, 'status'))?.trim() !== 'queued' || Date.now() >= deadline) break;
        await watcher.wait(Math.min(200, deadline - Date.now()));
      }
    } finally {
      watcher.close();
    }
    return this.status(job.id);
  }

  async list(opts: OpOptions = {}): Promise<JobInfo[]> {
    throwIfAborted(opts.signal);
    let names: string[];
    try {
      names = fs.readdirSync(this.jobsDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: JobInfo[] = [];
    for (const name of names) {
      if (!isValidJobId(name)) continue;
      try {
        out.push(this.readInfo(name));
      } catch {
        // A half-written or foreign folder: not a job.
      }
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  }

  async status(id: string, opts: OpOptions = {}): Promise<JobInfo> {
    throwIfAborted(opts.signal);
    return this.readInfo(id);
  }

  /** job.json of a job. */
  record(id: string): JobRecord {
    const text = readIfExists(path.join(this.jobDir(id), 'job.json'));
    if (text === undefined) throw new TrainyardError('unknown-job', `no local job \`${id}\` (looked in ${this.jobsDir})`);
    const rec = JSON.parse(text) as JobRecord;
    if (rec.format !== 1) throw new TrainyardError('unknown-job', `job ${id} has job directory format ${rec.format}, which this Trainyard cannot read`);
    return rec;
  }

  private readState(dir: string): JobStateFiles {
    const f: JobStateFiles = {};
    for (const k of STATE_FILES) f[k] = readIfExists(path.join(dir, k));
    return f;
  }

  private readInfo(id: string): JobInfo {
    const rec = this.record(id);
    const dir = this.jobDir(id);
    let info = jobInfoFrom(rec, this.readState(dir));
    if (!isFinal(info.status)) info = this.reconcile(rec, dir, info);
    return info;
  }

  /** Writes a final state the way the runner would (status last). */
  private finalize(dir: string, status: 'succeeded' | 'failed' | 'cancelled' | 'lost', exitCode: number | null, reason?: string, endedAt = isoNow()): void {
    if (exitCode !== null) writeAtomic(path.join(dir, 'exit_code'), `${exitCode}\n`);
    writeAtomic(path.join(dir, 'ended_at'), `${endedAt}\n`);
    if (reason) writeAtomic(path.join(dir, 'reason'), `${reason}\n`);
    else fs.rmSync(path.join(dir, 'reason'), { force: true });
    writeAtomic(path.join(dir, 'status'), `${status}\n`);
  }

  /**
   * A `queued`/`running` job whose runner is gone: the job may still run on (then it is
   * `running`), or have recorded its exit code in job.exit, or be unknowable (`lost`).
   */
  private reconcile(rec: JobRecord, dir: string, info: JobInfo): JobInfo {
    const runnerPid = readPid(path.join(dir, 'runner.pid'));
    if (runnerPid === undefined) {
      if (Date.now() - Date.parse(rec.createdAt) < NO_RUNNER_LOST_MS) return info;
    } else if (processAlive(runnerPid, dir)) {
      return info;
    }
    // The runner may have finished between our reads: it writes status last, then exits.
    const again = jobInfoFrom(rec, this.readState(dir));
    if (isFinal(again.status)) return again;
    const pgid = readPid(path.join(dir, 'pgid'));
    // Group first, then job.exit: the wrapper writes job.exit before it leaves the group.
    const jobAlive = pgid !== undefined && groupAlive(pgid);
    const jobExit = readIfExists(path.join(dir, 'job.exit'));
    if (jobAlive && jobExit === undefined) return again; // runs on without its runner
    if (pgid !== undefined) killGroup(pgid, 'SIGKILL'); // leftovers, as the runner would
    const cancelled = fs.existsSync(path.join(dir, 'cancel'));
    const code = parseExitCode(jobExit);
    let endedAt = isoNow();
    try {
      endedAt = isoNow(fs.statSync(path.join(dir, 'job.exit')).mtime);
    } catch {
      // no job.exit: now is as good as it gets
    }
    const prevReason = readIfExists(path.join(dir, 'reason'))?.trim();
    if (cancelled && prevReason !== 'timeout') this.finalize(dir, 'cancelled', code, 'cancelled', endedAt);
    else if (code === null) this.finalize(dir, 'lost', null, runnerPid === undefined ? 'runner-never-started' : 'runner-died', endedAt);
    else if (code === 0 && !prevReason) this.finalize(dir, 'succeeded', 0, undefined, endedAt);
    else this.finalize(dir, 'failed', code, prevReason || (code > 128 ? 'signal' : undefined), endedAt);
    return jobInfoFrom(rec, this.readState(dir));
  }

  logs(id: string, logOpts: LogOptions = {}, opts: OpOptions = {}): AsyncIterable<LogChunk> {
    return this.followFile(id, 'log', logOpts, opts);
  }

  metrics(id: string, logOpts: LogOptions = {}, opts: OpOptions = {}): AsyncIterable<MetricsBatch> {
    return metricsFromChunks(this.followFile(id, METRICS_FILE, logOpts, opts), Math.max(0, logOpts.fromOffset ?? 0));
  }

  async metricsPattern(id: string): Promise<string | undefined> {
    return metricsPatternOf(this.record(id));
  }

  /** A file of the job directory (`log`, the metrics file) from an offset; with `follow`, until the job is final and the file drained. */
  private async *followFile(id: string, name: string, logOpts: LogOptions, opts: OpOptions): AsyncGenerator<LogChunk> {
    const dir = this.jobDir(id);
    this.record(id);
    let offset = Math.max(0, logOpts.fromOffset ?? 0);
    const watcher = logOpts.follow ? new DirWatcher(dir) : undefined;
    let fh: fs.promises.FileHandle | undefined;
    const buf = Buffer.alloc(256 * 1024);
    try {
      for (;;) {
        throwIfAborted(opts.signal);
        // Read the status before draining: the runner writes the final status only after the
        // job's last byte, so "final, then drained" means complete.
        const final = logOpts.follow ? isFinal(this.readInfo(id).status) : true;
        if (!fh) {
          try {
            fh = await fs.promises.open(path.join(dir, name), 'r');
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          }
        }
        if (fh) {
          for (;;) {
            const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
            if (bytesRead === 0) break;
            yield { offset, data: Buffer.from(buf.subarray(0, bytesRead)) };
            offset += bytesRead;
          }
        }
        if (final) return;
        await watcher!.wait(FALLBACK_MS, opts.signal);
      }
    } finally {
      watcher?.close();
      await fh?.close();
    }
  }

  async cancel(id: string, opts: OpOptions = {}): Promise<JobInfo> {
    throwIfAborted(opts.signal);
    const dir = this.jobDir(id);
    let info = this.readInfo(id);
    if (isFinal(info.status)) return info;
    if (!fs.existsSync(path.join(dir, 'cancel'))) writeAtomic(path.join(dir, 'cancel'), `${isoNow()}\n`);
    const watcher = new DirWatcher(dir);
    try {
      const grace = this.config.cancelGraceSeconds * 1000;
      const started = Date.now();
      let signalled = false;
      let forced = false;
      for (;;) {
        const runnerPid = readPid(path.join(dir, 'runner.pid'));
        const runnerUp = runnerPid !== undefined && processAlive(runnerPid, dir);
        if (!signalled && runnerUp) {
          process.kill(runnerPid!, 'SIGTERM');
          signalled = true;
        } else if (!runnerUp) {
          // No runner to do it: stop the job's group ourselves (TERM, then KILL after the grace).
          const pgid = readPid(path.join(dir, 'pgid'));
          if (pgid !== undefined) {
            if (!signalled) killGroup(pgid, 'SIGTERM');
            else if (Date.now() - started > grace) killGroup(pgid, 'SIGKILL');
            signalled = true;
          }
        }
        if (!forced && Date.now() - started > grace + 10_000) {
          // The runner did not finish the job: take over.
          forced = true;
          const pgid = readPid(path.join(dir, 'pgid'));
          if (pgid !== undefined) killGroup(pgid, 'SIGKILL');
          if (runnerPid !== undefined && runnerUp) process.kill(runnerPid, 'SIGKILL');
        }
        info = this.readInfo(id);
        if (isFinal(info.status)) return info;
        if (opts.signal?.aborted) throw abortError(opts.signal);
        await watcher.wait(FALLBACK_MS, opts.signal);
      }
    } finally {
      watcher.close();
    }
  }

  async fetchOutputs(id: string, dest: string, opts: OpOptions = {}): Promise<string[]> {
    throwIfAborted(opts.signal);
    const rec = this.record(id);
    const dir = this.jobDir(id);
    const written: string[] = [];
    fs.mkdirSync(dest, { recursive: true });
    for (const pattern of rec.outputs ?? []) {
      for (const rel of expandOutput(rec.workdir, pattern)) {
        throwIfAborted(opts.signal);
        const target = destFor(dest, rel);
        copyInto(path.resolve(rec.workdir, rel), target);
        written.push(target);
      }
    }
    const outDir = path.join(dir, 'outputs');
    for (const name of fs.existsSync(outDir) ? fs.readdirSync(outDir) : []) {
      const target = path.join(dest, name);
      copyInto(path.join(outDir, name), target);
      if (!written.includes(target)) written.push(target);
    }
    return written;
  }

  async waitForChange(id: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const watcher = new DirWatcher(this.jobDir(id));
    try {
      await watcher.wait(timeoutMs, signal);
    } finally {
      watcher.close();
    }
  }

  /** log.ts: byte offsets with the time by which the log had reached them (for `logs --timestamps`). */
  readTimestamps(id: string): Array<{ offset: number; time: Date }> {
    return parseLogTimestamps(readIfExists(path.join(this.jobDir(id), 'log.ts')) ?? '');
  }

  async logTimes(id: string): Promise<Array<{ offset: number; time: number }>> {
    const samples = this.readTimestamps(id).map((s) => ({ offset: s.offset, time: s.time.getTime() }));
    // Bytes written after the last sample were written by the time the job ended.
    const info = await this.status(id);
    if (info.endedAt) samples.push({ offset: Number.MAX_SAFE_INTEGER, time: Date.parse(info.endedAt) });
    return samples;
  }

  /** The job's secret values (from its 0600 secrets.sh), to mask them in what is shown. */
  async secretValues(id: string): Promise<string[]> {
    const text = readIfExists(path.join(this.jobDir(id), 'secrets.sh'));
    return text ? Object.values(parseShEnvFile(text)) : [];
  }
}
