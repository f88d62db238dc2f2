/**
 * The local side of a workdir sync: every file, symlink and folder of the workdir that ships
 * (.gitignore/.trainyardignore honoured with the launch's ignore rules, `.git/` never), with
 * what the quick check needs (size, mtime, mode), and content hashes (sha256) computed only
 * for files whose size or mtime differ from the last sync's manifest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { IgnoreMatcher } from './ignore';

export type EntryType = 'f' | 'l' | 'd';

export interface LocalEntry {
  /** `/`-separated, relative to the workdir. */
  path: string;
  type: EntryType;
  size: number;
  mtimeMs: number;
  mode: number;
  /** Symlink target. */
  link?: string;
  /** Absolute local path (files). */
  abs: string;
}

/**
 * The walk, one folder per step (a generator), so that the async form can give the event loop
 * a turn between folders: the SSH handshake and the host's listing progress while it runs.
 */
function* walkSteps(root: string, out: LocalEntry[]): Generator<void> {
  const ig = new IgnoreMatcher(root);
  function* walk(rel: string): Generator<void> {
    ig.enter(rel);
    const dir = path.join(root, rel);
    for (const name of fs.readdirSync(dir).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(dir, name);
      const st = fs.lstatSync(abs);
      const isDir = st.isDirectory();
      if (ig.ignored(r, isDir)) continue;
      const base = { path: r, size: 0, mtimeMs: st.mtimeMs, mode: st.mode & 0o7777, abs };
      if (isDir) {
        out.push({ ...base, type: 'd' });
        yield;
        yield* walk(r);
      } else if (st.isSymbolicLink()) {
        out.push({ ...base, type: 'l', link: fs.readlinkSync(abs).split(path.sep).join('/') });
      } else if (st.isFile()) {
        out.push({ ...base, type: 'f', size: st.size });
      }
    }
  }
  yield* walk('');
}

/** Entries of `root` (sorted, parents before children). */
export function walkWorkdir(root: string): LocalEntry[] {
  const out: LocalEntry[] = [];
  for (const _ of walkSteps(root, out));
  return out;
}

/** walkWorkdir, giving the event loop a turn every few milliseconds (the same entries). */
export async function walkWorkdirAsync(root: string, signal?: AbortSignal): Promise<LocalEntry[]> {
  const out: LocalEntry[] = [];
  let last = performance.now();
  for (const _ of walkSteps(root, out)) {
    if (performance.now() - last < 4) continue;
    await new Promise<void>((r) => setImmediate(r));
    signal?.throwIfAborted();
    last = performance.now();
  }
  return out;
}

/** sha256 (hex) of a file's bytes. */
export async function hashFile(file: string, signal?: AbortSignal): Promise<string> {
  const h = createHash('sha256');
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}
