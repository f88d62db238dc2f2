/**
 * A job's metrics, from its metrics file (JSON lines with numeric fields and a `step` or `time`
 * field, DESIGN.md) or from the spec's `metrics.pattern` (a regex with named groups) applied to
 * log lines. No `vscode` import.
 */
import { PatternMetricsReader, type MetricRecord } from '../../core/jobs/metrics';
import type { MetricPoint } from '../../webviews/protocol';

/** One metrics-file line → a point; undefined for blank, malformed or number-less lines. */
export function parseMetricsLine(line: string, fallbackX: number): MetricPoint | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const values: Record<string, number> = {};
  let x: number | undefined;
  for (const [k, raw] of Object.entries(v as Record<string, unknown>)) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (k === 'step') {
      if (Number.isFinite(n)) x = n;
    } else if (k === 'time') {
      const t = typeof raw === 'string' && !Number.isFinite(n) ? Date.parse(raw) : n;
      if (x === undefined && Number.isFinite(t)) x = t;
    } else if (Number.isFinite(n) && Object.keys(values).length < 200) values[k] = n;
  }
  if (!Object.keys(values).length) return undefined;
  return { x: x ?? fallbackX, values };
}

/** Reads metrics-file text incrementally (it may end in the middle of a line). */
export class MetricsFileReader {
  private pending = '';
  private count = 0;

  push(text: string): MetricPoint[] {
    const all = this.pending + text;
    const lines = all.split('\n');
    this.pending = lines.pop() ?? '';
    const out: MetricPoint[] = [];
    for (const l of lines) {
      const p = parseMetricsLine(l, this.count);
      if (p) {
        out.push(p);
        this.count++;
      }
    }
    return out;
  }
}

/**
 * The spec's `metrics.pattern` over the log as it arrives (core/jobs/metrics.ts, the same reading
 * `trainyard watch` does): named groups give the values; a `step` group gives x, else the
 * match's ordinal. Throws on a pattern JavaScript cannot compile.
 */
export class PatternMetrics {
  private readonly reader: PatternMetricsReader;
  private count = 0;

  constructor(pattern: string) {
    this.reader = new PatternMetricsReader(pattern);
  }

  /** Log bytes (already masked), in any chunking: the points of the lines they complete. */
  push(data: Uint8Array): MetricPoint[] {
    return this.points(this.reader.push(data)?.records);
  }

  /** The log is complete: a last line without a line break. */
  end(): MetricPoint[] {
    return this.points(this.reader.end()?.records);
  }

  private points(records: MetricRecord[] | undefined): MetricPoint[] {
    const out: MetricPoint[] = [];
    for (const r of records ?? []) {
      const { step, ...values } = r;
      if (!Object.keys(values).length) continue;
      out.push({ x: step ?? this.count, values });
      this.count++;
    }
    return out;
  }
}
