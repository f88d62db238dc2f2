/**
 * What ML-aware checks return: plain findings about a JSON value, located by JSON pointer
 * (RFC 6901, `/zero_optimization/stage`; the root is ``). The language server maps pointers to
 * ranges; the checks themselves do no I/O and know nothing about text positions.
 */
import { escapeSegment } from '../yaml/pointer';

export type CheckSeverity = 'error' | 'warning' | 'info';

export interface CheckFinding {
  /** JSON pointer of the value the finding is about. */
  pointer: string;
  /** A message a user can act on. Starts lower-case, no trailing period. */
  message: string;
  severity: CheckSeverity;
}

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One segment of a JSON pointer, escaped. */
export function pointerSegment(key: string | number): string {
  return escapeSegment(String(key));
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('');
}
