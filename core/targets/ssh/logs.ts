/**
 * Log streaming from an SSH host: LOGS_SH sends framed bytes (`D offset length` + bytes, then
 * `E status`). Every byte yielded carries its offset, so after a dropped connection the stream
 * resumes at exactly the next byte: no line lost, none repeated.
 */
import type { LogChunk, LogOptions, OpOptions } from '../types';
import { TrainyardError, abortError, throwIfAborted } from '../../errors';
import { LOGS_SH } from './scripts';
import type { METRICS_FILE } from '../../jobs/metrics';
import type { SshTarget } from './target';
import type { ClientChannel } from 'ssh2';

type Item = { chunk: LogChunk } | { end: string };

/** Splits LOGS_SH output into chunks with offsets and the end marker. */
export class FrameParser {
  private header = '';
  private remaining = 0;
  private offset = 0;
  constructor(private readonly emit: (i: Item) => void) {}

  push(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, buf.length - i);
        this.emit({ chunk: { offset: this.offset, data: Buffer.from(buf.subarray(i, i + n)) } });
        this.offset += n;
        this.remaining -= n;
        i += n;
        continue;
      }
      const nl = buf.indexOf(0x0a, i);
      if (nl < 0) {
        this.header += buf.subarray(i).toString('latin1');
        return;
      }
      const line = this.header + buf.subarray(i, nl).toString('latin1');
      this.header = '';
      i = nl + 1;
      const d = /^D (\d+) (\d+)$/.exec(line);
      const e = /^E (\S*)$/.exec(line);
      if (d) {
        this.offset = Number(d[1]);
        this.remaining = Number(d[2]);
      } else if (e) this.emit({ end: e[1]! });
    }
  }
}

/** A tiny async queue bridging stream events to an async generator. */
class Queue<T> {
  private items: T[] = [];
  private waiter?: () => void;
  private done = false;
  push(x: T): void {
    this.items.push(x);
    this.waiter?.();
  }
  close(): void {
    this.done = true;
    this.waiter?.();
  }
  async *drain(): AsyncGenerator<T> {
    for (;;) {
      while (this.items.length) yield this.items.shift()!;
      if (this.done) return;
      await new Promise<void>((r) => (this.waiter = r));
      this.waiter = undefined;
    }
  }
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'lost']);
const MAX_RECONNECTS = 8;

/** Streams a file of the job directory: `log` (default) or the metrics file (LOGS_SH's allowed names). */
export async function* followLog(t: SshTarget, id: string, logOpts: LogOptions, opts: OpOptions, file: 'log' | typeof METRICS_FILE = 'log'): AsyncGenerator<LogChunk> {
  let offset = Math.max(0, logOpts.fromOffset ?? 0);
  await t.status(id, opts); // unknown-job early (and reconciles a dead runner)
  const dir = await t.jobDir(id, opts);
  let failures = 0;
  for (;;) {
    throwIfAborted(opts.signal);
    const q = new Queue<Item>();
    let end: string | undefined;
    let exitCode: number | null = null;
    let dropped: Error | undefined;
    let ch: ClientChannel | undefined;
    try {
      ch = await t.conn.channel(['sh', '-c', LOGS_SH, 'sh', dir, String(offset), logOpts.follow ? '1' : '0', file], opts.signal);
      const parser = new FrameParser((i) => q.push(i));
      const onAbort = () => ch?.close();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      ch.on('data', (b: Buffer) => parser.push(b));
      ch.stderr.resume();
      ch.on('exit', (c: number | null) => (exitCode = c));
      ch.on('close', () => {
        opts.signal?.removeEventListener('abort', onAbort);
        q.close();
      });
      ch.end();
    } catch (e) {
      if (!(e instanceof TrainyardError && e.reason === 'host-unreachable') || ++failures > MAX_RECONNECTS) throw e;
      await backoff(failures, opts.signal);
      continue;
    }
    try {
      for await (const item of q.drain()) {
        if ('end' in item) end = item.end;
        else if (item.chunk.offset === offset) {
          offset += item.chunk.data.length;
          failures = 0;
          yield item.chunk;
        } else if (item.chunk.offset < offset && item.chunk.offset + item.chunk.data.length > offset) {
          // Never repeat bytes already yielded.
          const skip = offset - item.chunk.offset;
          const chunk = { offset, data: item.chunk.data.subarray(skip) };
          offset += chunk.data.length;
          yield chunk;
        }
      }
    } catch (e) {
      dropped = e as Error;
    } finally {
      // The consumer may stop early: never leave the remote loop running.
      ch.close();
    }
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (exitCode === 3) throw new TrainyardError('unknown-job', `job ${id} vanished from ${t.name}`);
    if (end !== undefined && (!logOpts.follow || FINAL.has(end))) return;
    if (end === 'stale') {
      // The runner died without a final status: reconcile, then drain what is left.
      await t.status(id, opts);
      continue;
    }
    // The channel closed without an end marker: the connection dropped. Resume at `offset`.
    if (++failures > MAX_RECONNECTS) {
      throw new TrainyardError('host-unreachable', `lost the ${file} stream of ${id} from ${t.name} ${failures} times; last offset ${offset}`, { cause: dropped });
    }
    await backoff(failures, opts.signal);
  }
}

function backoff(n: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, Math.min(100 * 2 ** (n - 1), 3000));
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
