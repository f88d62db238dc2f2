/**
 * GPU jobs on SSH hosts wait for their GPUs ON THE HOST: launch writes `gpu.conf` and
 * `queue.sh` into the job directory and starts `queue.sh` (detached, like the runner) instead
 * of `runner.sh`. queue.sh takes the host's GPU lock (`flock` on `<trainyardDir>/gpu.lock`),
 * reads what other live Trainyard jobs were given (their `gpus` files), asks nvidia-smi, picks
 * with core/gpu/pickAwk.ts (the rules of `pickGpus`), records the pick in `gpus` and env.sh
 * (CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER=PCI_BUS_ID) before releasing the lock, then becomes
 * the runner (`exec`, same pid). Until then the status stays `queued` and `waiting` says why;
 * it re-probes every `ty_poll` seconds. A cancel (SIGTERM, or the `cancel` file) ends the wait
 * with status `cancelled`. So launches from different machines never share a GPU, and a queued
 * job starts when GPUs free up even with no Trainyard client connected.
 */
import { shq } from '../../shell/quote';
import { PICK_AWK } from '../../gpu/pickAwk';
import { GPU_QUERY, APPS_QUERY, type GpuThresholds } from '../../gpu/nvidiaSmi';
import { LIVE } from './scripts';

export interface GpuRequest {
  /** The host's absolute trainyard folder (holds jobs/ and gpu.lock). */
  root: string;
  want: number;
  type?: string;
  thresholds: GpuThresholds;
  pollSeconds: number;
}

/** gpu.conf: sourced by queue.sh; every value quoted. */
export function gpuConf(r: GpuRequest): string {
  const int = (n: number) => String(Math.max(0, Math.floor(n)));
  return (
    `ty_root=${shq(r.root)}\n` +
    `ty_want=${int(r.want)}\n` +
    `ty_type=${shq(r.type ?? '')}\n` +
    `ty_util=${shq(String(r.thresholds.utilizationPercent))}\n` +
    `ty_mem=${shq(String(r.thresholds.memoryPercent))}\n` +
    `ty_poll=${int(Math.max(1, r.pollSeconds))}\n`
  );
}

export const QUEUE_SH = `#!/bin/sh
# Trainyard GPU queue, job directory format 1. Usage: sh queue.sh JOB_DIR (then execs runner.sh)
d=$1
ty_root= ty_want=1 ty_type= ty_util=10 ty_mem=10 ty_poll=10
. "$d/gpu.conf" || exit 125
put() { printf '%s\\n' "$2" >"$d/.$1.tmp" && mv -f "$d/.$1.tmp" "$d/$1"; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
${LIVE}
s=
finish() { [ -n "$s" ] && kill "$s" 2>/dev/null; rm -f "$d/waiting"
  put reason "$2"; put ended_at "$(now)"; put status "$1"; exit 0; }
trap 'finish cancelled cancelled' TERM INT HUP
put runner.pid $$
if ! command -v flock >/dev/null 2>&1; then
  echo "trainyard: this host has no flock (util-linux), which GPU jobs need to share GPUs safely" >>"$d/log"
  finish failed no-flock
fi
taken() {
  for j in "$ty_root"/jobs/*; do
    [ "$j" = "$d" ] || [ ! -f "$j/gpus" ] && continue
    st=; read -r st <"$j/status" 2>/dev/null
    case $st in succeeded|failed|cancelled|lost) continue ;; esac
    rp=; pg=; read -r rp <"$j/runner.pid" 2>/dev/null; read -r pg <"$j/pgid" 2>/dev/null
    runner_alive "$rp" "$j" || group_alive "$pg" || continue
    tr -d ' \\n' <"$j/gpus"; printf ','
  done
}
pick() {
  TY_TAKEN=$(taken)
  gpus=$(nvidia-smi --query-gpu=${GPU_QUERY} --format=csv,noheader,nounits 2>&1)
  apps=$(nvidia-smi --query-compute-apps=${APPS_QUERY} --format=csv,noheader,nounits 2>/dev/null) && apps="@@apps
$apps"
  printf '@@gpus\\n%s\\n%s\\n' "$gpus" "$apps" |
    TY_WANT=$ty_want TY_TYPE=$ty_type TY_UTIL=$ty_util TY_MEM=$ty_mem TY_TAKEN=$TY_TAKEN awk ${shq(PICK_AWK)}
}
while :; do
  [ -e "$d/cancel" ] && finish cancelled cancelled
  r=$( (
    flock -w 60 9 || { echo 'wait for the GPU lock (another launch holds it)'; exit 0; }
    r=$(pick)
    case $r in "ok "*) printf '%s\\n' "\${r#ok }" >"$d/.gpus.tmp" && mv -f "$d/.gpus.tmp" "$d/gpus" || r='wait: cannot write gpus' ;; esac
    printf '%s\\n' "$r"
  ) 9>>"$ty_root/gpu.lock" )
  case $r in "ok "*) break ;; esac
  put waiting "$r"
  sleep "$ty_poll" & s=$!
  wait "$s"; s=
done
g=$(cat "$d/gpus")
printf "export CUDA_DEVICE_ORDER='PCI_BUS_ID'\\nexport CUDA_VISIBLE_DEVICES='%s'\\n" "$g" >>"$d/env.sh"
rm -f "$d/waiting"
[ -e "$d/cancel" ] && finish cancelled cancelled
trap - TERM INT HUP
exec sh "$d/runner.sh" "$d"
`;
