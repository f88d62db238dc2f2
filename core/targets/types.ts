/**
 * The Target contract of DESIGN.md. Local, SSH and Kubernetes targets implement it; the CLI,
 * the extension and the language server only ever talk to this interface.
 */
import type { ResolvedJob } from '../jobs/resolve';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled', 'lost']);
export function isFinal(s: JobStatus): boolean {
  return FINAL_STATUSES.has(s);
}

/** What a job runs: one command (`job`, `service`) or a controller of other jobs (`pipeline`, `sweep`). */
export type JobKind = 'job' | 'service' | 'pipeline' | 'sweep';

/** A job as every part sees it (CLI --json, tree views, the index). */
export interface JobInfo {
  id: string;
  /** Target string, e.g. `local`, `ssh:gpu1`, `k8s:ctx/ns`. */
  target: string;
  name: string;
  status: JobStatus;
  /** Exit code of the job's command; 128+N when signal N killed it; null while it runs. */
  exitCode: number | null;
  /** ISO 8601 timestamps. */
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** Why it ended this way, when it did not simply exit (e.g. `timeout`, `cancelled`). */
  reason?: string;
  kind?: JobKind;
  stage?: string;
  /** The pipeline or sweep job that launched this one. */
  parent?: string;
  specPath?: string;
  /** Attempt number (1-based) when `retries` is used. */
  attempt?: number;
  gpus?: string[];
}

export type ProgressPhase = 'sync' | 'submit' | 'start';
export interface ProgressEvent {
  phase: ProgressPhase;
  message: string;
  /** 0..1 when known. */
  fraction?: number;
}

export interface OpOptions {
  signal?: AbortSignal;
  progress?: (e: ProgressEvent) => void;
}

export interface LogOptions {
  /** Byte offset to start from (resume after a reconnect). */
  fromOffset?: number;
  /** Keep streaming until the job reaches a final status. */
  follow?: boolean;
}

export interface LogChunk {
  /** Byte offset of `data` in the job's log. */
  offset: number;
  data: Buffer;
}

/** Records of a job's metrics file (TRAINYARD_METRICS_FILE), numeric fields only. */
export interface MetricsBatch {
  /** Byte offset in the metrics file just past these records' lines: pass it as `fromOffset` to resume. */
  offset: number;
  records: Array<Record<string, number>>;
}

export interface ProbeResult {
  target: string;
  ok: boolean;
  message?: string;
  gpus?: Array<{ index: number; name: string; memoryTotalMiB?: number; memoryUsedMiB?: number; utilization?: number }>;
}

export interface Target {
  /** The canonical target string (`local`, `ssh:…`, `k8s:…`). */
  readonly id: string;
  probe(opts?: OpOptions): Promise<ProbeResult>;
  launch(job: ResolvedJob, opts?: OpOptions): Promise<JobInfo>;
  list(opts?: OpOptions): Promise<JobInfo[]>;
  status(id: string, opts?: OpOptions): Promise<JobInfo>;
  /** Yields the log from `fromOffset`; with `follow`, until the job is final and the log drained. */
  logs(id: string, logOpts: LogOptions, opts?: OpOptions): AsyncIterable<LogChunk>;
  cancel(id: string, opts?: OpOptions): Promise<JobInfo>;
  /** Copies the job's `outputs` into `dest`; returns the paths written. */
  fetchOutputs(id: string, dest: string, opts?: OpOptions): Promise<string[]>;
  /**
   * When each part of the log was written: samples `{ offset, time }` (time in ms since the
   * epoch) meaning "the log had `offset` bytes at `time`". Used by `logs --timestamps`.
   */
  logTimes?(id: string, opts?: OpOptions): Promise<Array<{ offset: number; time: number }>>;
  /** The secret values a job was given, so that what is shown of it can be masked. */
  secretValues?(id: string, opts?: OpOptions): Promise<string[]>;
  /**
   * The job's metrics records from byte `fromOffset` of its metrics file; with `follow`, until the
   * job is final and the file drained. Torn and non-JSON lines are skipped (core/jobs/metrics.ts).
   */
  metrics?(id: string, logOpts: LogOptions, opts?: OpOptions): AsyncIterable<MetricsBatch>;
  /**
   * The spec's `metrics.pattern` the job was launched with (its job.json), undefined when it has
   * none; applied to the log by core/jobs/metrics.ts (`watch`, the job monitor).
   */
  metricsPattern?(id: string, opts?: OpOptions): Promise<string | undefined>;
  /** Resolves when the job's state may have changed (or after `timeoutMs`); used by followers. */
  waitForChange?(id: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
}
