/**
 * `fetchOutputs` of the SSH target, over SFTP on the pooled connection: the spec's `outputs`
 * (paths and globs, resolved in the job's own snapshot `<job>/workdir` on the host) and the
 * job's `outputs/` folder (TRAINYARD_OUTPUT_DIR), laid out in `dest` as the local target does.
 * Folders are recursed; a symlink is followed only when it resolves inside the job directory
 * (and each real folder is entered once, so link loops end); links leading out of it, dangling
 * links and special files are skipped and reported. Files are downloaded with parallel reads
 * into `<name>.part`, given the remote mode bits and mtime, then renamed into place, so a
 * fetch cut short never leaves a truncated file under the final name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as posix from 'node:path/posix';
import type { SFTPWrapper, Stats, FileEntry } from 'ssh2';
import type { OpOptions } from '../types';
import { TrainyardError, abortError, throwIfAborted } from '../../errors';
import type { JobRecord } from '../../jobs/jobdir';
import { hasGlob, globToRegExp, destFor } from '../local/outputs';
import { fmtBytes } from '../../sync/sync';
import type { SshTarget } from './target';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const kind = (mode: number) => (mode & S_IFMT) === S_IFDIR ? 'dir' : (mode & S_IFMT) === S_IFREG ? 'file' : (mode & S_IFMT) === S_IFLNK ? 'link' : 'other';

/** Walks of a glob never enter these (as for local outputs). */
const SKIP_DIRS = new Set(['.git', 'node_modules']);
const MAX_WALK = 200_000;
const PARALLEL_FILES = 4;

export interface FetchItem {
  remote: string;
  local: string;
  size: number;
  mode: number;
  mtime: number;
}

export interface FetchPlan {
  files: FetchItem[];
  dirs: string[];
  skipped: Array<{ remote: string; why: string }>;
}

