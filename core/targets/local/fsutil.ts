/**
 * Small filesystem and process helpers of the local target.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `data` to `file` atomically (tmp in the same folder + rename), with `mode` from creation. */
export function writeAtomic(file: string, data: string | Buffer, mode = 0o644): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  fs.writeFileSync(tmp, data, { mode, flag: 'wx' });
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The file's text, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function readPid(file: string): number | undefined {
  const t = readIfExists(file)?.trim();
  return t && /^\d+$/.test(t) && Number(t) > 1 ? Number(t) : undefined;
}

const hasProc = fs.existsSync('/proc/self/stat');

/** [pgrp, state] of a process from /proc, or undefined when gone. */
function procStat(pid: number): { pgrp: number; state: string } | undefined {
  let s: string;
  try {
    s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // pid (comm) state ppid pgrp …  — comm may contain spaces and parentheses.
  const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0], pgrp: Number(rest[2]) };
}

/** Is this pid a live (non-zombie) process whose command line mentions `needle`? */
export function processAlive(pid: number, needle?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc) return true;
  const st = procStat(pid);
  if (!st || st.state === 'Z' || st.state === 'X') return false;
  if (needle) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes(needle);
    } catch {
      return false;
    }
  }
  return true;
}

/** Does process group `pgid` still have a live (non-zombie) member? */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc) return true;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (st && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X') return true;
  }
  return false;
}

export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

export function isoNow(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Watches a directory; `wait()` resolves on the next event (or at once if one came since the
 * last `wait()` returned), after `timeoutMs` at the latest, or when `signal` aborts.
 */
export class DirWatcher {
  private dirty = false;
  private waiters: Array<() => void> = [];
  private watcher?: fs.FSWatcher;

  constructor(dir: string) {
    try {
      this.watcher = fs.watch(dir, { persistent: false }, () => this.poke());
      this.watcher.on('error', () => this.poke());
    } catch {
      // No watching (e.g. the directory vanished): wait() falls back to its timeout.
    }
  }

  poke(): void {
    this.dirty = true;
    for (const w of this.waiters.splice(0)) w();
  }

  async wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (!this.dirty && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.waiters = this.waiters.filter((w) => w !== done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.waiters.push(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    this.dirty = false;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.poke();
  }
}
