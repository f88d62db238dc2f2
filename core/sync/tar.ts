/**
 * A POSIX tar (ustar + pax headers for long or non-ASCII names) written in node, so shipping a
 * workdir needs no local `tar` (macOS and Windows clients included). The host unpacks it with
 * `tar -xf -`. Files are streamed one at a time, never all held in memory.
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';

export interface TarEntry {
  /** Path inside the archive, `/`-separated; folders without a trailing slash. */
  name: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  size: number;
  mtime: number; // seconds
  /** For files: where to read the bytes (or the bytes themselves). */
  source?: string | Buffer;
  linkname?: string;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return Buffer.from(`${len}${body}`, 'utf8');
}

function rawHeader(name: string, size: number, mode: number, mtime: number, flag: string, linkname = ''): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode & 0o7777, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(Math.max(0, Math.floor(mtime)), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(flag, 156, 'latin1');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512, 0);
const needsPax = (s: string) => Buffer.byteLength(s) > 99 || /[^\x20-\x7e]/.test(s);

/** The header block(s) of one entry. */
export function entryHeader(e: TarEntry): Buffer {
  const name = e.type === 'dir' ? e.name + '/' : e.name;
  const flag = e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0';
  const parts: Buffer[] = [];
  const pax: Buffer[] = [];
  if (needsPax(name)) pax.push(paxRecord('path', name));
  if (e.linkname && needsPax(e.linkname)) pax.push(paxRecord('linkpath', e.linkname));
  if (pax.length) {
    const body = Buffer.concat(pax);
    parts.push(rawHeader('PaxHeader', body.length, 0o644, e.mtime, 'x'), body, pad(body.length));
  }
  const shortName = needsPax(name) ? name.replace(/[^\x20-\x7e]/g, '_').slice(-99) : name;
  const shortLink = e.linkname && needsPax(e.linkname) ? '' : (e.linkname ?? '');
  parts.push(rawHeader(shortName, e.type === 'file' ? e.size : 0, e.mode, e.mtime, flag, shortLink));
  return Buffer.concat(parts);
}

export interface TarStreamHooks {
  /** Called as an entry starts. */
  onEntry?: (e: TarEntry) => void;
  /** Called with each chunk of a file's bytes as it is read (e.g. to hash what is sent). */
  onData?: (e: TarEntry, chunk: Buffer) => void;
}

/** Chunks handed to the consumer: big enough that an SSH channel sends full packets. */
const BATCH = 1 << 20;

/**
 * A readable tar stream of `entries` (file bytes read when their turn comes). Headers, padding
 * and file bytes are packed into chunks of 1 MiB, read with synchronous calls straight into the
 * chunk (small files cost an open, a read and a close, not a dozen promises), so the stream is
 * cheap to produce and is never written to an SSH channel a few hundred bytes at a time.
 */
export function tarStream(entries: Iterable<TarEntry>, hooks: TarStreamHooks | ((e: TarEntry) => void) = {}): Readable {
  const { onEntry, onData } = typeof hooks === 'function' ? { onEntry: hooks, onData: undefined } : hooks;
  function* gen(): Generator<Buffer> {
    let out = Buffer.allocUnsafe(BATCH);
    let used = 0;
    function* put(b: Buffer): Generator<Buffer> {
      let off = 0;
      while (off < b.length) {
        const n = Math.min(b.length - off, BATCH - used);
        b.copy(out, used, off, off + n);
        used += n;
        off += n;
        if (used === BATCH) {
          yield out;
          out = Buffer.allocUnsafe(BATCH);
          used = 0;
        }
      }
    }
    for (const e of entries) {
      onEntry?.(e);
      yield* put(entryHeader(e));
      if (e.type !== 'file') continue;
      let written = 0;
      if (Buffer.isBuffer(e.source)) {
        const chunk = e.source.subarray(0, e.size);
        onData?.(e, chunk);
        yield* put(chunk);
        written = chunk.length;
      } else if (e.source) {
        // A file that grew or shrank since it was listed: exactly `size` bytes are sent.
        const fd = fs.openSync(e.source, 'r');
        try {
          while (written < e.size) {
            const n = fs.readSync(fd, out, used, Math.min(BATCH - used, e.size - written), written);
            if (n === 0) break;
            onData?.(e, out.subarray(used, used + n));
            used += n;
            written += n;
            if (used === BATCH) {
              yield out;
              out = Buffer.allocUnsafe(BATCH);
              used = 0;
            }
          }
        } finally {
          fs.closeSync(fd);
        }
      }
      if (written < e.size) {
        const zeros = Buffer.alloc(e.size - written, 0);
        onData?.(e, zeros);
        yield* put(zeros);
      }
      yield* put(pad(e.size));
    }
    yield* put(Buffer.alloc(1024, 0));
    if (used) yield out.subarray(0, used);
  }
  return Readable.from(gen(), { objectMode: false, highWaterMark: BATCH });
}
