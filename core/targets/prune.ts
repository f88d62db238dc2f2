/**
 * `trainyard prune`: removes the job directories of jobs that ended (never `queued` or
 * `running` ones) longer ago than a given age, and the per-host workdir caches
 * (`<trainyardDir>/cache/<key>/`, core/sync) not synced for that long, locally or on an SSH
 * host. A job's workdir snapshot lives in its job directory, so it goes with it. One POSIX sh
 * script does the work where the files are (the same script locally and on hosts): it checks
 * again that each job is final and takes each cache's lock (a sync in progress keeps its
 * cache), then reports what it freed, counting a hard-linked file (snapshots share files with
 * their cache) only when every link to it goes.
 */
import * as fs from 'node:fs';
import { execFile } from 'node:child_process';
import type { Target, JobInfo, OpOptions } from './types';
import { isFinal } from './types';
import { LocalTarget } from './local';
import { SshTarget } from './ssh';
import { isValidJobId } from '../jobs/ids';
import { manifestFile } from '../sync/manifest';
import { TrainyardError, abortError, throwIfAborted } from '../errors';

/**
 * $1: trainyard folder, $2: 1 for a dry run, $3: cache age in seconds ('-': leave caches),
 * then job ids. Prints `P <path> <bytes>` per candidate (bytes it frees), then, unless dry,
 * `R <path>` per removed one and `S <path> <why>` per one kept.
 */
export const PRUNE_SH = `r=$1 dry=$2 age=$3; shift 3
cd "$r" 2>/dev/null || exit 0
now=$(date +%s)
final() { st=; read -r st <"$1/status" 2>/dev/null; case $st in succeeded|failed|cancelled|lost) return 0 ;; esac; return 1; }
old() { u=$1/used; [ -e "$u" ] || u=$1; t=$(date -r "$u" +%s 2>/dev/null) && [ $((now - t)) -ge "$age" ]; }
nl='
'
c=
for id in "$@"; do
  case $id in ''|.*|*[!A-Za-z0-9._-]*) continue ;; esac
  [ -f "jobs/$id/job.json" ] && final "jobs/$id" && c="$c$nl""jobs/$id"
done
if [ "$age" != - ]; then
  for k in cache/*; do
    case \${k#cache/} in ''|.*|*[!A-Za-z0-9._-]*) continue ;; esac
    [ -d "$k" ] && [ ! -L "$k" ] && old "$k" && c="$c$nl$k"
  done
fi
printf '%s\\n' "$c" | while IFS= read -r p; do
  [ -n "$p" ] || continue
  printf '@ %s\\n' "$p"
  find "$p" -type f -exec ls -lni {} + 2>/dev/null
done | awk '
/^@ / { cur = substr($0, 3); order[++n] = cur; next }
$1 ~ /^[0-9]+$/ && $2 ~ /^-/ && NF >= 9 { i = $1; seen[i]++; nl[i] = $3; sz[i] = $6; at[i] = cur }
END {
  for (i in seen) if (seen[i] >= nl[i]) b[at[i]] += sz[i]
  for (k = 1; k <= n; k++) printf "P %s %.0f\\n", order[k], b[order[k]] + 0
}'
[ "$dry" = 1 ] && exit 0
gone() { rm -rf "$1" 2>/dev/null || { chmod -R u+rwx "$1" 2>/dev/null; rm -rf "$1"; }; }
printf '%s\\n' "$c" | while IFS= read -r p; do
  case $p in
    jobs/*) gone "$p" && printf 'R %s\\n' "$p" || printf 'S %s cannot remove it\\n' "$p" ;;
    cache/*)
      if command -v flock >/dev/null 2>&1; then
        ( exec 8>>"$p/lock" && flock -n 8 || { printf 'S %s a sync is using it\\n' "$p"; exit 0; }
          old "$p" || { printf 'S %s it was just synced\\n' "$p"; exit 0; }
          gone "$p" && printf 'R %s\\n' "$p" || printf 'S %s cannot remove it\\n' "$p" )
      else gone "$p" && printf 'R %s\\n' "$p"; fi ;;
  esac
done
exit 0`;

export interface PruneOptions extends OpOptions {
  /** Jobs that ended, and caches last synced, longer ago than this are removed. */
  olderThanSeconds: number;
  dryRun?: boolean;
  now?: number;
}

