/**
 * The job runner: one POSIX sh script (dash-safe; needs only sh, coreutils and setsid) that
 * drives a job's whole lifecycle from its job directory. The local target starts it detached;
 * the SSH target will start the very same script on a remote host. No long-lived node process
 * is involved, so jobs outlive the CLI and the editor.
 *
 * runner.sh JOB_DIR                      (session leader, started detached)
 *   └─ setsid sh wrap.sh JOB_DIR         (the job's own session + process group; pgid = its pid)
 *        └─ ( cd workdir; . env.sh; . secrets.sh; bash setup.sh && exec bash run.sh )
 *
 * Files the runner writes (each atomically: tmp + mv): runner.pid, status, started_at,
 * attempt, exit_code, ended_at, reason, log.ts (appended). wrap.sh writes pgid and job.exit
 * (its child's exit code, so the code is known even when the runner died). `log` receives the
 * job's stdout and stderr, appended, unchanged.
 *
 * Cancel protocol: write `cancel`, then SIGTERM the runner. The runner's trap records the
 * reason, sends SIGTERM to the job's process group, arms a SIGKILL after `ty_grace` seconds,
 * and goes back to waiting (sh `wait` returns early on a trapped signal; the loop below
 * re-waits while the wrapper lives). Timeout: a watchdog writes reason=timeout and SIGTERMs the
 * runner, which then stops the job the same way. Timeouts and cancels are never retried.
 */

export const RUNNER_SH = `#!/bin/sh
# Trainyard job runner, job directory format 1. Usage: sh runner.sh JOB_DIR
d=$1
ty_grace=10 ty_timeout=0 ty_retries=0
. "$d/runner.conf" || exit 125
me=$$

put() { printf '%s\\n' "$2" >"$d/.$1.tmp" && mv -f "$d/.$1.tmp" "$d/$1"; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# later SECONDS CMD...: runs CMD after SECONDS in a background subshell; \`kill $!\` stops it early.
later() {
  (
    s=
    trap 'kill $s 2>/dev/null; exit 0' TERM
    sleep "$1" & s=$!
    wait "$s" || exit 0
    trap - TERM
    shift
    "$@"
  ) &
}

# log.ts: "<log size> <epoch seconds>" lines, sampled about once a second when the size changed.
last=
sample() {
  n=$(wc -c <"$d/log" 2>/dev/null | tr -d ' ')
  if [ -n "$n" ] && [ "$n" != 0 ] && [ "$n" != "$last" ]; then
    printf '%s %s\\n' "$n" "$(date +%s)" >>"$d/log.ts"
    last=$n
  fi
}
sampler() {
  s=
  trap 'kill $s 2>/dev/null; exit 0' TERM
  while kill -0 "$me" 2>/dev/null; do
    sample
    sleep 1 & s=$!
    wait "$s"
  done
}

stopping= child= sent= killer= watchdog=
stop_job() {
  if [ -n "$child" ] && [ -z "$sent" ] && kill -TERM -"$child" 2>/dev/null; then
    sent=1
    later "$ty_grace" kill -KILL -"$child"
    killer=$!
  fi
}
on_term() {
  stopping=1
  # wrap.sh checks for \`reason\` after it has its own process group, so a job whose group did
  # not exist yet when we signalled it never starts.
  [ -e "$d/reason" ] || put reason cancelled
  stop_job
}
timed_out() {
  [ -e "$d/job.exit" ] && return 0
  put reason timeout
  kill -TERM "$me" 2>/dev/null || kill -TERM -"$child" 2>/dev/null
}
start_job() {
  if command -v setsid >/dev/null 2>&1; then
    setsid sh "$d/wrap.sh" "$d" >>"$d/log" 2>&1 </dev/null &
  else
    perl -e 'use POSIX (); POSIX::setsid(); exec @ARGV or exit 127' sh "$d/wrap.sh" "$d" >>"$d/log" 2>&1 </dev/null &
  fi
  child=$!
}

trap on_term TERM INT HUP
put runner.pid $$
[ -e "$d/started_at" ] || put started_at "$(now)"
put status running
[ -e "$d/cancel" ] && on_term
sampler &
smp=$!

attempt=0 rc=
while :; do
  attempt=$((attempt + 1))
  rm -f "$d/job.exit" "$d/pgid" "$d/reason"
  [ -n "$stopping" ] && break
  put attempt "$attempt"
  start_job
  [ -n "$stopping" ] && stop_job
  if [ "$ty_timeout" -gt 0 ]; then later "$ty_timeout" timed_out; watchdog=$!; fi
  while :; do
    wait "$child"
    rc=$?
    kill -0 "$child" 2>/dev/null || break
    [ -n "$stopping" ] && stop_job
  done
  [ -f "$d/job.exit" ] && rc=$(cat "$d/job.exit")
  case $rc in '' | *[!0-9]*) rc=125 ;; esac
  # Whatever the job left behind in its process group goes with it.
  kill -KILL -"$child" 2>/dev/null
  [ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
  [ -n "$killer" ] && kill "$killer" 2>/dev/null
  child= sent= killer= watchdog=
  [ "$rc" -eq 0 ] && break
  [ -n "$stopping" ] && break
  [ "$attempt" -gt "$ty_retries" ] && break
done

kill "$smp" 2>/dev/null
wait "$smp" 2>/dev/null
last=$(tail -n 1 "$d/log.ts" 2>/dev/null | cut -d' ' -f1)
sample
reason=$(cat "$d/reason" 2>/dev/null)
if [ -n "$stopping" ] && [ "$reason" != timeout ]; then
  st=cancelled reason=cancelled
elif [ -z "$stopping" ] && [ "$rc" = 0 ]; then
  st=succeeded reason=
else
  st=failed
  if [ -z "$reason" ] && [ "$rc" -gt 128 ]; then reason=signal; fi
fi
[ -n "$rc" ] && put exit_code "$rc"
put ended_at "$(now)"
if [ -n "$reason" ]; then put reason "$reason"; else rm -f "$d/reason"; fi
put status "$st"
exit 0
`;

export const WRAP_SH = `#!/bin/sh
# Trainyard job wrapper, job directory format 1. Usage: setsid sh wrap.sh JOB_DIR
# Leads the job's own session and process group; records the job's exit code in job.exit.
printf '%s\\n' "$$" >"$1/.pgid.tmp" && mv -f "$1/.pgid.tmp" "$1/pgid"
# The log gets the job's bytes only: this shell's own messages (e.g. \`Terminated\`) go nowhere.
exec 3>&2 2>/dev/null
# Survive the group-wide SIGTERM of a cancel long enough to record the job's exit code.
trap 'ty_sig=1' TERM INT HUP
# Stopped before the job started (see on_term in runner.sh).
[ -e "$1/reason" ] && exit 143
(
  exec 2>&3 3>&-
  ty_workdir=
  . "$1/runner.conf" || exit 125
  cd "$ty_workdir" || exit 125
  if command -v bash >/dev/null 2>&1; then set -- "$1" "$(command -v bash)"; else set -- "$1" "$(command -v sh)"; fi
  # The job's env (it may set any name, so only positional parameters are used after this).
  . "$1/env.sh" || exit 125
  if [ -f "$1/secrets.sh" ]; then . "$1/secrets.sh" || exit 125; fi
  if [ -f "$1/setup.sh" ]; then "$2" "$1/setup.sh" || exit $?; fi
  exec "$2" "$1/run.sh"
) </dev/null
ty_rc=$?
printf '%s\\n' "$ty_rc" >"$1/.job.exit.tmp" && mv -f "$1/.job.exit.tmp" "$1/job.exit"
exit "$ty_rc"
`;
