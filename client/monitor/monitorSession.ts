/**
 * What one job monitor panel shows, kept in the extension host: the job (followed through the
 * Jobs model), its log (a LogStore fed by the target's log stream, secrets masked), its metrics
 * (metrics file, else the spec's pattern over log lines) and GPU samples (Target.probe, while
 * the job runs). The webview gets data only after it says `ready`, and everything again on
 * every `ready` (a webview that was hidden is rebuilt and asks again).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { findJob, isFinal, jobLogs, LocalTarget, type JobInfo, type Target } from '../engine';
import { log } from '../log';
import { LogStore } from '../models/logStore';
import { MetricsFileReader, PatternMetrics } from '../models/metrics';
import { settings } from '../settings';
import { MAX_SEARCH_MATCHES, type GpuSample, type JobView, type MetricPoint, type ToWebview } from '../../webviews/protocol';

const INFO_THROTTLE_MS = 100;
/** The quickest GPU sampling, whatever probeInterval says (probes cost a process each). */
const MIN_GPU_MS = 2000;

export function jobView(j: JobInfo): JobView {
  return {
    id: j.id, name: j.name, target: j.target, status: j.status, exitCode: j.exitCode, createdAt: j.createdAt,
    startedAt: j.startedAt, endedAt: j.endedAt, reason: j.reason, specPath: j.specPath, gpus: j.gpus,
  };
}

export class MonitorSession implements vscode.Disposable {
  readonly store = new LogStore();
  private readonly ctl = new AbortController();
  private target: Target | undefined;
  job: JobInfo | undefined;
  private ready = false;
  private started = false;
  private logDone = false;
  private infoTimer: NodeJS.Timeout | undefined;
  private metricsSource: 'file' | 'pattern' | 'none' = 'none';
  readonly metrics: MetricPoint[] = [];
  private patternPoints: MetricPoint[] = [];
  private pattern: PatternMetrics | undefined;
  private readonly gpu: GpuSample[] = [];
  private searchCtl: { aborted: boolean } | undefined;
  private readonly disposers: Array<() => void> = [];

  constructor(
    readonly jobId: string,
    private readonly post: (m: ToWebview) => void,
  ) {}

  /** The webview is listening: (re)send everything, starting the feeds the first time. */
  async onReady(): Promise<void> {
    this.ready = true;
    if (!this.started) {
      this.started = true;
      await this.start();
    }
    if (this.job) this.post({ type: 'job', job: jobView(this.job) });
    this.sendInfo();
    this.post({ type: 'metrics', reset: true, source: this.metricsSource, points: this.metrics });
    if (this.gpu.length) this.post({ type: 'gpu', reset: true, samples: this.gpu });
  }

  /** The job changed state (from the Jobs model). */
  updateJob(info: JobInfo): void {
    const before = this.job;
    this.job = info;
    if (this.ready && (before?.status !== info.status || before?.endedAt !== info.endedAt)) this.post({ type: 'job', job: jobView(info) });
  }

  lines(requestId: number, start: number, count: number): void {
    this.post({ type: 'lines', requestId, start, lines: this.store.lines(start, count) });
  }

  async search(requestId: number, query: string, caseSensitive: boolean): Promise<void> {
    if (this.searchCtl) this.searchCtl.aborted = true;
    const ctl = { aborted: false };
    this.searchCtl = ctl;
    const { matches, truncated } = await this.store.search(query, caseSensitive, MAX_SEARCH_MATCHES, ctl);
    if (!ctl.aborted) this.post({ type: 'searchResult', requestId, query, matches, truncated });
  }

