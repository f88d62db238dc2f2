/**
 * The `ssh:` target: the SAME job directory format and POSIX sh runner as the local target, on
 * the host under `~/.trainyard/jobs/<id>/` (or the host's `trainyardDir`). Launch ships the job
 * files and a snapshot of the workdir as one tar stream (this slice: the whole workdir each
 * time, .gitignore/.trainyardignore honoured; incremental sync is a later slice) and starts the
 * runner detached (setsid), so a dropped connection never stops the job. list/status/cancel/
 * logs read the job directories with one remote script per call; state lives on the host.
 */
import * as fs from 'node:fs';
import type { Target, JobInfo, OpOptions, LogOptions, LogChunk, MetricsBatch, ProbeResult } from '../types';
import { isFinal } from '../types';
import type { ResolvedJob } from '../../jobs/resolve';
import type { Readable } from 'node:stream';
import { trainyardHome, type TrainyardConfig } from '../../config';
import { TrainyardError, throwIfAborted, abortError } from '../../errors';
import { isValidJobId } from '../../jobs/ids';
import { jobFiles, metricsPatternOf, parseLogTimestamps } from '../../jobs/jobdir';
import { parseShEnvFile } from '../../shell/quote';
import type { SshConnection, ExecResult } from '../../ssh/connection';
import { parseProbeOutput, thresholdsFrom, type HostProbe, probeResult } from '../../gpu/probe';
import { ROOT_SH, LOGIN_SH, START_SH, STATE_SH, FINALIZE_SH, CANCEL_SH, CAT_SH, PROBE_SH } from './scripts';
import { parseStateOutput, parseJobRecord, recordOf, infoOf, decideFinal, type RemoteJobState } from './state';
import type { TarEntry } from '../../sync/tar';
import { syncWorkdir } from '../../sync/sync';
import { followLog } from './logs';
import { metricsFromChunks, METRICS_FILE } from '../../jobs/metrics';
import { gpuConf, QUEUE_SH } from './queue';
import { impossibleGpuRequest } from '../../gpu/allocate';
import { fetchJobOutputs, type FetchResult } from './fetch';

export interface SshTargetOptions {
  /** Canonical target string (`ssh:gpu1`). */
  id: string;
  /** Short host name for messages and probe files. */
  name: string;
  connection: SshConnection;
  config: TrainyardConfig;
  /** Absolute folder on the host holding `jobs/` (default `~/.trainyard`). */
  trainyardDir?: string;
  /** Start jobs (and GPU probes) through the user's login shell (conda-style setups). */
  loginShell?: boolean;
  /** Local trainyard home (sync manifests); default trainyardHome(). */
  home?: string;
}

