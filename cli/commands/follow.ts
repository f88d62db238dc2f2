import { findJob, jobLogs } from '../../core/engine';
import type { JobInfo } from '../../core/targets/types';
import { dim, green, jobDuration, jobJson, printJsonLine, red, type Io } from '../io';

/** Exit code for a finished job (DESIGN.md: the job's code; 128+N for signal N). */
export function exitCodeFor(info: JobInfo): number {
  if (info.status === 'succeeded') return 0;
  if (info.exitCode !== null && info.exitCode !== undefined && info.exitCode !== 0) return info.exitCode;
  return 1;
}

/**
 * Streams a job's log to stdout until it is final, then reports and returns its exit code.
 * Ctrl-C stops following (the job keeps running) and returns 130.
 */
export async function followJob(id: string, targetText: string | undefined, io: Io, json: boolean): Promise<number> {
  const { target } = await findJob(id, { target: targetText });
  const ac = new AbortController();
  let interrupted = false;
  const onInt = () => {
    interrupted = true;
    ac.abort();
  };
  process.once('SIGINT', onInt);
  try {
    for await (const chunk of jobLogs(id, { follow: true }, { target: target.id, signal: ac.signal })) {
      if (json) printJsonLine(io, { type: 'log', offset: chunk.offset, text: chunk.data.toString('utf8') });
      else io.out.write(chunk.data);
    }
  } catch (e) {
    if (!interrupted) throw e;
  } finally {
    process.removeListener('SIGINT', onInt);
  }
  if (interrupted) {
    io.err.write(`\n${dim(io, `stopped following; ${id} keeps running. Cancel it with: trainyard cancel ${id}`)}\n`);
    return 130;
  }
  const info = await target.status(id);
  const code = exitCodeFor(info);
  if (json) printJsonLine(io, { type: 'status', job: jobJson(info) });
  else {
    const what = `${info.id} ${info.status}${info.exitCode !== null ? ` (exit ${info.exitCode})` : ''}${info.reason ? ` — ${info.reason}` : ''} after ${jobDuration(info)}`;
    io.err.write((info.status === 'succeeded' ? green(io, what) : red(io, what)) + '\n');
  }
  return code;
}