  private async start(): Promise<void> {
    try {
      const { target, info } = await findJob(this.jobId, { target: this.job?.target });
      this.target = target;
      this.job = info;
    } catch (err) {
      this.post({ type: 'notice', level: 'error', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    await this.setUpMetrics();
    void this.streamLog();
    void this.sampleGpus();
  }

  private async streamLog(): Promise<void> {
    try {
      for await (const chunk of jobLogs(this.jobId, { follow: true }, { target: this.job!.target, signal: this.ctl.signal })) {
        this.store.append(chunk.data);
        if (this.pattern) this.addPatternPoints(this.pattern.push(chunk.data));
        this.scheduleInfo();
      }
      if (this.pattern) this.addPatternPoints(this.pattern.end());
      this.logDone = true;
      this.scheduleInfo();
    } catch (err) {
      if (this.ctl.signal.aborted) return;
      log().warn(`monitor: log of ${this.jobId} stopped: ${err instanceof Error ? err.message : String(err)}`);
      this.post({ type: 'notice', level: 'error', message: `log stream stopped: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      this.readMetricsFile();
    }
  }

  private scheduleInfo(): void {
    if (this.infoTimer || !this.ready) return;
    this.infoTimer = setTimeout(() => {
      this.infoTimer = undefined;
      this.sendInfo();
    }, INFO_THROTTLE_MS);
  }

  private sendInfo(): void {
    if (this.ready) this.post({ type: 'logInfo', lineCount: this.store.lineCount, byteLength: this.store.byteLength, done: this.logDone });
  }

  // ---- metrics ------------------------------------------------------------------------------

  private metricsFile: string | undefined;
  private metricsOffset = 0;
  private readonly metricsReader = new MetricsFileReader();

  private async setUpMetrics(): Promise<void> {
    let pattern: string | undefined;
    try {
      // the pattern the job was launched with (its job.json, wherever it runs)
      pattern = this.target?.metricsPattern ? await this.target.metricsPattern(this.jobId, { signal: this.ctl.signal }) : patternFromSpec(this.job?.specPath);
    } catch (err) {
      log().debug(`monitor: no metrics.pattern for ${this.jobId}: ${err instanceof Error ? err.message : String(err)}`);
      pattern = patternFromSpec(this.job?.specPath);
    }
    if (this.target instanceof LocalTarget) {
      try {
        const rec = this.target.record(this.jobId);
        const dir = this.target.jobDir(this.jobId);
        this.metricsFile = rec.metrics?.file ? path.resolve(rec.workdir, rec.metrics.file) : path.join(dir, 'metrics.jsonl');
        // any change in the job's folder may be metrics (a custom file elsewhere is read with the log)
        const watcher = fs.watch(dir, { persistent: false }, () => this.readMetricsFile());
        watcher.on('error', () => watcher.close());
        this.disposers.push(() => watcher.close());
        this.readMetricsFile();
      } catch (err) {
        log().debug(`monitor: no metrics file for ${this.jobId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (pattern) {
      try {
        this.pattern = new PatternMetrics(pattern);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log().warn(`monitor: ${this.jobId}: ${message}`);
        this.post({ type: 'notice', level: 'error', message });
      }
    }
  }

  private readMetricsFile(): void {
    if (!this.metricsFile) return;
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.metricsFile, 'r');
      const size = fs.fstatSync(fd).size;
      if (size <= this.metricsOffset) return;
      const buf = Buffer.alloc(size - this.metricsOffset);
      fs.readSync(fd, buf, 0, buf.length, this.metricsOffset);
      this.metricsOffset = size;
      const points = this.metricsReader.push(buf.toString('utf8'));
      if (!points.length) return;
      const reset = this.metricsSource !== 'file';
      if (reset) this.metrics.length = 0;
      this.metricsSource = 'file';
      this.metrics.push(...points);
      if (this.ready) this.post({ type: 'metrics', reset, source: 'file', points: reset ? this.metrics : points });
    } catch {
      // not written yet
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  private addPatternPoints(points: MetricPoint[]): void {
    if (!points.length) return;
    this.patternPoints.push(...points);
    if (this.metricsSource === 'file') return; // the file wins when the job writes one
    this.metricsSource = 'pattern';
    this.metrics.push(...points);
    if (this.ready) this.post({ type: 'metrics', reset: false, source: 'pattern', points });
  }

  // ---- GPUs ---------------------------------------------------------------------------------

  private async sampleGpus(): Promise<void> {
    const wanted = new Set((this.job?.gpus ?? []).map(Number).filter(Number.isInteger));
    if (!wanted.size || !this.target) return;
    const every = Math.max(MIN_GPU_MS, settings().probeInterval * 1000);
    while (!this.ctl.signal.aborted && this.job && !isFinal(this.job.status)) {
      if (vscode.workspace.isTrusted) {
        try {
          const probe = await this.target.probe({ signal: this.ctl.signal });
          const gpus = (probe.gpus ?? []).filter((g) => wanted.has(g.index)).map((g) => ({
            index: g.index, name: g.name, utilization: g.utilization, memoryUsedMiB: g.memoryUsedMiB, memoryTotalMiB: g.memoryTotalMiB,
          }));
          if (gpus.length) {
            const sample = { time: Date.now(), gpus };
            this.gpu.push(sample);
            if (this.gpu.length > 3600) this.gpu.splice(0, this.gpu.length - 3600);
            if (this.ready) this.post({ type: 'gpu', reset: false, samples: [sample] });
          }
        } catch (err) {
          if (this.ctl.signal.aborted) return;
          log().debug(`monitor: GPU probe for ${this.jobId} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      await new Promise((r) => setTimeout(r, every));
    }
  }

  dispose(): void {
    this.ctl.abort();
    if (this.searchCtl) this.searchCtl.aborted = true;
    if (this.infoTimer) clearTimeout(this.infoTimer);
    for (const d of this.disposers.splice(0)) d();
  }
}

/** `metrics.pattern` of a spec file, when it can be read here. */
function patternFromSpec(specPath: string | undefined): string | undefined {
  if (!specPath) return undefined;
  try {
    const v = parse(fs.readFileSync(specPath, 'utf8')) as { metrics?: { pattern?: unknown } } | undefined;
    return typeof v?.metrics?.pattern === 'string' ? v.metrics.pattern : undefined;
  } catch {
    return undefined;
  }
}