export interface PrunedItem {
  /** `job` (its directory, snapshot included) or `cache` (a workdir cache of core/sync). */
  kind: 'job' | 'cache';
  /** Job id or cache key. */
  name: string;
  /** Path under the trainyard folder (`jobs/<id>`, `cache/<key>`). */
  path: string;
  bytes: number;
  job?: JobInfo;
}

export interface PruneResult {
  target: string;
  /** The trainyard folder pruned (local home, or the host's). */
  root: string;
  dryRun: boolean;
  removed: PrunedItem[];
  kept: Array<{ path: string; why: string }>;
  bytes: number;
}

/** A job is old enough once it ended (or, with no end recorded, was created) before the cut-off. */
export function pruneCandidates(jobs: JobInfo[], olderThanSeconds: number, now = Date.now()): JobInfo[] {
  const cut = now - olderThanSeconds * 1000;
  return jobs.filter((j) => {
    if (!isFinal(j.status) || !isValidJobId(j.id)) return false;
    const t = Date.parse(j.endedAt ?? j.createdAt);
    return Number.isFinite(t) && t <= cut;
  });
}

export function parsePruneOutput(text: string): { sizes: Map<string, number>; removed: Set<string>; kept: Array<{ path: string; why: string }> } {
  const sizes = new Map<string, number>();
  const removed = new Set<string>();
  const kept: Array<{ path: string; why: string }> = [];
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^P (\S+) (\d+)$/.exec(line))) sizes.set(m[1]!, Number(m[2]));
    else if ((m = /^R (\S+)$/.exec(line))) removed.add(m[1]!);
    else if ((m = /^S (\S+) (.*)$/.exec(line))) kept.push({ path: m[1]!, why: m[2]! });
  }
  return { sizes, removed, kept };
}

function runLocal(args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', PRUNE_SH, 'sh', ...args], { signal, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err && (err as { code?: unknown }).code === 'ABORT_ERR') reject(abortError(signal));
      else if (err) reject(new TrainyardError('bad-argument', `prune failed: ${String(stderr).trim() || err.message}`, { cause: err }));
      else resolve(String(stdout));
    });
  });
}

export async function pruneTarget(target: Target, o: PruneOptions): Promise<PruneResult> {
  throwIfAborted(o.signal);
  if (!(target instanceof LocalTarget) && !(target instanceof SshTarget)) {
    throw new TrainyardError('target-unsupported', `prune works on local and ssh: targets, not ${target.id}`);
  }
  const jobs = pruneCandidates(await target.list(o), o.olderThanSeconds, o.now);
  const byPath = new Map(jobs.map((j) => [`jobs/${j.id}`, j]));
  const args = [o.dryRun ? '1' : '0', String(Math.max(0, Math.floor(o.olderThanSeconds))), ...jobs.map((j) => j.id)];
  let root: string;
  let out: string;
  if (target instanceof SshTarget) {
    root = await target.root(o);
    const r = await target.sh(PRUNE_SH, [root, ...args], o);
    if (r.code !== 0) throw new TrainyardError('host-unreachable', `cannot prune ${root} on ${target.name}: ${r.stderr.toString().trim() || `exit ${r.code}`}`);
    out = r.stdout.toString('utf8');
  } else {
    root = target.home;
    out = await runLocal([root, ...args], o.signal);
  }
  const p = parsePruneOutput(out);
  const removed: PrunedItem[] = [];
  for (const [path, bytes] of p.sizes) {
    if (!o.dryRun && !p.removed.has(path)) continue;
    const kind = path.startsWith('jobs/') ? 'job' : 'cache';
    const name = path.slice(path.indexOf('/') + 1);
    const item: PrunedItem = { kind, name, path, bytes };
    const job = byPath.get(path);
    if (job) item.job = job;
    removed.push(item);
    // The local record of a removed cache would only describe files that are gone.
    if (kind === 'cache' && !o.dryRun && target instanceof SshTarget) fs.rmSync(manifestFile(target.home, target.name, name), { force: true });
  }
  return { target: target.id, root, dryRun: Boolean(o.dryRun), removed, kept: p.kept, bytes: removed.reduce((n, r) => n + r.bytes, 0) };
}
