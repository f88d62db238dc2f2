/** Output helpers shared by the CLI commands: human text, JSON, colours and progress on stderr. */
import type { JobInfo } from '../core/targets/types';

export interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** True when stderr is a terminal: progress lines and colours go there. */
  tty: boolean;
  color: boolean;
}

export function defaultIo(): Io {
  const tty = Boolean((process.stderr as NodeJS.WriteStream).isTTY);
  const color = tty && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return { out: process.stdout, err: process.stderr, tty, color };
}

export function paint(io: Io, code: number, s: string): string {
  return io.color ? `\x1b[${code}m${s}\x1b[0m` : s;
}
export const red = (io: Io, s: string) => paint(io, 31, s);
export const green = (io: Io, s: string) => paint(io, 32, s);
export const yellow = (io: Io, s: string) => paint(io, 33, s);
export const dim = (io: Io, s: string) => paint(io, 2, s);

export function printJson(io: Io, value: unknown): void {
  io.out.write(JSON.stringify(value, null, 2) + '\n');
}

export function printJsonLine(io: Io, value: unknown): void {
  io.out.write(JSON.stringify(value) + '\n');
}

/** The job object of DESIGN.md's CLI contract, plus whatever else the target reports. */
export function jobJson(j: JobInfo): Record<string, unknown> {
  return {
    id: j.id,
    target: j.target,
    name: j.name,
    status: j.status,
    exitCode: j.exitCode,
    startedAt: j.startedAt,
    endedAt: j.endedAt,
    createdAt: j.createdAt,
    ...(j.reason !== undefined ? { reason: j.reason } : {}),
    ...(j.kind !== undefined ? { kind: j.kind } : {}),
    ...(j.stage !== undefined ? { stage: j.stage } : {}),
    ...(j.specPath !== undefined ? { specPath: j.specPath } : {}),
    ...(j.attempt !== undefined ? { attempt: j.attempt } : {}),
    // the GPU indices the job was given (CUDA_VISIBLE_DEVICES), only when it was given some
    ...(j.gpus?.length ? { gpus: j.gpus } : {}),
  };
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m % 60).padStart(2, '0')}m`;
}

export function jobDuration(j: JobInfo, now = Date.now()): string {
  if (!j.startedAt) return '-';
  const end = j.endedAt ? Date.parse(j.endedAt) : now;
  return formatDuration(end - Date.parse(j.startedAt));
}

export function statusText(io: Io, s: string): string {
  switch (s) {
    case 'succeeded':
      return green(io, s);
    case 'failed':
    case 'lost':
      return red(io, s);
    case 'running':
    case 'queued':
      return yellow(io, s);
    default:
      return s;
  }
}

/** Left-aligned table; the width of colour escapes is ignored. */
export function table(rows: string[][]): string {
  const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, plain(c).length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - plain(c).length))).join('  ').trimEnd())
    .join('\n') + '\n';
}

/** A one-line progress indicator on stderr (only on a TTY); `done()` clears it. */
export function progressLine(io: Io): { update(msg: string): void; done(): void } {
  let shown = false;
  return {
    update(msg: string) {
      if (!io.tty) return;
      io.err.write(`\r\x1b[2K${dim(io, msg)}`);
      shown = true;
    },
    done() {
      if (shown) io.err.write('\r\x1b[2K');
      shown = false;
    },
  };
}
