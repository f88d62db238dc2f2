/**
 * Incremental workdir sync into a per-host cache (`<trainyardDir>/cache/<key>/tree/`, see
 * ./scripts.ts), optionally ending in a job: its files land in its job directory together with
 * an immutable hard-linked snapshot of the cache (`<job>/workdir`), all in one upload.
 *
 * Round trips: the host's listing (sent while the local walk and hashing run), a hash check
 * only when some file cannot be told apart otherwise, then one tar stream of what changed.
 * The local manifest is written only after the host confirmed, so an interrupted sync is simply
 * run again: complete files already in staging/ are kept, the rest is sent.
 */
import { Transform, type Readable } from 'node:stream';
import { createHash, type Hash } from 'node:crypto';
import { TrainyardError, throwIfAborted } from '../errors';
import type { OpOptions } from '../targets/types';
import { tarStream, type TarEntry } from './tar';
import { walkWorkdirAsync, hashFile, type LocalEntry } from './walk';
import { workdirKey, manifestFile, readManifest, writeManifest, MANIFEST_FORMAT, type ManifestEntry } from './manifest';
import { planSync, parseListing, applyHashCheck } from './plan';
import { LIST_SH, HASH_SH, SYNC_SH } from './scripts';

export interface ShellResult {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** Runs a constant sh script with quoted arguments on the host (the SSH target's `sh`). */
export interface RemoteShell {
  sh(script: string, args: string[], opts?: { signal?: AbortSignal; stdin?: Readable | Buffer }): Promise<ShellResult>;
}

export interface SyncRequest {
  workdir: string;
  /** The host's trainyard folder as configured ('' or undefined: ~/.trainyard). */
  trainyardDir?: string;
  /** Host name, for messages and the local manifest's folder. */
  host: string;
  /** Local trainyard home (holds sync/<host>/<key>.json). */
  home: string;
  /**
   * A job to create: given the host's absolute trainyard folder, its directory and files (names
   * relative to it); the snapshot of the workdir becomes its workdir/.
   */
  job?: (root: string) => Promise<{ dir: string; files: TarEntry[] }>;
  /** Use the portable lister even where GNU find is there (tests). */
  portableList?: boolean;
}

export interface SyncResult {
  /** The host's absolute trainyard folder. */
  root: string;
  cacheDir: string;
  key: string;
  files: number;
  bytes: number;
  uploadedFiles: number;
  uploadedBytes: number;
  deleted: number;
  /** Complete files of an interrupted sync that were kept. */
  kept: number;
}

/** An upload over either limit is announced (size and count) before it starts. */
export const LARGE_BYTES = 100 * 1024 * 1024;
export const LARGE_FILES = 2000;
/** Left free on the host's disk after an upload. */
const DISK_MARGIN_BYTES = 64 * 1024 * 1024;

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

const errText = (r: ShellResult) => r.stderr.toString('utf8').trim() || `exit ${r.code}`;

async function hashAll(files: LocalEntry[], known: (e: LocalEntry) => string | undefined, signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const todo: LocalEntry[] = [];
  for (const e of files) {
    const h = known(e);
    if (h) out.set(e.path, h);
    else todo.push(e);
  }
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const e = todo[next++]!;
      out.set(e.path, await hashFile(e.abs, signal));
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, todo.length) }, worker));
  return out;
}

