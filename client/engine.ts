/**
 * The client's one door into core/: launching, listing and finding jobs, the spec loader, the
 * config, and where local jobs live on disk. All plain core/ (no `vscode`), as the CLI uses it.
 */
import * as path from 'node:path';
import { trainyardHome } from '../core/config';
export { launchSpecFile, listJobs, findJob, renderSpecFile, jobLogs } from '../core/engine';
export { loadSpecText } from '../core/spec';
export { loadConfig, trainyardHome } from '../core/config';
export { parseTarget } from '../core/targets/parse';
export { getTarget } from '../core/targets/registry';
export { LocalTarget } from '../core/targets/local';
export type { JobInfo, JobStatus, Target, ProbeResult } from '../core/targets/types';
export { isFinal } from '../core/targets/types';

/** Folder holding one directory per local job. */
export function localJobsDir(): string {
  return path.join(trainyardHome(), 'jobs');
}
