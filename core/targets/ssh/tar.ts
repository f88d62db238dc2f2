/**
 * A POSIX tar (ustar + pax headers for long or non-ASCII names) written in node, so shipping a
 * workdir needs no local `tar` (macOS and Windows clients included). The host unpacks it with
 * `tar -xf -`. Files are streamed one at a time, never all held in memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { IgnoreMatcher } from './ignore';

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

/** A readable tar stream of `entries` (file bytes read when their turn comes). */
export function tarStream(entries: Iterable<TarEntry>, onEntry?: (e: TarEntry) => void): Readable {
  const it = entries[Symbol.iterator]();
  async function* gen(): AsyncGenerator<Buffer> {
    for (let n = it.next(); !n.done; n = it.next()) {
      const e = n.value;
      onEntry?.(e);
      yield entryHeader(e);
      if (e.type !== 'file') continue;
      let written = 0;
      if (Buffer.isBuffer(e.source)) {
        yield e.source.subarray(0, e.size);
        written = Math.min(e.size, e.source.length);
      } else if (e.source) {
        // A file that grew or shrank since it was listed: exactly `size` bytes are sent.
        const fh = await fs.promises.open(e.source, 'r');
        try {
          const buf = Buffer.alloc(256 * 1024);
          while (written < e.size) {
            const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, e.size - written), written);
            if (bytesRead === 0) break;
            yield Buffer.from(buf.subarray(0, bytesRead));
            written += bytesRead;
          }
        } finally {
          await fh.close();
        }
      }
      if (written < e.size) yield Buffer.alloc(e.size - written, 0);
      yield pad(e.size);
    }
    yield Buffer.alloc(1024, 0);
  }
  return Readable.from(gen(), { objectMode: false });
}

export interface WalkSummary {
  files: number;
  bytes: number;
}

/**
 * Entries of a workdir under `prefix/`, honouring .gitignore/.trainyardignore; symlinks are
 * kept as links. Sorted, so the archive is reproducible.
 */
export function workdirEntries(root: string, prefix: string, summary: WalkSummary = { files: 0, bytes: 0 }): TarEntry[] {
  const out: TarEntry[] = [];
  const ig = new IgnoreMatcher(root);
  const walk = (rel: string): void => {
    ig.enter(rel);
    const abs = path.join(root, rel);
    for (const name of fs.readdirSync(abs).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(abs, name);
      const st = fs.lstatSync(full);
      const isDir = st.isDirectory();
      if (ig.ignored(r, isDir)) continue;
      const base = { name: `${prefix}/${r}`, mode: st.mode & 0o7777, mtime: st.mtimeMs / 1000, size: 0 };
      if (isDir) {
        out.push({ ...base, type: 'dir' });
        walk(r);
      } else if (st.isSymbolicLink()) {
        out.push({ ...base, type: 'symlink', linkname: fs.readlinkSync(full).split(path.sep).join('/') });
      } else if (st.isFile()) {
        out.push({ ...base, type: 'file', size: st.size, source: full });
        summary.files++;
        summary.bytes += st.size;
      }
    }
  };
  out.push({ name: prefix, type: 'dir', mode: 0o755, mtime: Date.now() / 1000, size: 0 });
  walk('');
  return out;
}
