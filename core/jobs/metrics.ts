/**
 * A job's metrics file (DESIGN.md: TRAINYARD_METRICS_FILE, JSON lines with numeric fields and a
 * `step` or `time` field) turned into records. Only complete lines count (a line still being
 * written waits for its newline); lines that are not JSON objects (torn writes, stray prints)
 * are skipped, and of each record only the finite numeric fields are kept.
 */
import type { LogChunk, MetricsBatch } from '../targets/types';

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
