/**
 * The typed model of Trainyard specs. The loader (core/spec/load.ts) produces these from YAML,
 * keeping source positions so every part can point at the exact key or value.
 */

/** 1-based line and column, as users and editors (after -1) count them. */
export interface Position {
  line: number;
  column: number;
  /** 0-based character offset into the text. */
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  file: string;
  severity: Severity;
  /** A message a user can act on. Starts lower-case, no trailing period. */
  message: string;
  /** Stable machine code, e.g. `yaml-syntax`, `unknown-key`, `missing-required`, `type`, `enum`, `pipeline-cycle`. */
  code: string;
  range: Range;
  /** JSON pointer of the value the problem is about (`/resources/gpus`), when known. */
  pointer?: string;
  /** A suggested replacement (did-you-mean), when there is one. */
  suggestion?: string;
}

/** Where a value (and its key, for object members) sits in the source. */
export interface SourceSpan {
  key?: Range;
  value: Range;
}

/** JSON pointer (RFC 6901, `/a/0/b`; root is ``) → span. */
export type SourceMap = Map<string, SourceSpan>;

export const SPEC_KINDS = ['job', 'service', 'pipeline', 'sweep'] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];
export const STAGES = ['data', 'train', 'evaluate', 'deploy'] as const;
export type Stage = (typeof STAGES)[number];

/** An env value: a literal or a reference to a secret (never written into the spec). */
export type EnvValue = string | number | boolean | { secret: string };

export interface Resources {
  gpus?: number;
  gpu?: string;
  cpus?: number;
  memory?: string;
}

export interface MetricsSpec {
  /** JSON-lines file the job writes; default `$TRAINYARD_METRICS_FILE`. */
  file?: string;
  /** Regex with named groups applied to log lines, e.g. `loss=(?<loss>[0-9.]+)`. */
  pattern?: string;
}

/** Fields shared by jobs and services. */
export interface RunnableBody {
  name?: string;
  description?: string;
  stage?: Stage;
  target?: string;
  resources?: Resources;
  image?: string;
  workdir?: string;
  env?: Record<string, EnvValue>;
  setup?: string;
  run: string;
  outputs?: string[];
  metrics?: MetricsSpec;
  timeout?: string;
  retries?: number;
}

export interface JobSpec extends RunnableBody {
  version: number;
  kind: 'job';
}

export interface ServiceSpec extends RunnableBody {
  version: number;
  kind: 'service';
  port?: number;
  health?: string;
  replicas?: number;
}

export interface PipelineStage {
  /** Path of a job/service spec, relative to the pipeline file. Exactly one of spec | job | service. */
  spec?: string;
  job?: RunnableBody;
  service?: RunnableBody & { port?: number; health?: string; replicas?: number };
  needs?: string[];
}

export interface PipelineSpec {
  version: number;
  kind: 'pipeline';
  name?: string;
  description?: string;
  target?: string;
  env?: Record<string, EnvValue>;
  /** Stage name → stage. */
  stages: Record<string, PipelineStage>;
}

export type SweepValue = string | number | boolean;
export type SweepParam = SweepValue[] | { min: number; max: number; scale?: 'linear' | 'log'; integer?: boolean };

export interface SweepSpec {
  version: number;
  kind: 'sweep';
  name?: string;
  description?: string;
  target?: string;
  /** Path of a job spec, or an inline job body. */
  job: string | RunnableBody;
  matrix: Record<string, SweepParam>;
  strategy?: 'grid' | 'random';
  samples?: number;
  seed?: number;
  parallel?: number;
  metric?: { name: string; goal: 'minimize' | 'maximize' };
}

export type AnySpec = JobSpec | ServiceSpec | PipelineSpec | SweepSpec;

export interface LoadedSpec {
  /** Path as given by the caller (used in problem locations). */
  file: string;
  /** Decoded text (empty when the file could not be decoded). */
  text: string;
  /** The plain JSON value of the document (undefined on fatal syntax errors). */
  value: unknown;
  /** Set when `kind` is present and known, even if other problems exist. */
  kind?: SpecKind;
  /**
   * Set only when there are no error-severity problems, but for errors about the spec's own
   * target that a launch on another target does not meet (`k8s-image`).
   */
  spec?: AnySpec;
  map: SourceMap;
  problems: Problem[];
}
