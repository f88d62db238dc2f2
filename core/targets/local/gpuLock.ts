/**
 * One GPU lock per machine. The SSH target's queue.sh (core/targets/ssh/queue.ts) picks GPUs on
 * a host under `flock <trainyardDir>/gpu.lock` and records each pick in the job directory's
 * `gpus` file; the local target takes the SAME lock (a `flock` child holds it for us: node has
 * no flock) and writes the same `gpus` file, and both count as taken the GPUs of every live job
 * of the folder. So when an SSH target's host is this machine's own trainyard folder (loopback,
 * or a shared home), local and SSH GPU jobs never share a GPU. Without `flock` (macOS,
 * Windows) the local target falls back to a lock directory of its own, as before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { TrainyardError, throwIfAborted, abortError } from '../../errors';
import { isFinal } from '../types';
import { isValidJobId } from '../../jobs/ids';
import { parseStatus } from '../../jobs/jobdir';
import { readIfExists, readPid, processAlive, groupAlive } from './fsutil';

export const GPU_LOCK = 'gpu.lock';
const WAIT_SECONDS = 60;

/**
 * Holds `flock` on `file` through a child (`flock FILE sh -c 'echo locked; cat'`): the lock is
 * ours once it says `locked`, and released when we close its stdin (or when this process dies).
 * Resolves undefined when there is no flock here.
 */
export function flockHold(file: string, signal?: AbortSignal): Promise<(() => void) | undefined> {
  throwIfAborted(signal);
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn('flock', ['-w', String(WAIT_SECONDS), file, 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch {
      resolve(undefined);
      return;
    }
    let locked = false;
    let err = '';
    const onAbort = () => {
      child.kill('SIGKILL');
      reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      if (locked || !b.toString().includes('locked')) return;
      locked = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(() => child.stdin.end());
    });
    child.stdin.on('error', () => {});
    child.on('error', (e: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      if (e.code === 'ENOENT') resolve(undefined);
      else reject(e);
    });
    child.on('exit', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (!locked) reject(new TrainyardError('launch-failed', `another launch has held ${file} for over ${WAIT_SECONDS} s${err.trim() ? ` (${err.trim()})` : ''} (flock exit ${code})`));
    });
  });
}

/**
 * GPUs held by live Trainyard jobs of a jobs folder, as queue.sh's `taken` reads them: a job
 * with a `gpus` file, not final, whose runner (or process group) lives. (The local target also
 * counts job.json's `gpus` of its jobs that are not final, for directories of older versions.)
 */
export function gpusTaken(jobsDir: string, except?: string): Set<string> {
  const taken = new Set<string>();
  let names: string[] = [];
  try {
    names = fs.readdirSync(jobsDir);
  } catch {
    return taken;
  }
  for (const name of names) {
    if (name === except || !isValidJobId(name)) continue;
    const dir = path.join(jobsDir, name);
    const status = parseStatus(readIfExists(path.join(dir, 'status')));
    if (!status || isFinal(status)) continue;
    const gpus = readIfExists(path.join(dir, 'gpus'))?.replace(/\s+/g, '');
    if (gpus === undefined) continue;
    const runner = readPid(path.join(dir, 'runner.pid'));
    const pgid = readPid(path.join(dir, 'pgid'));
    if (!((runner !== undefined && processAlive(runner, dir)) || (pgid !== undefined && groupAlive(pgid)))) continue;
    for (const g of gpus.split(',')) if (/^\d+$/.test(g)) taken.add(g);
  }
  return taken;
}
