/**
 * What the last successful sync of a workdir to a host left there, kept locally under
 * `<trainyard home>/sync/<host>/<workdir key>.json`: per path its type, local size and mtime,
 * mode, content hash, and the mtime the file has on the host (`rmtime`, whole seconds). It lets
 * the next sync skip hashing unchanged files and recognise touched-but-identical ones.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { EntryType } from './walk';

export const MANIFEST_FORMAT = 1;

export interface ManifestEntry {
  type: EntryType;
  size: number;
  mtimeMs: number;
  mode: number;
  hash?: string;
  link?: string;
  rmtime?: number;
}

export interface Manifest {
  format: number;
  workdir: string;
  host: string;
  syncedAt: string;
  entries: Record<string, ManifestEntry>;
}

/** The cache key of a workdir: this machine and the folder's absolute path. */
export function workdirKey(workdir: string): string {
  return createHash('sha256').update(`${os.hostname()}\0${path.resolve(workdir)}`).digest('hex').slice(0, 20);
}

export function manifestFile(home: string, host: string, key: string): string {
  return path.join(home, 'sync', host.replace(/[^A-Za-z0-9._@-]/g, '_').replace(/^\.+/, '_'), `${key}.json`);
}

export function readManifest(file: string): Manifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    return m && m.format === MANIFEST_FORMAT && m.entries && typeof m.entries === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

export function writeManifest(file: string, m: Manifest): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(m));
  fs.renameSync(tmp, file);
}
