/**
 * A job's metrics as records: from its metrics file (DESIGN.md: TRAINYARD_METRICS_FILE, JSON lines
 * with numeric fields and a `step` or `time` field) and from the spec's `metrics.pattern` applied to
 * its log lines (named groups → numeric fields). Only complete lines count (a line still being
 * written waits for its end); metrics-file lines that are not JSON objects (torn writes, stray
 * prints) are skipped, and of each record only the finite numeric fields are kept. The CLI's
 * `watch` and the extension's job monitor both read metrics through this module.
 */
import { TrainyardError } from '../errors';
import type { LogChunk, MetricsBatch } from '../targets/types';
import { maskSecrets } from './mask';

/** The metrics file's name in a job directory (TRAINYARD_METRICS_FILE points at it). */
export const METRICS_FILE = 'metrics.jsonl';

export type MetricRecord = Record<string, number>;

/** The numeric fields of one line, or undefined when the line is not a JSON object with any. */
export function parseMetricLine(line: string): MetricRecord | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: MetricRecord = {};
  let any = false;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isFinite(v)) {
      out[k] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}

/**
 * Splits byte chunks of the metrics file (each with its offset, as `Target.logs` yields them)
 * into batches of records. A batch's `offset` is the byte just past its last complete line:
 * resuming from it never repeats nor loses a record. At the end (the job is final) a last line
 * without a newline is parsed too.
 */
export async function* metricsFromChunks(chunks: AsyncIterable<LogChunk>, fromOffset = 0): AsyncGenerator<MetricsBatch> {
  let pending: Buffer = Buffer.alloc(0);
  let pendingStart = fromOffset;
  for await (const c of chunks) {
    // Chunks are contiguous; anything else (a restart) starts a fresh line buffer.
    if (c.offset !== pendingStart + pending.length) {
      pending = Buffer.alloc(0);
      pendingStart = c.offset;
    }
    pending = pending.length ? Buffer.concat([pending, c.data]) : c.data;
    const lastNl = pending.lastIndexOf(0x0a);
    if (lastNl < 0) continue;
    const complete = pending.subarray(0, lastNl + 1);
    pending = Buffer.from(pending.subarray(lastNl + 1));
    pendingStart += complete.length;
    const records: MetricRecord[] = [];
    for (const line of complete.toString('utf8').split('\n')) {
      const r = parseMetricLine(line);
      if (r) records.push(r);
    }
    if (records.length) yield { offset: pendingStart, records };
  }
  if (pending.length) {
    const r = parseMetricLine(pending.toString('utf8'));
    if (r) yield { offset: pendingStart + pending.length, records: [r] };
  }
}

// ---- the spec's `metrics.pattern` over log lines -------------------------------------------

/** A named group's text as a number: plain decimal notation only (`0.41`, `-3`, `1e-4`), no `0x…`, `Infinity` or empty text. */
const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Terminal escape sequences (colours, cursor moves): not part of what a pattern should see. */
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
/** A log line longer than this (a stream without any line break) is skipped, not buffered without end. */
export const MAX_PATTERN_LINE_BYTES = 64 * 1024;

/**
 * Compiles a spec's `metrics.pattern` (JavaScript syntax, no flags). A pattern that does not compile
 * is an expected failure (a hand-edited job.json, a job launched by another version): a
 * TrainyardError saying why, which callers report once and then go on without pattern metrics.
 */
export function compileMetricsPattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (e) {
    const why = String((e as Error).message).replace(/^Invalid regular expression: /, '');
    throw new TrainyardError('spec-invalid', `metrics.pattern \`${pattern}\` is not a valid regular expression (${why}); log lines are not matched`, { cause: e });
  }
}

/**
 * The record of one log line: each named group that matched numeric text becomes a field of that
 * name (a `step` group is the step, as in the metrics file); undefined when the line does not
 * match or no group holds a number. Escape sequences are removed before matching.
 */
export function patternRecord(re: RegExp, line: string): MetricRecord | undefined {
  const text = line.includes('\x1b') ? line.replace(ESCAPES, '') : line;
  const m = re.exec(text);
  if (!m?.groups) return undefined;
  const out: MetricRecord = {};
  let any = false;
  for (const [k, raw] of Object.entries(m.groups)) {
    if (raw === undefined) continue;
    const t = raw.trim();
    if (!NUMERIC.test(t)) continue;
    const n = Number(t);
    if (!Number.isFinite(n)) continue;
    out[k] = n;
    any = true;
  }
  return any ? out : undefined;
}

/** Secret values to mask in one line: each value, and each line of a value that spans lines. */
function lineSecrets(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    out.add(s);
    if (/[\r\n]/.test(s)) for (const part of s.split(/\r\n|\r|\n/)) if (part) out.add(part);
  }
  return [...out];
}

