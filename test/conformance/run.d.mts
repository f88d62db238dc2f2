// Types of run.mjs for the TypeScript tests that import it.
export interface ConformanceCase { suite: string; name: string; dir: string }
export type Outcome = 'ok' | 'false-error' | 'miss' | 'no-answer';
export interface DocResult { suite: string; name: string; kind: 'valid' | 'invalid'; file: string; errors: string[]; outcome: Outcome }
export interface Tally { valid: number; falseErrors: number; invalid: number; misses: number; noAnswer: number }
export interface ServerConfig { command: string[]; settings: Record<string, unknown>; settleMs: number }
export const repoRoot: string;
export const servers: Record<'trainyard' | 'yaml-language-server', ServerConfig>;
export function suitesUnder(roots: Array<{ suite: string; root: string }>): ConformanceCase[];
export function defaultSuites(): ConformanceCase[];
export function documentsOf(c: ConformanceCase): Array<{ kind: 'valid' | 'invalid'; file: string; path: string }>;
export function withModeline(text: string, schemaPath: string): string;
export function runConformance(opts?: {
  command: string[];
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  cases?: ConformanceCase[];
  settleMs?: number;
  timeoutMs?: number;
  concurrency?: number;
  onResult?: (r: DocResult) => void;
}): Promise<{ results: DocResult[]; stderr: string }>;
export function tally(results: DocResult[]): Record<string, Tally>;
export function formatTally(t: Record<string, Tally>): string;
