/**
 * The POSIX sh scripts the SSH target runs on a host, one per call. They are constants: every
 * value (paths, ids, offsets) reaches them as positional parameters, sent as
 * `sh -c SCRIPT sh ARG…` with each word quoted by `shq`. The host needs sh, coreutils
 * (base64, head, tail, wc, date, setsid) and tar.
 */

/**
 * Shared helpers: liveness of the runner (not a zombie, same job dir; the GPU queue.sh that
 * becomes the runner counts) and of a process group.
 */
export const LIVE = `
alive() { kill -0 "$1" 2>/dev/null || return 1; [ -r "/proc/$1/stat" ] || return 0
  read -r l <"/proc/$1/stat" 2>/dev/null || return 1; l=\${l##*) }; case $l in Z*|X*) return 1 ;; esac; return 0; }
runner_alive() { [ -n "$1" ] && alive "$1" || return 1; [ -r "/proc/$1/cmdline" ] || return 0
  tr '\\0' '\\n' <"/proc/$1/cmdline" | grep -qxF -e "$2/runner.sh" -e "$2/queue.sh"; }
group_alive() { [ -n "$1" ] && kill -0 -"$1" 2>/dev/null || return 1; [ -d /proc/self ] || return 0
  for f in /proc/[0-9]*/stat; do read -r l <"$f" 2>/dev/null || continue; l=\${l##*) }
    set -- "$1" $l; [ "$4" = "$1" ] && case $2 in Z|X) ;; *) return 0 ;; esac; done; return 1; }
`;

/**
 * $1: a script. Runs it with `sh -c` from the user's login shell (`$SHELL -lc`), so what the
 * profile sets up (PATH, conda, modules) applies, as it does for jobs of a `loginShell` host.
 */
export const LOGIN_SH = `exec "\${SHELL:-sh}" -lc 'exec sh -c "$1"' sh "$1"`;

/** $1: configured root ('' = ~/.trainyard). Prints the absolute root. */
export const ROOT_SH = `r=\${1:-$HOME/.trainyard}; mkdir -p "$r/jobs" && cd "$r" && pwd -P`;

/**
 * $1: job dir, $2: 1 to start through the user's login shell, $3: the entry script
 * (`runner.sh`, or `queue.sh` for GPU jobs: ./queue.ts). Starts it detached (its own session,
 * stdio on /dev/null) so a dropped connection never stops it, then waits up to ~10 s for it to
 * report (running, final, or `waiting` for GPUs).
 */
export const START_SH = `d=$1 e=\${3:-runner.sh}
case $e in runner.sh|queue.sh) ;; *) exit 125 ;; esac
cd "$d" || exit 125
if [ "$2" = 1 ]; then set -- "\${SHELL:-sh}" -lc 'exec sh "$1/$2" "$1"' sh "$d" "$e"; else set -- sh "$d/$e" "$d"; fi
if command -v setsid >/dev/null 2>&1; then setsid "$@" </dev/null >/dev/null 2>&1 &
else nohup "$@" </dev/null >/dev/null 2>&1 & fi
i=0
while [ "$i" -lt 100 ]; do
  read -r st <"$d/status" 2>/dev/null
  [ "$st" != queued ] && break
  [ -e "$d/waiting" ] && break
  sleep 0.1; i=$((i + 1))
done`;

/** State files read per job (base64, one per line). */
export const STATE_NAMES = ['job.json', 'status', 'exit_code', 'started_at', 'ended_at', 'reason', 'attempt', 'job.exit', 'cancel', 'gpus', 'waiting'];

/**
 * $1: root, then job ids (none: every job). Per job: `J id +|-`, liveness `L runnerAlive
 * groupAlive pgid hasRunnerPid ageSeconds jobExitTime` (checked before the files are read, so
 * a dead runner's files are complete), then `F name base64` per present state file.
 */
