/**
 * Job ids: `<slug>-<6 base36 random>`, e.g. `train-resnet-k3x9q2`. Unique within the jobs
 * directory, short, and never containing `/` or `:` (DESIGN.md).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MAX_SLUG = 24;
/** What any id accepted as a directory name must look like (ours are a subset). */
export const JOB_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Lower-case, `[a-z0-9-]` only, no leading/trailing/double dashes, ≤ 24 chars; `job` when empty. */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, '');
  return s || 'job';
}

export function randomSuffix(): string {
  // 6 base36 chars from 40 random bits (36^6 ≈ 2.2e9; modulo bias is irrelevant here).
  const n = randomBytes(5).readUIntBE(0, 5) % 36 ** 6;
  return n.toString(36).padStart(6, '0');
}

/** A fresh id whose directory does not exist yet in `jobsDir` (when given). */
export function newJobId(name: string, jobsDir?: string): string {
  const slug = slugify(name);
  for (let i = 0; i < 100; i++) {
    const id = `${slug}-${randomSuffix()}`;
    if (!jobsDir || !fs.existsSync(path.join(jobsDir, id))) return id;
  }
  throw new Error('could not find a free job id');
}

/** Ids are used as directory names: reject anything that could escape the jobs directory. */
export function isValidJobId(id: string): boolean {
  return JOB_ID_RE.test(id);
}
