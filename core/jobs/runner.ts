/**
 * The job runner: one POSIX sh script (dash-safe; needs only sh, coreutils and setsid) that
 * drives a job's whole lifecycle from its job directory. The local target starts it detached;
 * the SSH target starts the very same script on a remote host. No long-lived node process
 * is involved, so jobs outlive the CLI and the editor.
 *
 * runner.sh JOB_DIR                      (session leader, started detached)
 *   ├─ setsid sh wrap.sh JOB_DIR         (the job's own session + process group; pgid = its pid)
 *   │    └─ ( cd workdir; . env.sh; . secrets.sh; bash setup.sh && exec bash run.sh )
 *   └─ helpers: the log.ts sampler; timers for the timeout and for the SIGKILL after a cancel
 *
 * Files the runner writes (each atomically: tmp + mv): runner.pid, status, started_at,
 * attempt, exit_code, ended_at, reason, log.ts (appended). wrap.sh writes pgid and job.exit
 * (its child's exit code, so the code is known even when the runner died). `log` receives the
 * job's stdout and stderr, appended, unchanged.
 *
 * Cancel protocol: write `cancel`, then SIGTERM the runner. The runner's trap records the
 * reason, sends SIGTERM to the job's process group, arms a SIGKILL after `ty_grace` seconds,
 * and goes back to waiting. Timeout: a timer writes reason=timeout and SIGTERMs the runner,
 * which then stops the job the same way. Timeouts and cancels are never retried.
 *
 * Waiting, precisely (each of these could leave a job `running` for good):
 * - `wait PID` also returns (>128) when one of the runner's traps ran during it. The runner then
 *   waits again: a child still running is waited for; one that is done answers at once, with its
 *   status again (dash, bash) or 127 (bash as sh forgets a status once reported). It never asks
 *   `kill -0` whether a child lives: once reaped, its pid may be another process's, and a loop
 *   on it would spin, without ever writing a final status, until that process ends.
 * - Helpers are stopped with SIGUSR1, never SIGTERM: a subshell forked while the runner traps
 *   TERM keeps the runner's handler until it has reset its traps, and dash notes a TERM that
 *   arrives then for a trap it drops right after, so the helper would run on and the runner
 *   block for good in `wait` (a job done, its status `running` forever). USR1 is not trapped by
 *   the runner, so a helper that gets it before its own trap is set just dies. Where USR1 was
 *   ignored on entry (it cannot be trapped then) helpers are stopped with SIGKILL.
 * - Helpers exit only when stopped (or when the runner is gone): a timer that fired lingers,
 *   so the pid the runner signals and reaps is always its own unreaped child.
 * - wrap.sh's job subshell checks `reason` first: the runner writes it before it signals the
 *   group, so a SIGTERM lost the same way (in that subshell's first instants) still stops it.
 */

/**
 * The runner's helper machinery (also run on its own by the tests): background helpers, how
 * they are stopped and reaped. Needs `d` (the job directory) and `me` (the runner's pid);
 * the caller's traps set `ty_trap=1`.
 */
export const HELPERS_SH = `# Helpers (the sampler, timers) are background subshells stopped with USR1, not TERM: a subshell
# still holding our TERM trap in its first instants drops a TERM (dash), and would run on.
# USR1 ignored on entry cannot be trapped: then they are stopped with KILL.
ty_stop=KILL
trap 'ty_stop=USR1' USR1
kill -USR1 $$
trap - USR1

# reap PID: waits until our child PID has ended; a wait cut short by one of our traps (each sets
# ty_trap=1) is redone.
ty_trap=
reap() {
  while :; do
    ty_trap=
    wait "$1" 2>/dev/null
    [ -z "$ty_trap" ] && return 0
  done
}
# stop_helper PID: stops a helper and reaps it (helpers never exit unasked while we run, so PID
# is still ours).
stop_helper() {
  kill -"$ty_stop" "$1" 2>/dev/null
  reap "$1"
}
# Helpers run while the runner does: it is there and has not written a final status.
runner_lives() {
  kill -0 "$me" 2>/dev/null || return 1
  ty_st=
  { read -r ty_st <"$d/status"; } 2>/dev/null
  [ "$ty_st" = running ]
}

# What follows runs inside helpers.
# helper: a helper's first command. USR1 (stop_helper) ends it and the sleep it is in: $s, or $!
# when USR1 came between that sleep's fork and \`s=$!\` ($! moved on from ty_prev then).
helper() {
  s= ty_prev=$!
  trap '[ -z "$s" ] && [ "$!" != "$ty_prev" ] && s=$!; [ -n "$s" ] && kill "$s" 2>/dev/null; exit 0' USR1
}
# nap SECONDS: a helper's sleep, which stop_helper cuts short; returns the sleep's status.
nap() {
  ty_prev=$!
  sleep "$1" & s=$!
  wait "$s"
  ty_w=$?
  s= ty_prev=$!
  return "$ty_w"
}
# idle: a helper's rest once its work is done, until it is stopped (or the runner is gone).
idle() {
  while runner_lives; do nap 1; done
}

# later SECONDS CMD...: a helper that runs CMD after SECONDS, then idles, so that its pid stays
# the runner's until stop_helper ends it.
later() {
  (
    helper
    if nap "$1"; then
      shift
      "$@"
    fi
    idle
  ) &
}
`;

export const RUNNER_SH = `#!/bin/sh
# Trainyard job runner, job directory format 1. Usage: sh runner.sh JOB_DIR
d=$1
ty_grace=10 ty_timeout=0 ty_retries=0
. "$d/runner.conf" || exit 125
me=$$

put() { printf '%s\\n' "$2" >"$d/.$1.tmp" && mv -f "$d/.$1.tmp" "$d/$1"; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

${HELPERS_SH}
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
  helper
  while runner_lives; do
    sample
    nap 1
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
  ty_trap=1
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
  # The wrapper's status; a wait cut short by a trap (a cancel, the timeout) is redone.
  rc=
  while :; do
    ty_trap=
    wait "$child" 2>/dev/null
    w=$?
    # 127 once a status was given: the shell forgot it after reporting it (bash as sh).
    [ -n "$rc" ] && [ "$w" -eq 127 ] && break
    rc=$w
    [ -z "$ty_trap" ] && break
    [ -n "$stopping" ] && stop_job
  done
  # The wrapper is reaped: nothing may signal its pid from here on.
  pg=$child child=
  [ -f "$d/job.exit" ] && rc=$(cat "$d/job.exit")
  case $rc in '' | *[!0-9]*) rc=125 ;; esac
  # Whatever the job left behind in its process group goes with it.
  kill -KILL -"$pg" 2>/dev/null
  [ -n "$watchdog" ] && stop_helper "$watchdog"
  [ -n "$killer" ] && stop_helper "$killer"
  sent= killer= watchdog=
  [ "$rc" -eq 0 ] && break
  [ -n "$stopping" ] && break
  [ "$attempt" -gt "$ty_retries" ] && break
done

stop_helper "$smp"
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
  # Again in here: a group-wide SIGTERM that came while this subshell still had the trap above
  # is dropped by dash, but \`reason\` was written before it was sent.
  [ -e "$1/reason" ] && exit 143
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
