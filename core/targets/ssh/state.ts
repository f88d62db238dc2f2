/**
 * Reading what STATE_SH printed, and deciding (as the local target does) what a job whose
 * runner is gone has become.
 */
import type { JobInfo } from '../types';
import { isFinal } from '../types';
import { jobInfoFrom, parseExitCode, type JobRecord, type JobStateFiles } from '../../jobs/jobdir';
import { isValidJobId } from '../../jobs/ids';

export interface Liveness {
  runnerAlive: boolean;
  groupAlive: boolean;
  pgid?: string;
  hadRunner: boolean;
  ageSeconds: number;
  jobExitTime?: string;
}

export interface RemoteJobState {
  id: string;
  exists: boolean;
  files: Record<string, string>;
  live?: Liveness;
}

export function parseStateOutput(text: string): RemoteJobState[] {
  const out: RemoteJobState[] = [];
  let cur: RemoteJobState | undefined;
  for (const line of text.split('\n')) {
    const w = line.split(' ');
    if (w[0] === 'J' && w.length === 3) {
      cur = { id: w[1]!, exists: w[2] === '+', files: {} };
      if (isValidJobId(cur.id)) out.push(cur);
    } else if (w[0] === 'L' && cur && w.length >= 7) {
      cur.live = {
        runnerAlive: w[1] === '1',
        groupAlive: w[2] === '1',
        hadRunner: w[4] === '1',
        ageSeconds: Number(w[5]) || 0,
      };
      if (w[3] !== '-') cur.live.pgid = w[3];
      if (w[6] !== '-') cur.live.jobExitTime = w[6];
    } else if (w[0] === 'F' && cur && w.length >= 2) {
      cur.files[w[1]!] = Buffer.from(w[2] ?? '', 'base64').toString('utf8');
    }
  }
  return out;
}

export function recordOf(s: RemoteJobState): JobRecord | undefined {
  return parseJobRecord(s.files['job.json'], s.id);
}

/** job.json's text as job `id`'s record; undefined when missing, torn, another format or another job's. */
export function parseJobRecord(text: string | undefined, id: string): JobRecord | undefined {
  try {
    const rec = JSON.parse(text ?? '') as JobRecord;
    return rec && rec.format === 1 && rec.id === id ? rec : undefined;
  } catch {
    return undefined;
  }
}

export function stateFiles(s: RemoteJobState): JobStateFiles {
  const f = s.files;
  return { status: f.status, exit_code: f.exit_code, started_at: f.started_at, ended_at: f.ended_at, reason: f.reason, attempt: f.attempt };
}

/** A final state to write for a job whose runner is gone, or undefined when it still runs. */
export interface Finalization {
  status: 'succeeded' | 'failed' | 'cancelled' | 'lost';
  exitCode: number | null;
  reason?: string;
  endedAt: string;
  killPgid?: string;
}

const NO_RUNNER_LOST_SECONDS = 60;

export function decideFinal(s: RemoteJobState, info: JobInfo, now: string): Finalization | undefined {
  const l = s.live;
  if (isFinal(info.status) || !l || l.runnerAlive) return undefined;
  if (!l.hadRunner && l.ageSeconds < NO_RUNNER_LOST_SECONDS) return undefined;
  const jobExit = s.files['job.exit'];
  if (l.groupAlive && jobExit === undefined) return undefined; // runs on without its runner
  const code = parseExitCode(jobExit);
  const endedAt = l.jobExitTime ?? now;
  const prevReason = s.files.reason?.trim();
  const base = l.pgid ? { killPgid: l.pgid } : {};
  if (s.files.cancel !== undefined && prevReason !== 'timeout') return { ...base, status: 'cancelled', exitCode: code, reason: 'cancelled', endedAt };
  if (code === null) return { ...base, status: 'lost', exitCode: null, reason: l.hadRunner ? 'runner-died' : 'runner-never-started', endedAt };
  if (code === 0 && !prevReason) return { ...base, status: 'succeeded', exitCode: 0, endedAt };
  const reason = prevReason || (code > 128 ? 'signal' : undefined);
  return { ...base, status: 'failed', exitCode: code, ...(reason ? { reason } : {}), endedAt };
}

export function infoOf(s: RemoteJobState, rec: JobRecord, targetId: string): JobInfo {
  const info: JobInfo = { ...jobInfoFrom(rec, stateFiles(s)), target: targetId };
  // GPU jobs get their GPUs on the host (./queue.ts): `gpus` records them, `waiting` says why not yet.
  const gpus = s.files.gpus?.trim();
  if (gpus && /^\d+(,\d+)*$/.test(gpus)) info.gpus = gpus.split(',');
  if (info.status === 'queued' && s.files.waiting !== undefined && !info.reason) info.reason = 'waiting-for-gpus';
  return info;
}