/**
 * Applies a `metrics.pattern` to a job's log bytes as they arrive, in any chunking. Lines end at
 * `\n` or `\r`, so each draw of a `\r` progress line (tqdm's) counts; a draw is held until the
 * next one shows it was not merely drawn again (tqdm draws its last state once more when it
 * closes), so a redraw giving the same record is not a second record. A line still being written
 * waits for its end. Secret values are masked before matching, as in every log Trainyard shows.
 * Offsets are bytes of the raw log: a batch's `offset` is where reading the log again resumes
 * without repeating or losing a record (past its last line, or at a draw still held).
 */
export class PatternMetricsReader {
  private readonly re: RegExp;
  private readonly secrets: string[];
  private pending: Buffer = Buffer.alloc(0);
  private pendingStart: number;
  /** The line being read was cut off as overlong: skip to its end. */
  private skipping = false;
  /** A `\r`-ended draw's record, not given out yet: the next draw may repeat it. */
  private held: { record: MetricRecord; key: string; start: number } | undefined;

  constructor(pattern: string | RegExp, o: { secrets?: readonly string[]; fromOffset?: number } = {}) {
    this.re = typeof pattern === 'string' ? compileMetricsPattern(pattern) : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    this.secrets = lineSecrets(o.secrets ?? []);
    this.pendingStart = Math.max(0, o.fromOffset ?? 0);
  }

  /** The records of the lines `data` completes. `offset` (where `data` begins in the log), when given, re-syncs after a gap. */
  push(data: Uint8Array, offset?: number): MetricsBatch | undefined {
    if (offset !== undefined && offset !== this.pendingStart + this.pending.length) {
      this.pending = Buffer.alloc(0);
      this.pendingStart = offset;
      this.skipping = false;
      this.held = undefined;
    }
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const all = this.pending.length ? Buffer.concat([this.pending, buf]) : buf;
    const records: MetricRecord[] = [];
    let start = 0;
    for (let i = 0; i < all.length; i++) {
      const b = all[i];
      if (b !== 0x0a && b !== 0x0d) continue;
      this.line(all.subarray(start, i), this.pendingStart + start, b === 0x0d, records);
      start = i + 1;
    }
    this.pendingStart += start;
    this.pending = Buffer.from(all.subarray(start));
    if (this.pending.length > MAX_PATTERN_LINE_BYTES) {
      this.pendingStart += this.pending.length;
      this.pending = Buffer.alloc(0);
      this.skipping = true;
    }
    return records.length ? { offset: this.resumeAt(), records } : undefined;
  }

  /** The log is complete: a draw still held, and its last line if it has no line break. */
  end(): MetricsBatch | undefined {
    const records: MetricRecord[] = [];
    if (this.pending.length) this.line(this.pending, this.pendingStart, false, records);
    else this.release(records);
    this.pendingStart += this.pending.length;
    this.pending = Buffer.alloc(0);
    return records.length ? { offset: this.pendingStart, records } : undefined;
  }

  private resumeAt(): number {
    return this.held ? this.held.start : this.pendingStart;
  }

  private release(records: MetricRecord[]): void {
    if (this.held) records.push(this.held.record);
    this.held = undefined;
  }

  /** One line (`bytes`, at log offset `start`), ended by `\r` or else by `\n` (or the end of the log). */
  private line(bytes: Buffer, start: number, endsWithCr: boolean, records: MetricRecord[]): void {
    if (this.skipping) {
      this.skipping = false;
      this.release(records);
      return;
    }
    if (!bytes.length) {
      // `\r\r` draws nothing; `\r\n` ends the line the held draw is on
      if (!endsWithCr) this.release(records);
      return;
    }
    let text = bytes.toString('utf8');
    if (this.secrets.length) text = maskSecrets(text, this.secrets);
    const record = patternRecord(this.re, text);
    const key = record && JSON.stringify(record);
    if (this.held && this.held.key === key) this.held = undefined; // drawn again: one record
    this.release(records);
    if (!record) return;
    if (endsWithCr) this.held = { record, key: key!, start };
    else records.push(record);
  }
}

/**
 * Pattern metrics of a log stream (`Target.logs` chunks, raw bytes with their offsets), as
 * metricsFromChunks does for the metrics file: batches whose `offset` resumes the log without
 * repeating or losing a record; at the end a last line without a line break counts too.
 */
export async function* patternMetricsFromChunks(chunks: AsyncIterable<LogChunk>, pattern: string | RegExp, o: { secrets?: readonly string[]; fromOffset?: number } = {}): AsyncGenerator<MetricsBatch> {
  const reader = new PatternMetricsReader(pattern, o);
  for await (const c of chunks) {
    const batch = reader.push(c.data, c.offset);
    if (batch) yield batch;
  }
  const last = reader.end();
  if (last) yield last;
}
