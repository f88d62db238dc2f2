/**
 * Deciding what a sync sends (pure): the local entries (with hashes), the last sync's manifest
 * and the host's listing of tree/ and staging/ → which files travel, which staged files of an
 * interrupted sync are complete and kept, what is deleted, and which files only the host can
 * tell apart (same size, other mtime, no manifest to vouch for them: compared by hash).
 */
import type { LocalEntry, EntryType } from './walk';
import type { Manifest, ManifestEntry } from './manifest';

export interface RemoteEntry {
  type: EntryType | 'other';
  size: number;
  /** Whole seconds. */
  mtime: number;
  mode: number;
  link?: string;
}

export interface RemoteListing {
  availableKiB?: number;
  /** The host's absolute trainyard folder. */
  root: string;
  tree: Map<string, RemoteEntry>;
  staging: Map<string, RemoteEntry>;
}

/** Parses LIST_SH's output. */
export function parseListing(out: Buffer): RemoteListing {
  const fields = out.toString('utf8').split('\0');
  const kib = Number(/^H (\d+)/.exec(fields[0] ?? '')?.[1]);
  const res: RemoteListing = { root: fields[1] ?? '', tree: new Map(), staging: new Map() };
  if (Number.isFinite(kib)) res.availableKiB = kib;
  for (let i = 2; i + 1 < fields.length; i += 2) {
    const m = /^(\S) (\d+) ([\d.]+) ([0-7]+) (tree|staging)\/([\s\S]+)$/.exec(fields[i]!);
    if (!m) continue;
    const t = m[1] === 'f' || m[1] === 'l' || m[1] === 'd' ? m[1] : 'other';
    const e: RemoteEntry = { type: t, size: Number(m[2]), mtime: Math.floor(Number(m[3])), mode: parseInt(m[4]!, 8) };
    if (t === 'l') e.link = fields[i + 1];
    (m[5] === 'tree' ? res.tree : res.staging).set(m[6]!, e);
  }
  return res;
}

export interface SyncPlan {
  /** Entries to send into staging/ (files, symlinks, new folders), parents first. */
  upload: LocalEntry[];
  uploadBytes: number;
  /** Paths (relative to the cache dir: `tree/…`, `staging/…`) to remove before the merge. */
  deletions: string[];
  /** Files of staging/ left by an interrupted sync that are complete and kept. */
  kept: number;
  /** Files whose host copy has the right size but another mtime and no manifest vouches for it. */
  hashCheck: LocalEntry[];
  /** Empty staging/ before the upload (what an interrupted sync left there is in the way). */
  resetStaging?: boolean;
  /** The manifest to save once the sync succeeds (hashCheck entries are added by the caller). */
  next: Record<string, ManifestEntry>;
}

const secs = (ms: number) => Math.floor(ms / 1000);
const exec = (mode: number) => (mode & 0o100) !== 0;

/**
 * A size + mtime match is not trusted for a file changed in the last RACY_MS (mtimes on the host
 * have whole seconds: an edit in the same second as the copy would look unchanged); such files
 * are compared by hash instead, as git does with "racily clean" entries.
 */
const RACY_MS = 2000;