const CANCEL_EXTRA_MS = 10_000;
const POLL_MS = 300;
const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const delay = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export class SshTarget implements Target {
  readonly id: string;
  readonly name: string;
  readonly conn: SshConnection;
  readonly home: string;
  private rootPromise?: Promise<string>;

  constructor(readonly o: SshTargetOptions) {
    this.id = o.id;
    this.name = o.name;
    this.conn = o.connection;
    this.home = o.home ?? trainyardHome();
  }

  /** Runs a constant POSIX sh script on the host; every argument is quoted (shq). */
  async sh(script: string, args: string[], opts: { signal?: AbortSignal; stdin?: Readable | Buffer } = {}): Promise<ExecResult> {
    return this.conn.exec(['sh', '-c', script, 'sh', ...args], { signal: opts.signal, stdin: opts.stdin });
  }

  /** The absolute trainyard folder on the host (resolved once per target). */
  async root(opts: OpOptions = {}): Promise<string> {
    if (!this.rootPromise) {
      this.rootPromise = this.sh(ROOT_SH, [this.o.trainyardDir ?? ''], opts).then((r) => {
        const p = r.stdout.toString('utf8').trim();
        if (r.code !== 0 || !p.startsWith('/')) {
          throw new TrainyardError('launch-failed', `cannot use ${this.o.trainyardDir ?? '~/.trainyard'} on ${this.conn.describe()}: ${r.stderr.toString().trim()}`);
        }
        return p;
      });
      this.rootPromise.catch(() => (this.rootPromise = undefined));
    }
    return this.rootPromise;
  }

  async jobDir(id: string, opts: OpOptions = {}): Promise<string> {
    if (!isValidJobId(id)) throw new TrainyardError('unknown-job', `\`${id}\` is not a job id`);
    return `${await this.root(opts)}/jobs/${id}`;
  }

  async probe(opts: OpOptions = {}): Promise<ProbeResult> {
    return probeResult(await this.probeHost(opts));
  }

  /** The full probe: GPUs with processes and users, load, memory. */
  async probeHost(opts: OpOptions = {}): Promise<HostProbe> {
    // With `loginShell`, through the login shell too: nvidia-smi may only be on the profile's PATH.
    const r = this.o.loginShell ? await this.sh(LOGIN_SH, [PROBE_SH], opts) : await this.sh(PROBE_SH, [], opts);
    return parseProbeOutput(r.stdout.toString('utf8'), this.name, this.id, thresholdsFrom(this.o.config));
  }

  async launch(job: ResolvedJob, opts: OpOptions = {}): Promise<JobInfo> {
    throwIfAborted(opts.signal);
    if (!isValidJobId(job.id)) throw new TrainyardError('bad-argument', `\`${job.id}\` is not a valid job id`);
    if (!fs.existsSync(job.workdir) || !fs.statSync(job.workdir).isDirectory()) {
      throw new TrainyardError('launch-failed', `the job's workdir ${job.workdir} is not a folder`);
    }
    opts.progress?.({ phase: 'sync', message: `connecting to ${this.conn.describe()}` });
    const want = job.resources.gpus ?? 0;
    const gpuProbe = want > 0 ? this.checkGpuRequest(job, opts) : undefined;
    gpuProbe?.catch(() => {}); // awaited below
    const createdAt = new Date().toISOString();
    let dir = '';
    // The job's files are made once the host's folder is known (the sync's first answer).
    const jobPart = async (root: string) => {
      this.rootPromise ??= Promise.resolve(root);
      dir = `${root}/jobs/${job.id}`;
      const remoteJob: ResolvedJob = { ...job, target: this.id, workdir: `${dir}/workdir` };
      const now = Date.now() / 1000;
      const files: TarEntry[] = [];
      const file = (name: string, text: string, mode: number) => {
        const data = Buffer.from(text, 'utf8');
        files.push({ name, type: 'file', mode, size: data.length, mtime: now, source: data });
      };
      // GPU jobs get CUDA_VISIBLE_DEVICES from the host's queue once GPUs are picked; a job that
      // asks for none sees none (an empty CUDA_VISIBLE_DEVICES), not every GPU of the host.
      const gpus = want > 0 ? undefined : [];
      for (const f of jobFiles(remoteJob, { dir, createdAt, cancelGraceSeconds: this.o.config.cancelGraceSeconds, gpus })) file(f.name, f.data, f.mode);
      file('log', '', 0o600);
      files.push({ name: 'outputs', type: 'dir', mode: 0o755, size: 0, mtime: now });
      if (gpuProbe) {
        await gpuProbe;
        const poll = Number(this.o.config.gpuQueuePollSeconds);
        const conf = gpuConf({ root, want, type: job.resources.gpu, thresholds: thresholdsFrom(this.o.config), pollSeconds: Number.isFinite(poll) && poll >= 1 ? poll : 10 });
        file('gpu.conf', conf, 0o644);
        file('queue.sh', QUEUE_SH, 0o755);
      }
      return { dir, files };
    };
    // The workdir goes to the host's cache (only what changed) and the job gets a hard-linked snapshot of it.
    await syncWorkdir(this, { workdir: job.workdir, trainyardDir: this.o.trainyardDir ?? '', host: this.name, home: this.home, job: jobPart }, opts);
    opts.progress?.({ phase: 'start', message: `starting ${job.id} on ${this.name}` });
    const s = await this.sh(START_SH, [dir, this.o.loginShell ? '1' : '0', want > 0 ? 'queue.sh' : 'runner.sh'], opts);
    if (s.code !== 0) throw new TrainyardError('launch-failed', `cannot start job ${job.id} on ${this.name}: ${s.stderr.toString().trim() || `exit ${s.code}`}`);
    return this.status(job.id, opts);
  }

  /**
   * GPU jobs wait on the host for their GPUs (./queue.ts); a request no amount of waiting can
   * meet (too few GPUs of the type) fails here instead.
   */
  private async checkGpuRequest(job: ResolvedJob, opts: OpOptions): Promise<void> {
    const probe = await this.probeHost(opts);
    const never = impossibleGpuRequest(probe.gpus, job.resources.gpus ?? 0, job.resources.gpu, this.name);
    if (never) throw new TrainyardError('no-free-gpu', probe.gpuError && !probe.gpus.length ? `${never} (${probe.gpuError})` : never);
  }

  /** Reads (and reconciles) the given jobs, or every job. */
  private async readJobs(ids: string[], opts: OpOptions): Promise<Map<string, JobInfo>> {
    const root = await this.root(opts);
    const r = await this.sh(STATE_SH, [root, ...ids], opts);
    if (r.code !== 0) throw new TrainyardError('host-unreachable', `cannot read jobs on ${this.name}: ${r.stderr.toString().trim()}`);
    const out = new Map<string, JobInfo>();
    for (const st of parseStateOutput(r.stdout.toString('utf8'))) {
      const rec = st.exists ? recordOf(st) : undefined;
      if (!rec) continue;
      out.set(st.id, await this.reconcile(st, infoOf(st, rec, this.id), root, opts));
    }
    return out;
  }

  private async reconcile(st: RemoteJobState, info: JobInfo, root: string, opts: OpOptions): Promise<JobInfo> {
    const fin = decideFinal(st, info, isoNow());
    if (!fin) return info;
    const r = await this.sh(FINALIZE_SH, [`${root}/jobs/${st.id}`, fin.status, fin.exitCode === null ? '' : String(fin.exitCode), fin.reason ?? '', fin.endedAt, fin.killPgid ?? ''], opts);
    if (r.code !== 0) return info;
    const out: JobInfo = { ...info, status: fin.status, exitCode: fin.exitCode, endedAt: fin.endedAt };
    if (fin.reason) out.reason = fin.reason;
    else delete out.reason;
    return out;
  }

  async list(opts: OpOptions = {}): Promise<JobInfo[]> {
    const jobs = [...(await this.readJobs([], opts)).values()];
    return jobs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  }

  async status(id: string, opts: OpOptions = {}): Promise<JobInfo> {
    if (!isValidJobId(id)) throw new TrainyardError('unknown-job', `\`${id}\` is not a job id`);
    const info = (await this.readJobs([id], opts)).get(id);
    if (!info) throw new TrainyardError('unknown-job', `no job \`${id}\` on ${this.name} (looked in ${await this.root(opts)}/jobs)`);
    return info;
  }

  logs(id: string, logOpts: LogOptions = {}, opts: OpOptions = {}): AsyncIterable<LogChunk> {
    return followLog(this, id, logOpts, opts);
  }

  metrics(id: string, logOpts: LogOptions = {}, opts: OpOptions = {}): AsyncIterable<MetricsBatch> {
    return metricsFromChunks(followLog(this, id, logOpts, opts, METRICS_FILE), Math.max(0, logOpts.fromOffset ?? 0));
  }

  async metricsPattern(id: string, opts: OpOptions = {}): Promise<string | undefined> {
    const text = await this.readJobFile(id, 'job.json', opts);
    if (text === undefined) throw new TrainyardError('unknown-job', `no job \`${id}\` on ${this.name}`);
    // (a torn job.json gives none: status reports the job as it can)
    return metricsPatternOf(parseJobRecord(text, id));
  }

  async cancel(id: string, opts: OpOptions = {}): Promise<JobInfo> {
    let info = await this.status(id, opts);
    if (isFinal(info.status)) return info;
    const dir = await this.jobDir(id, opts);
    const r = await this.sh(CANCEL_SH, [dir, '0'], opts);
    if (r.code !== 0) throw new TrainyardError('not-running', `cannot cancel ${id} on ${this.name}: ${r.stderr.toString().trim() || `exit ${r.code}`}`);
    const started = Date.now();
    let forced = false;
    for (;;) {
      info = await this.status(id, opts);
      if (isFinal(info.status)) return info;
      if (opts.signal?.aborted) throw abortError(opts.signal);
      if (!forced && Date.now() - started > this.o.config.cancelGraceSeconds * 1000 + CANCEL_EXTRA_MS) {
        forced = true; // the runner did not finish the job: take over
        await this.sh(CANCEL_SH, [dir, '1'], opts);
      }
      await delay(POLL_MS, opts.signal);
    }
  }

  async fetchOutputs(id: string, dest: string, opts: OpOptions = {}): Promise<string[]> {
    return (await this.fetch(id, dest, opts)).files;
  }

  /** fetchOutputs with what was skipped (symlinks out of the job directory…) and the bytes copied. */
  fetch(id: string, dest: string, opts: OpOptions = {}): Promise<FetchResult> {
    return fetchJobOutputs(this, id, dest, opts);
  }

  /** A file of the job directory (undefined when missing). */
  async readJobFile(id: string, name: string, opts: OpOptions = {}): Promise<string | undefined> {
    const r = await this.sh(CAT_SH, [`${await this.jobDir(id, opts)}/${name}`], opts);
    return r.code === 0 ? r.stdout.toString('utf8') : undefined;
  }

  async logTimes(id: string, opts: OpOptions = {}): Promise<Array<{ offset: number; time: number }>> {
    return parseLogTimestamps((await this.readJobFile(id, 'log.ts', opts)) ?? '').map((s) => ({ offset: s.offset, time: s.time.getTime() }));
  }

  async secretValues(id: string, opts: OpOptions = {}): Promise<string[]> {
    const text = await this.readJobFile(id, 'secrets.sh', opts);
    return text ? Object.values(parseShEnvFile(text)) : [];
  }

  async waitForChange(_id: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await delay(Math.min(timeoutMs, 1000), signal);
  }
}