const sftpCall = <T>(f: (cb: (err: Error | undefined | null, v: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => f((err, v) => (err ? reject(err) : resolve(v))));

const noEntry = (e: unknown) => (e as { code?: number }).code === 2;

async function lstatOrNull(sftp: SFTPWrapper, p: string): Promise<Stats | null> {
  try {
    return await sftpCall<Stats>((cb) => sftp.lstat(p, cb));
  } catch (e) {
    if (noEntry(e)) return null;
    throw e;
  }
}

async function readdir(sftp: SFTPWrapper, p: string): Promise<FileEntry[]> {
  return sftpCall<FileEntry[]>((cb) => sftp.readdir(p, cb));
}

/** Relative paths (under `root`) matched by one `outputs` pattern, as core/targets/local/outputs.ts expandOutput. */
export async function expandRemote(sftp: SFTPWrapper, root: string, pattern: string, signal?: AbortSignal): Promise<string[]> {
  const p = posix.normalize(pattern.replace(/^\.\//, '').replace(/\/+$/, ''));
  if (!p || p === '.' || p.startsWith('../') || p === '..' || p.startsWith('/')) return [];
  if (!hasGlob(p)) return (await lstatOrNull(sftp, `${root}/${p}`)) ? [p] : [];
  const parts = p.split('/');
  const first = parts.findIndex(hasGlob);
  const base = parts.slice(0, first).join('/');
  const re = globToRegExp(p);
  const all: string[] = [];
  // Only below the glob's fixed prefix; `**` is the only way down past the pattern's depth.
  const maxDepth = p.includes('**') ? Infinity : parts.length;
  const walk = async (rel: string, depth: number): Promise<void> => {
    throwIfAborted(signal);
    if (all.length >= MAX_WALK) return;
    let entries: FileEntry[];
    try {
      entries = await readdir(sftp, rel ? `${root}/${rel}` : root);
    } catch {
      return;
    }
    const sub: Array<Promise<void>> = [];
    for (const e of entries) {
      if (e.filename === '.' || e.filename === '..') continue;
      const r = rel ? `${rel}/${e.filename}` : e.filename;
      all.push(r);
      if (kind(e.attrs.mode) === 'dir' && !SKIP_DIRS.has(e.filename) && depth + 1 < maxDepth) sub.push(walk(r, depth + 1));
    }
    await Promise.all(sub);
  };
  if (base && kind((await lstatOrNull(sftp, `${root}/${base}`))?.mode ?? 0) !== 'dir') return [];
  await walk(base, base ? first : 0);
  const hits = all.filter((r) => re.test(r)).sort();
  // A match inside an already matched folder is copied with it.
  return hits.filter((h, i) => !hits.slice(0, i).some((d) => h.startsWith(d + '/')));
}

/** Everything to download for `remote` (a file or folder) into `local`. */
async function collect(sftp: SFTPWrapper, jobDir: string, remote: string, local: string, plan: FetchPlan, seen: Set<string>, signal?: AbortSignal, top = false): Promise<void> {
  throwIfAborted(signal);
  let st = await lstatOrNull(sftp, remote);
  if (!st) return;
  let real = remote;
  if (top && kind(st.mode) !== 'link') {
    // A path through a symlinked folder (`outputs/` replaced by a link, `link/file` in `outputs`) must not lead out either.
    real = await sftpCall<string>((cb) => sftp.realpath(remote, cb));
    if (real !== jobDir && !real.startsWith(jobDir + '/')) {
      plan.skipped.push({ remote, why: `it leads out of the job directory (to ${real})` });
      return;
    }
  }
  if (kind(st.mode) === 'link') {
    try {
      real = await sftpCall<string>((cb) => sftp.realpath(remote, cb));
    } catch {
      plan.skipped.push({ remote, why: 'a dangling symlink' });
      return;
    }
    if (real !== jobDir && !real.startsWith(jobDir + '/')) {
      plan.skipped.push({ remote, why: `a symlink leading out of the job directory (to ${real})` });
      return;
    }
    st = await lstatOrNull(sftp, real);
    if (!st || kind(st.mode) === 'link') {
      plan.skipped.push({ remote, why: 'a dangling symlink' });
      return;
    }
  }
  switch (kind(st.mode)) {
    case 'file':
      plan.files.push({ remote: real, local, size: st.size, mode: st.mode & 0o777, mtime: st.mtime });
      return;
    case 'dir': {
      if (seen.has(real)) {
        plan.skipped.push({ remote, why: 'a symlink back into a folder already fetched' });
        return;
      }
      seen.add(real);
      plan.dirs.push(local);
      const entries = await readdir(sftp, real);
      for (const e of entries.sort((a, b) => (a.filename < b.filename ? -1 : 1))) {
        if (e.filename === '.' || e.filename === '..') continue;
        await collect(sftp, jobDir, `${real}/${e.filename}`, path.join(local, e.filename), plan, seen, signal);
      }
      return;
    }
    default:
      plan.skipped.push({ remote, why: 'not a regular file or folder' });
  }
}

/** What a fetch of job `id` would copy where (no bytes moved yet). */
export async function planFetch(sftp: SFTPWrapper, jobDir: string, rec: JobRecord, dest: string, signal?: AbortSignal): Promise<FetchPlan> {
  const plan: FetchPlan = { files: [], dirs: [], skipped: [] };
  const seen = new Set<string>();
  // The job ran in its own snapshot; job.json records it (older records: <job>/workdir).
  const workdir = rec.workdir.startsWith(jobDir + '/') ? rec.workdir : `${jobDir}/workdir`;
  for (const pattern of rec.outputs ?? []) {
    for (const rel of await expandRemote(sftp, workdir, pattern, signal)) {
      await collect(sftp, jobDir, `${workdir}/${rel}`, destFor(dest, rel), plan, seen, signal, true);
    }
  }
  const outDir = `${jobDir}/outputs`;
  let names: FileEntry[] = [];
  try {
    names = await readdir(sftp, outDir);
  } catch (e) {
    if (!noEntry(e)) throw e;
  }
  for (const e of names.sort((a, b) => (a.filename < b.filename ? -1 : 1))) {
    if (e.filename === '.' || e.filename === '..') continue;
    await collect(sftp, jobDir, `${outDir}/${e.filename}`, path.join(dest, e.filename), plan, seen, signal, true);
  }
  // The same local file from two places: the later one wins (as a copy would leave it).
  const byLocal = new Map(plan.files.map((f) => [f.local, f]));
  plan.files = [...byLocal.values()];
  return plan;
}

async function download(sftp: SFTPWrapper, f: FetchItem, onBytes: (n: number) => void, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  fs.mkdirSync(path.dirname(f.local), { recursive: true });
  const part = `${f.local}.part`;
  let last = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      sftp.fastGet(
        f.remote,
        part,
        {
          concurrency: 16,
          chunkSize: 64 * 1024,
          step: (total) => {
            onBytes(total - last);
            last = total;
          },
        },
        (err) => {
          signal?.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve();
        },
      );
    });
    fs.chmodSync(part, f.mode);
    fs.utimesSync(part, f.mtime, f.mtime);
    const old = fs.lstatSync(f.local, { throwIfNoEntry: false });
    if (old?.isDirectory()) fs.rmSync(f.local, { recursive: true, force: true });
    fs.renameSync(part, f.local);
  } catch (e) {
    fs.rmSync(part, { force: true });
    if (e instanceof TrainyardError || (e as Error).name === 'AbortError') throw e;
    throw new TrainyardError('host-unreachable', `cannot fetch ${f.remote}: ${(e as Error).message}`, { cause: e });
  }
}

export interface FetchResult {
  files: string[];
  bytes: number;
  skipped: Array<{ remote: string; why: string }>;
}

export async function fetchJobOutputs(t: SshTarget, id: string, dest: string, opts: OpOptions = {}): Promise<FetchResult> {
  await t.status(id, opts);
  const text = await t.readJobFile(id, 'job.json', opts);
  let rec: JobRecord;
  try {
    rec = JSON.parse(text ?? '') as JobRecord;
  } catch {
    throw new TrainyardError('unknown-job', `job ${id} on ${t.name} has no readable job.json`);
  }
  const jobDir = await t.jobDir(id, opts);
  opts.progress?.({ phase: 'sync', message: `listing the outputs of ${id} on ${t.name}` });
  const sftp = await t.conn.sftp(opts.signal);
  try {
    const plan = await planFetch(sftp, jobDir, rec, path.resolve(dest), opts.signal);
    const total = plan.files.reduce((n, f) => n + f.size, 0);
    fs.mkdirSync(dest, { recursive: true });
    for (const d of plan.dirs) fs.mkdirSync(d, { recursive: true });
    let done = 0;
    const report = (name: string) =>
      opts.progress?.({ phase: 'sync', message: `fetching ${name} (${fmtBytes(done)} of ${fmtBytes(total)})`, fraction: total ? done / total : 1 });
    let next = 0;
    const worker = async () => {
      while (next < plan.files.length) {
        const f = plan.files[next++]!;
        const name = path.relative(dest, f.local);
        report(name);
        await download(sftp, f, (n) => {
          done += n;
          report(name);
        }, opts.signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, plan.files.length) }, worker));
    opts.progress?.({ phase: 'sync', message: `fetched ${plan.files.length} file${plan.files.length === 1 ? '' : 's'} (${fmtBytes(total)}) from ${t.name}`, fraction: 1 });
    return { files: plan.files.map((f) => f.local).sort(), bytes: total, skipped: plan.skipped };
  } finally {
    sftp.end();
  }
}