export function planSync(local: LocalEntry[], hashes: Map<string, string>, last: Manifest | undefined, remote: RemoteListing, now = Date.now()): SyncPlan {
  const plan: SyncPlan = { upload: [], uploadBytes: 0, deletions: [], kept: 0, hashCheck: [], next: {} };
  const want = new Map(local.map((e) => [e.path, e]));
  const keepStaged = new Set<string>();
  for (const l of local) {
    const r = remote.tree.get(l.path);
    const s = remote.staging.get(l.path);
    const m = last?.entries[l.path];
    if (l.type === 'd') {
      if (r?.type === 'd') continue;
      if (s?.type === 'd') keepStaged.add(l.path);
      else plan.upload.push(l);
      continue;
    }
    const entry: ManifestEntry = { type: l.type, size: l.size, mtimeMs: l.mtimeMs, mode: l.mode };
    if (l.type === 'l') {
      entry.link = l.link;
      plan.next[l.path] = entry;
      if (r?.type === 'l' && r.link === l.link) continue;
      if (s?.type === 'l' && s.link === l.link) {
        keepStaged.add(l.path);
        plan.kept++;
      } else plan.upload.push(l);
      continue;
    }
    const hash = hashes.get(l.path);
    if (hash) entry.hash = hash;
    plan.next[l.path] = entry;
    const sameContent = hash !== undefined && m?.type === 'f' && m.hash === hash && m.rmtime !== undefined;
    const expected = sameContent ? m!.rmtime! : secs(l.mtimeMs);
    const fits = (x: RemoteEntry | undefined) => x?.type === 'f' && x.size === l.size && exec(x.mode) === exec(l.mode);
    const racy = !sameContent && now - l.mtimeMs < RACY_MS;
    if (fits(r) && r!.mtime === expected && !racy) {
      entry.rmtime = r!.mtime;
    } else if (fits(s) && s!.mtime === secs(l.mtimeMs)) {
      keepStaged.add(l.path);
      plan.kept++;
      entry.rmtime = s!.mtime;
    } else if (fits(r) && !sameContent) {
      plan.hashCheck.push(l);
      entry.rmtime = r!.mtime;
    } else {
      plan.upload.push(l);
      plan.uploadBytes += l.size;
      entry.rmtime = secs(l.mtimeMs);
    }
  }
  // Host entries that do not ship (anymore), or whose type changed; nested ones go with their folder.
  const del = (area: 'tree' | 'staging', map: Map<string, RemoteEntry>, keep: (p: string, e: RemoteEntry) => boolean) => {
    const gone: string[] = [];
    for (const [p, e] of [...map].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (keep(p, e)) continue;
      if (gone.some((g) => p.startsWith(g + '/'))) continue;
      gone.push(p);
      plan.deletions.push(`${area}/${p}`);
    }
  };
  del('tree', remote.tree, (p, e) => {
    const l = want.get(p);
    return !!l && (l.type === 'd') === (e.type === 'd');
  });
  // Staged leftovers are removed after the upload, so a path being uploaded again is left to
  // tar (it replaces files); a staged folder where a file goes (or the reverse) means a fresh start.
  const sending = new Map(plan.upload.map((e) => [e.path, e.type]));
  let conflict = false;
  del('staging', remote.staging, (p, e) => {
    const up = sending.get(p);
    if (up !== undefined && (up === 'd') !== (e.type === 'd')) conflict = true;
    if (up !== undefined && up !== 'd' && e.type !== 'd') return true;
    return e.type === 'd' ? want.get(p)?.type === 'd' : keepStaged.has(p) && e.type !== 'other';
  });
  if (conflict) {
    const fresh = planSync(local, hashes, last, { ...remote, staging: new Map() });
    fresh.resetStaging = true;
    return fresh;
  }
  return plan;
}

/** Moves hash-checked files into the upload when the host's copy differs (or could not be hashed). */
export function applyHashCheck(plan: SyncPlan, hashes: Map<string, string>, remoteHashes: Map<string, string>): void {
  for (const l of plan.hashCheck) {
    const h = hashes.get(l.path);
    if (h) plan.next[l.path]!.hash = h;
    if (h && remoteHashes.get(l.path) === h) continue;
    plan.upload.push(l);
    plan.uploadBytes += l.size;
    plan.next[l.path]!.rmtime = secs(l.mtimeMs);
    // tar replaces a staged leftover at this path; deleting it after the upload would lose the new copy.
    const i = plan.deletions.indexOf(`staging/${l.path}`);
    if (i >= 0) plan.deletions.splice(i, 1);
  }
  plan.hashCheck = [];
  plan.upload.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
