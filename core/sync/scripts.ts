/**
 * The POSIX sh scripts of a workdir sync, run on the host as `sh -c SCRIPT sh ARG…` (every
 * argument quoted by shq). The per-host cache of a workdir is `<trainyardDir>/cache/<key>/`:
 *
 *   tree/      the workdir as last synced (what snapshots are made from)
 *   staging/   files of an upload in progress; renamed into tree/ once the upload is complete,
 *              kept when it is interrupted so that the next sync sends only what is missing
 *   lock       flock'd by a sync (and the snapshot it makes), so syncs of one cache never mix
 *   used       touched by every sync (`trainyard prune` removes caches unused for long)
 *
 * Needs sh, find, tar, mv, rm, df, xargs -0 (GNU, BSD, busybox), flock (util-linux) for the
 * lock, sha256sum (optional: only used to recognise identical files without a local manifest).
 */

/**
 * $1: the configured trainyard folder ('' = ~/.trainyard), $2: the workdir key, $3: 1 to use
 * the portable lister even where GNU find is there (tests). Creates the folders, waits for a
 * sync of the same cache that still runs (shared lock), and prints NUL-terminated fields:
 * `H <available KiB>`, the absolute trainyard folder, then per entry of tree/ and staging/
 * `<type> <size> <mtime> <octal mode> <path>` and the symlink target.
 */
export const LIST_SH = `r=\${1:-$HOME/.trainyard} portable=$3
mkdir -p "$r/jobs" "$r/cache/$2/tree" && cd "$r" && r=$(pwd -P) && cd "cache/$2" || exit 3
# A sync still running (e.g. one whose connection just dropped, draining) finishes first.
if command -v flock >/dev/null 2>&1; then exec 9>>lock; flock -s -w 120 9 || { echo 'another sync of this workdir is still running on the host' >&2; exit 4; }; fi
printf 'H %s\\0%s\\0' "$(df -Pk . | awk 'NR == 2 { print $4 }')" "$r"
set -- tree; [ -d staging ] && set -- tree staging
if [ "$portable" != 1 ] && find . -maxdepth 0 -printf '' >/dev/null 2>&1; then
  find "$@" -mindepth 1 -printf '%y %s %T@ %m %p\\0%l\\0'
else
  find "$@" ! -path tree ! -path staging -exec sh -c 'for f; do
    if [ -L "$f" ]; then printf "l 0 0 777 %s\\0%s\\0" "$f" "$(readlink "$f")"
    elif [ -d "$f" ]; then printf "d 0 0 755 %s\\0\\0" "$f"
    elif [ -f "$f" ]; then x=644; [ -x "$f" ] && x=755
      printf "f %s %s %s %s\\0\\0" "$(wc -c <"$f" | tr -d " ")" "$(date -r "$f" +%s)" "$x" "$f"; fi
  done' sh {} +
fi
exit 0`;

/**
 * $1: cache dir. stdin: NUL-terminated paths (relative to the cache dir). Prints
 * `<sha256> <path>\\0` per readable file; exits 9 without sha256sum.
 */
export const HASH_SH = `cd "$1" || exit 3
command -v sha256sum >/dev/null 2>&1 || exit 9
xargs -0 sh -c 'for f; do h=$(sha256sum <"$f") && printf "%.64s %s\\0" "$h" "$f"; done' sh`;

/**
 * $1: cache dir, $2: job dir to create ('' for a sync alone), $3: 1 to empty staging/ first. stdin: a tar of `ctl/delete`
 * (NUL-terminated paths under tree/ or staging/ to remove), `staging/…` (the changed files)
 * and `job/…` (the job's files). Under the cache lock: unpack, delete, merge staging/ into
 * tree/ (one rename per file, one `mv` per folder; new folders move whole), then snapshot
 * tree/ into job/workdir with hard links and move job/ into place as the job directory.
 * Exit codes: 2 the upload broke off (staging/ is kept), 4 lock, 6 snapshot, 17 job exists.
 */
export const SYNC_SH = `c=$1 j=$2
mkdir -p "$c/tree" && cd "$c" || exit 3
if command -v flock >/dev/null 2>&1; then exec 9>>"$c/lock"; flock -w 600 9 || { echo 'another sync of this workdir is still running on the host' >&2; exit 4; }; fi
if [ -n "$j" ]; then mkdir -m 700 "$j" 2>/dev/null || { [ -e "$j" ] && exit 17; exit 5; }; fi
fail() { [ -n "$j" ] && rm -rf "$j"; rm -rf job ctl; exit "$1"; }
rm -rf ctl job
[ "$3" = 1 ] && rm -rf staging
mkdir -p staging && tar -x -o -f - || fail 2
here() { [ -e "$1" ] || [ -L "$1" ]; }
isdir() { [ -d "$1" ] && [ ! -L "$1" ]; }
merge() {
  for e in "$1"/* "$1"/.[!.]* "$1"/..?*; do
    isdir "$e" || continue
    n=\${e##*/}
    if isdir "$2/$n"; then (merge "$e" "$2/$n") || return 1
    else rm -rf "$2/$n"; mv -f "$e" "$2/$n" || return 1; fi
  done
  s=$1 d=$2; set --
  for e in "$s"/* "$s"/.[!.]* "$s"/..?*; do
    here "$e" || continue; isdir "$e" && continue
    isdir "$d/\${e##*/}" && rm -rf "$d/\${e##*/}"
    set -- "$@" "$e"
  done
  [ $# -eq 0 ] || mv -f "$@" "$d/"
}
snap() {
  cp -al "$1" "$2" 2>/dev/null && return 0; rm -rf "$2"
  if command -v pax >/dev/null 2>&1; then mkdir "$2" && (cd "$1" && pax -rwl . "$2") && return 0; rm -rf "$2"; fi
  cp -RPp "$1" "$2"
}
if [ -s ctl/delete ]; then xargs -0 rm -rf -- <ctl/delete || fail 3; fi
merge staging tree || fail 3
rm -rf staging ctl
: >used
[ -n "$j" ] || exit 0
mkdir -p job && snap "$c/tree" "$c/job/workdir" || fail 6
mv job/* "$j/" && rmdir job || fail 5`;
