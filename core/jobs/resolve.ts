/**
 * A ResolvedJob is exactly what a Target runs: every default applied, target chosen, env
 * resolved (secrets kept apart so they are only ever written to 0600 files and masked).
 * `trainyard render` prints this (with secrets masked).
 */
import type { Resources, MetricsSpec } from '../spec/model';

export interface ResolvedJob {
  /** Unique, short, no `/` or `:` (DESIGN.md). */
  id: string;
  name: string;
  kind: 'job' | 'service';
  stage?: string;
  /** Canonical target string. */
  target: string;
  /** Absolute path of the spec file, and its text at launch time (the snapshot). */
  specPath: string;
  specText: string;
  /** Absolute local path of the folder the job runs in / that gets shipped. */
  workdir: string;
  setup?: string;
  run: string;
  /** Plain env values from the spec (and --env), all strings. */
  env: Record<string, string>;
  /** Env values that came from secrets: name → value. Never logged or printed. */
  secretEnv: Record<string, string>;
  resources: Resources;
  image?: string;
  outputs: string[];
  metrics: MetricsSpec;
  timeoutSeconds?: number;
  retries: number;
  port?: number;
  health?: string;
  replicas?: number;
}