export const STATE_SH = `${LIVE}
r=$1; shift
[ -d "$r/jobs" ] || exit 0
if [ $# -eq 0 ]; then cd "$r/jobs" && set -- $(ls -A); fi
now=$(date +%s)
for id in "$@"; do
  d="$r/jobs/$id"
  if [ ! -f "$d/job.json" ]; then printf 'J %s -\\n' "$id"; continue; fi
  printf 'J %s +\\n' "$id"
  read -r st <"$d/status" 2>/dev/null
  case $st in succeeded|failed|cancelled|lost) ;; *)
    read -r rp <"$d/runner.pid" 2>/dev/null; read -r pg <"$d/pgid" 2>/dev/null
    ra=0; ga=0; runner_alive "$rp" "$d" && ra=1; [ "$ra" = 0 ] && group_alive "$pg" && ga=1
    age=$((now - $(date -r "$d/job.json" +%s)))
    jt=-; [ -f "$d/job.exit" ] && jt=$(date -u -r "$d/job.exit" +%Y-%m-%dT%H:%M:%SZ)
    printf 'L %s %s %s %s %s %s\\n' "$ra" "$ga" "\${pg:--}" "\${rp:+1}" "$age" "$jt" ;;
  esac
  for f in ${STATE_NAMES.join(' ')}; do
    [ -f "$d/$f" ] && { printf 'F %s ' "$f"; base64 <"$d/$f" | tr -d '\\n'; echo; }
  done
done
exit 0`;

/**
 * $1: job dir, $2 status, $3 exit code ('' none), $4 reason ('' none), $5 endedAt, $6 pgid to
 * SIGKILL ('' none). Writes a final state the way the runner does (status last).
 */
export const FINALIZE_SH = `d=$1
put() { printf '%s\\n' "$2" >"$d/.$1.tmp" && mv -f "$d/.$1.tmp" "$d/$1"; }
[ -n "$6" ] && kill -KILL -"$6" 2>/dev/null
[ -n "$3" ] && put exit_code "$3"
put ended_at "$5"
if [ -n "$4" ]; then put reason "$4"; else rm -f "$d/reason"; fi
put status "$2"`;

/**
 * $1: job dir, $2: 1 to force (SIGKILL runner and group). Writes `cancel`, then SIGTERMs the
 * runner (which stops the job's group), or the group itself when the runner is gone.
 */
export const CANCEL_SH = `${LIVE}
d=$1
[ -f "$d/job.json" ] || exit 3
read -r rp <"$d/runner.pid" 2>/dev/null; read -r pg <"$d/pgid" 2>/dev/null
[ -e "$d/cancel" ] || { date -u +%Y-%m-%dT%H:%M:%SZ >"$d/.cancel.tmp" && mv -f "$d/.cancel.tmp" "$d/cancel"; }
if [ "$2" = 1 ]; then
  [ -n "$pg" ] && kill -KILL -"$pg" 2>/dev/null
  runner_alive "$rp" "$d" && kill -KILL "$rp" 2>/dev/null
  exit 0
fi
if runner_alive "$rp" "$d"; then kill -TERM "$rp"; elif [ -n "$pg" ]; then kill -TERM -"$pg" 2>/dev/null; fi
exit 0`;

/**
 * $1: job dir, $2: byte offset, $3: 1 to follow, $4: the file (`log`, the default, or
 * `metrics.jsonl`). Frames on stdout: `D offset length\\n` then exactly that many bytes of it; at the end `E status\\n`, or `E stale\\n` when the runner died
 * without a final status (the caller reconciles and resumes). Status is read before the size,
 * so "final, then drained" means the whole log was sent.
 */
export const LOGS_SH = `${LIVE}
d=$1; off=$2; f=\${4:-log}
case $f in log|metrics.jsonl) ;; *) exit 2 ;; esac
[ -f "$d/job.json" ] || exit 3
n=0
while :; do
  st=; read -r st <"$d/status" 2>/dev/null
  sz=$(wc -c <"$d/$f" 2>/dev/null | tr -d ' '); sz=\${sz:-0}
  if [ "$sz" -gt "$off" ]; then
    printf 'D %s %s\\n' "$off" $((sz - off))
    tail -c +$((off + 1)) "$d/$f" | head -c $((sz - off))
    off=$sz
  fi
  [ "$3" = 1 ] || break
  case $st in succeeded|failed|cancelled|lost) break ;; esac
  n=$((n + 1))
  if [ $((n % 10)) = 0 ]; then
    read -r rp <"$d/runner.pid" 2>/dev/null
    if ! runner_alive "$rp" "$d"; then read -r st <"$d/status" 2>/dev/null
      case $st in succeeded|failed|cancelled|lost) continue ;; esac
      [ -n "$rp" ] && { printf 'E stale\\n'; exit 0; }; fi
  fi
  sleep 0.2
done
printf 'E %s\\n' "$st"`;

/** $1: file. Prints it (exit 3 when missing). */
export const CAT_SH = `[ -f "$1" ] || exit 3; cat "$1"`;

/** The GPU probe script lives with its parser (core/gpu/probe.ts); the local target runs it too. */
export { PROBE_SH } from '../../gpu/probe';