export async function syncWorkdir(shell: RemoteShell, req: SyncRequest, opts: OpOptions = {}): Promise<SyncResult> {
  throwIfAborted(opts.signal);
  const key = workdirKey(req.workdir);
  const mfile = manifestFile(req.home, req.host, key);
  const last = readManifest(mfile);
  opts.progress?.({ phase: 'sync', message: `comparing ${req.workdir} with ${req.host}` });
  const listing = shell.sh(LIST_SH, [req.trainyardDir ?? '', key, req.portableList ? '1' : '0'], { signal: opts.signal });
  listing.catch(() => {}); // awaited below; not unhandled while the local side runs
  // The walk gives the event loop turns: the SSH handshake and the listing go on meanwhile.
  const local = await walkWorkdirAsync(req.workdir, opts.signal);
  const files = local.filter((e) => e.type === 'f');
  // Hashes now only where the last sync knew the file and it changed (same bytes: not sent);
  // new files are hashed as they are sent, or later if the host already has them.
  const hashes = await hashAll(
    files.filter((e) => last?.entries[e.path]?.type === 'f'),
    (e) => {
      const m = last!.entries[e.path]!;
      return m.size === e.size && m.mtimeMs === e.mtimeMs ? m.hash : undefined;
    },
    opts.signal,
  );
  const lr = await listing;
  if (lr.code !== 0) throw new TrainyardError('launch-failed', `cannot use ${req.trainyardDir || '~/.trainyard'} on ${req.host}: ${errText(lr)}`);
  const remote = parseListing(lr.stdout);
  if (!remote.root.startsWith('/')) throw new TrainyardError('launch-failed', `cannot use ${req.trainyardDir || '~/.trainyard'} on ${req.host}`);
  const cacheDir = `${remote.root}/cache/${key}`;
  const job = req.job ? await req.job(remote.root) : undefined;
  const plan = planSync(local, hashes, last, remote);
  if (plan.hashCheck.length) {
    for (const [p, h] of await hashAll(plan.hashCheck.filter((e) => !hashes.has(e.path)), () => undefined, opts.signal)) hashes.set(p, h);
    const list = Buffer.from(plan.hashCheck.map((e) => `tree/${e.path}\0`).join(''), 'utf8');
    const hr = await shell.sh(HASH_SH, [cacheDir], { signal: opts.signal, stdin: list });
    const got = new Map<string, string>();
    if (hr.code === 0) {
      for (const rec of hr.stdout.toString('utf8').split('\0')) {
        const m = /^([0-9a-f]{64}) tree\/([\s\S]+)$/.exec(rec);
        if (m) got.set(m[2]!, m[1]!);
      }
    }
    applyHashCheck(plan, hashes, got);
  }
  const uploadFiles = plan.upload.filter((e) => e.type !== 'd').length;
  const summary = `${uploadFiles} file${uploadFiles === 1 ? '' : 's'} (${fmtBytes(plan.uploadBytes)})`;
  if (plan.uploadBytes > LARGE_BYTES || uploadFiles > LARGE_FILES) {
    opts.progress?.({ phase: 'sync', message: `large upload: ${summary} of ${files.length} to ${req.host}`, fraction: 0 });
  }
  if (remote.availableKiB !== undefined && plan.uploadBytes + DISK_MARGIN_BYTES > remote.availableKiB * 1024) {
    throw new TrainyardError(
      'launch-failed',
      `${req.host} has only ${fmtBytes(remote.availableKiB * 1024)} free where ${cacheDir} lives, but this sync uploads ${summary}; ` +
        'free some space there (trainyard prune --target ssh:…) or add the big files to .trainyardignore',
    );
  }

  const result = (): SyncResult => ({
    root: remote.root,
    cacheDir,
    key,
    files: files.length,
    bytes: files.reduce((n, e) => n + e.size, 0),
    uploadedFiles: uploadFiles,
    uploadedBytes: plan.uploadBytes,
    deleted: plan.deletions.filter((d) => d.startsWith('tree/')).length,
    kept: plan.kept,
  });
  if (!job && !plan.upload.length && !plan.deletions.length && !remote.staging.size) {
    // The host already has exactly this tree: nothing to send, nothing to run there.
    await saveManifest(mfile, req, plan.next, files, opts.signal);
    opts.progress?.({ phase: 'sync', message: `${req.host} is up to date`, fraction: 1 });
    return result();
  }
  const now = Date.now() / 1000;
  const entries: TarEntry[] = [];
  if (plan.deletions.length) {
    const data = Buffer.from(plan.deletions.map((p) => p + '\0').join(''), 'utf8');
    entries.push({ name: 'ctl/delete', type: 'file', mode: 0o600, size: data.length, mtime: now, source: data });
  }
  for (const e of plan.upload) {
    const base = { name: `staging/${e.path}`, mode: e.mode, mtime: e.mtimeMs / 1000 };
    if (e.type === 'd') entries.push({ ...base, mode: e.mode | 0o700, type: 'dir', size: 0 });
    else if (e.type === 'l') entries.push({ ...base, type: 'symlink', size: 0, linkname: e.link ?? '' });
    else entries.push({ ...base, type: 'file', size: e.size, source: e.abs });
  }
  if (job) {
    entries.push({ name: 'job', type: 'dir', mode: 0o700, size: 0, mtime: now });
    for (const f of job.files) entries.push({ ...f, name: `job/${f.name}` });
  }
  opts.progress?.({ phase: 'sync', message: `sending ${summary} to ${req.host}`, fraction: 0 });
  // Progress counts the bytes the channel has taken (not those read ahead from disk).
  let current = '';
  let taken = 0;
  const sending = new Map<TarEntry, Hash>();
  const stream = tarStream(entries, {
    onEntry(e) {
      if (!e.name.startsWith('staging/')) return;
      if (e.type === 'file') sending.set(e, createHash('sha256'));
      current = e.name.slice(8);
    },
    onData: (e, chunk) => sending.get(e)?.update(chunk),
  });
  const counted = stream.pipe(
    new Transform({
      highWaterMark: 1 << 20,
      transform(chunk: Buffer, _enc, done) {
        taken += chunk.length;
        opts.progress?.({ phase: 'sync', message: `sending ${current}`, fraction: plan.uploadBytes ? Math.min(1, taken / plan.uploadBytes) : 1 });
        done(null, chunk);
      },
    }),
  );
  let r: ShellResult;
  try {
    r = await shell.sh(SYNC_SH, [cacheDir, job?.dir ?? '', plan.resetStaging ? '1' : '0'], { signal: opts.signal, stdin: counted });
  } finally {
    stream.destroy();
    counted.destroy();
  }
  if (r.code === 17) throw new TrainyardError('bad-argument', `${job?.dir} already exists on ${req.host}`);
  if (r.code !== 0) throw new TrainyardError('launch-failed', `cannot update the workdir cache ${cacheDir} on ${req.host}: ${errText(r)}`);
  for (const [e, h] of sending) plan.next[e.name.slice(8)]!.hash = h.digest('hex');
  await saveManifest(mfile, req, plan.next, files, opts.signal);
  opts.progress?.({ phase: 'sync', message: `synced ${req.workdir} to ${req.host}`, fraction: 1 });
  return result();
}

/** Hashes what is still unhashed (files the host already had), then writes the manifest. */
async function saveManifest(file: string, req: SyncRequest, entries: Record<string, ManifestEntry>, files: LocalEntry[], signal?: AbortSignal): Promise<void> {
  const unhashed = files.filter((e) => entries[e.path] && !entries[e.path]!.hash);
  for (const [p, h] of await hashAll(unhashed, () => undefined, signal)) entries[p]!.hash = h;
  writeManifest(file, { format: MANIFEST_FORMAT, workdir: req.workdir, host: req.host, syncedAt: new Date().toISOString(), entries });
}
