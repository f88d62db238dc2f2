#!/usr/bin/env bash
# Trainyard GPU device check: runs Trainyard's CLI (bundled next to this file, with its own node)
# against the real nvidia-smi and a real CUDA job, and leaves the evidence in $OUT:
#   check.log            every step: command, stdout, stderr, exit code, time; SUMMARY at the end
#   idle.query-gpu.csv   raw `nvidia-smi --query-gpu=<probe fields> --format=csv,noheader,nounits`, idle
#   idle.apps.csv        raw `nvidia-smi --query-compute-apps=gpu_uuid,pid,used_memory ...`, idle
#   busy.query-gpu.csv   the same while the check's GPU job runs
#   busy.apps.csv        the same while the check's GPU job runs (a row with the job's pid)
#   hosts.json           `trainyard hosts --json`: {idle, busy, after}
#   watch.jsonl          `trainyard watch <id> --json` for the whole GPU job
#   results.json         run/second-launch/status/jobs JSON, the CPU job's GPU visibility, checks
# Usage (from the repo root): OUT=/some/dir bash .devicecheck/check.sh
# Never stops early: each step's failure is logged and the next step runs. Bounded to ~4 min.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-/tmp/devout}
mkdir -p "$OUT"
HARD_LIMIT=${TYCHECK_HARD_LIMIT:-245}

# The hard bound: the whole check runs under `timeout`; the inner run also keeps its own deadline.
if [ -z "${TYCHECK_INNER:-}" ]; then
  export TYCHECK_INNER=1
  : > "$OUT/check.log"
  timeout -k 10 "$HARD_LIMIT" bash "${BASH_SOURCE[0]}" "$@"
  rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "=== HARD TIMEOUT: check.sh was stopped after ${HARD_LIMIT} s (rc $rc) ===" | tee -a "$OUT/check.log"
  fi
  exit "$rc"
fi

START=$(date +%s)
DEADLINE=$((START + HARD_LIMIT - 20))
LOG=$OUT/check.log
S=/tmp/tycheck          # scratch: raw outputs (the best of them are copied/assembled into $OUT)
J=/tmp/tyjob            # the job specs and script
export TRAINYARD_HOME=/tmp/tyhome
BURN_SECONDS=${BURN_SECONDS:-40}
NODE_DIR=/tmp/node

now() { date +%s; }
elapsed() { echo $(( $(now) - START )); }
# A step's timeout: at most $1 s and never past the deadline (at least 1 s).
tmo() { local left=$((DEADLINE - $(now))); local t=$1; [ "$t" -gt "$left" ] && t=$left; [ "$t" -lt 1 ] && t=1; echo "$t"; }
say() { echo "$*" | tee -a "$LOG"; }
section() { say ""; say "=================== [$(elapsed)s] $* ==================="; }

# run NAME SECONDS CMD...: stdout → $S/NAME.out, stderr → $S/NAME.err, exit code → $S/NAME.rc; all into the log.
run() {
  local name=$1 secs=$2; shift 2
  local t; t=$(tmo "$secs")
  local t0; t0=$(date +%s.%N)
  echo "\$ $*    [timeout ${t}s]" >> "$LOG"
  timeout -k 3 "$t" "$@" > "$S/$name.out" 2> "$S/$name.err" < /dev/null
  local rc=$?
  echo "$rc" > "$S/$name.rc"
  local dt; dt=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  {
    cat "$S/$name.out"
    if [ -s "$S/$name.err" ]; then echo "--- stderr:"; cat "$S/$name.err"; fi
    echo "--- rc=$rc (${dt}s)$( { [ "$rc" = 124 ] || [ "$rc" = 137 ]; } && echo ' TIMED OUT')"
  } >> "$LOG"
  echo "  [$(elapsed)s] $name: rc=$rc (${dt}s)"
  return "$rc"
}
show() { # show FILE...: a file's content into the log
  for f in "$@"; do echo "----- $f" >> "$LOG"; if [ -e "$f" ]; then cat "$f" >> "$LOG" 2>&1; else echo "(missing)" >> "$LOG"; fi; done
}

finish() {
  trap - EXIT TERM INT
  section "ASSEMBLE + SUMMARY"
  # Never leave a job of ours running (by the ids this check recorded).
  if [ -n "${ID:-}" ] && [ -x "$NODE_DIR/bin/trainyard" ]; then
    st=$(timeout 5 trainyard status "$ID" --json 2>/dev/null | grep -o '"status": *"[a-z]*"' | head -1)
    case "$st" in *running*|*queued*) run final-cancel 20 trainyard cancel "$ID" ;; esac
  fi
  if [ -n "${WPID:-}" ]; then kill "$WPID" 2>/dev/null; fi
  if command -v node >/dev/null 2>&1 && [ -f "$S/verify.js" ]; then
    timeout 8 node "$S/verify.js" "$S" "$OUT" "$TRAINYARD_HOME" "${ID:-}" 2>&1 | tee -a "$LOG"
  else
    say "node or verify.js missing: no results.json/hosts.json assembled"
  fi
  cp "$S/watch.out" "$OUT/watch.jsonl" 2>/dev/null
  say "total $(elapsed)s; files in $OUT:"; ls -la "$OUT" | tee -a "$LOG"
  exit 0
}
trap finish EXIT
trap 'say "!!! got a signal, finishing early"; exit 1' TERM INT

section "0. machine"
# Stop what an earlier run of this check left running (its own job process groups, by recorded id).
if [ -d "$TRAINYARD_HOME/jobs" ]; then
  for d in "$TRAINYARD_HOME"/jobs/*/; do
    [ -f "$d/status" ] || continue
    case "$(cat "$d/status")" in running*|queued*)
      for f in runner.pid pgid; do p=$(cat "$d/$f" 2>/dev/null); case "$p" in ''|*[!0-9]*) continue ;; esac
        say "stopping leftover from an earlier run: $d$f=$p"; kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done ;;
    esac
  done
  sleep 1
fi
rm -rf "$S" "$J" "$TRAINYARD_HOME"
mkdir -p "$S" "$J" "$TRAINYARD_HOME"
{ echo "check.sh started $(date -Is) in $(pwd); HERE=$HERE OUT=$OUT TRAINYARD_HOME=$TRAINYARD_HOME BURN_SECONDS=$BURN_SECONDS"
  uname -a; id; echo "nproc=$(nproc)"; free -m 2>/dev/null; df -h /tmp 2>/dev/null | tail -1
  echo "PATH=$PATH"; echo "which nvidia-smi: $(command -v nvidia-smi)"; echo "which python3: $(command -v python3)"; echo "which flock: $(command -v flock)"
  ldd --version 2>&1 | head -1; } >> "$LOG" 2>&1

cat > "$S/verify.js" <<'JS'
// Assembles hosts.json and results.json in $OUT from the raw outputs, and prints the checks.
const fs = require('fs'), path = require('path');
const [S, OUT, HOME, ID] = process.argv.slice(2);
const read = (n) => { try { return fs.readFileSync(path.join(S, n), 'utf8'); } catch { return ''; } };
const rc = (n) => { const t = read(n + '.rc').trim(); return t === '' ? null : Number(t); };
const json = (n) => { const t = read(n); if (!t.trim()) return undefined; try { return JSON.parse(t); } catch { return { unparsed: t }; } };
const jsonl = (t) => t.split('\n').filter((l) => l.trim()).map((l) => { try { return JSON.parse(l); } catch { return { unparsed: l }; } });
const fileJson = (f) => { try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return undefined; } };
const csvRows = (t) => t.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(',').map((x) => x.trim()));
const checks = [];
const check = (name, ok, detail) => { checks.push({ name, result: ok === null ? 'SKIP' : ok ? 'PASS' : 'FAIL', detail: String(detail ?? '') }); };
const local = (h) => (Array.isArray(h) ? h.find((p) => p.target === 'local') : undefined);

const hosts = { idle: json('hosts-idle.out'), busy: json('hosts-busy.out'), after: json('hosts-after.out') };
fs.writeFileSync(path.join(OUT, 'hosts.json'), JSON.stringify(hosts, null, 2) + '\n');
const jobDir = ID ? path.join(HOME, 'jobs', ID) : '';
const jobRecord = ID ? fileJson(path.join(jobDir, 'job.json')) : undefined;
const watch = jsonl(read('watch.out'));
const log = read('logs.out');
const cpuLog = read('cpujob.out');

check('node runs', rc('node') === 0, read('node.out').trim() || read('node.err').trim());
check('nvidia-smi -L', rc('smi-L') === 0, read('smi-L.out').trim().split('\n')[0] || read('smi-L.err').trim());
check('torch sees CUDA', /\bTrue\b/.test(read('torch.out')), (read('torch.out').trim() || read('torch.err').trim().split('\n').pop()));
const idleRows = csvRows(read('idle-gpu.out'));
check('idle --query-gpu rows', rc('idle-gpu') === 0 && idleRows.length > 0 && idleRows.every((r) => r.length >= 8), `${idleRows.length} row(s): ${read('idle-gpu.out').trim().split('\n')[0]}`);
check('idle --query-compute-apps', rc('idle-apps') === 0, `${csvRows(read('idle-apps.out')).length} row(s) (0 expected when idle)`);
const li = local(hosts.idle);
check('hosts --json idle: local ok, GPUs found', !!li && li.ok && li.gpus.length > 0 && !li.gpuError, li ? `ok=${li.ok} gpus=${li.gpus.length} gpuError=${li.gpuError ?? '-'} names=${li.gpus.map((g) => g.name).join('|')}` : `rc=${rc('hosts-idle')} ${read('hosts-idle.err').trim()}`);
check('hosts --json idle: GPU 0 free', !!li && li.gpus[0]?.free === true, li?.gpus[0] ? JSON.stringify(li.gpus[0]) : '-');
if (li?.gpus[0] && idleRows[0]) check('probe matches raw CSV (memory.total, name, uuid)', li.gpus[0].memoryTotalMiB === Number(idleRows[0][idleRows[0].length - 3]) && li.gpus[0].uuid === idleRows[0][idleRows[0].length - 6], `probe ${li.gpus[0].memoryTotalMiB} MiB ${li.gpus[0].uuid}; csv ${idleRows[0].join(',')}`);
const run1 = json('run1.out');
check('GPU job launched', rc('run1') === 0 && !!ID, `rc=${rc('run1')} ${JSON.stringify(run1)} ${read('run1.err').trim()}`);
const gpus = jobRecord?.gpus ?? [];
check('GPU job was given a GPU (job.json gpus)', gpus.length === 1, JSON.stringify(gpus));
const cvd = /CUDA_VISIBLE_DEVICES=(\S*)/.exec(log)?.[1];
const dc = /device_count=(\d+)/.exec(log)?.[1];
check('job sees CUDA_VISIBLE_DEVICES = its GPU', ID ? cvd === gpus.join(',') : null, `CUDA_VISIBLE_DEVICES=${cvd}`);
check('job: torch device_count == 1, mode=cuda', ID ? dc === '1' && /mode=cuda/.test(log) : null, `device_count=${dc} ${/mode=\S+.*/.exec(log)?.[0] ?? ''}`);
const busyApps = csvRows(read('busy-apps.out')).filter((r) => /^\d+$/.test(r[1] ?? ''));
const groupPids = read('busy-ps.out').split('\n').slice(1).map((l) => l.trim().split(/\s+/)[0]).filter((x) => /^\d+$/.test(x ?? ''));
const jobPid = busyApps.map((r) => r[1]).find((p) => groupPids.includes(p));
check('busy --query-compute-apps lists the job\'s process', ID ? !!jobPid : null, `apps=${JSON.stringify(busyApps)} job group pids=${groupPids.join(' ')}`);
const lb = local(hosts.busy);
const bg = lb?.gpus.find((g) => String(g.index) === gpus[0]);
check('hosts --json busy: the job\'s GPU not free, its process and user shown', ID ? !!bg && bg.free === false && bg.processes.some((p) => String(p.pid) === jobPid && !!p.user) : null, bg ? JSON.stringify(bg) : `rc=${rc('hosts-busy')}`);
const second = json('second.out');
const secondMsg = second?.error?.message ?? read('second.err');
check('second GPU job refused: no-free-gpu naming the busy GPU', ID ? rc('second') === 125 && second?.error?.reason === 'no-free-gpu' && new RegExp(`GPU ${gpus[0]}\\b`).test(secondMsg) : null, `rc=${rc('second')} ${JSON.stringify(second)}`);
const types = watch.reduce((m, e) => ((m[e.type] = (m[e.type] ?? 0) + 1), m), {});
const lastStatus = [...watch].reverse().find((e) => e.type === 'status');
const gpuEvents = watch.filter((e) => e.type === 'gpu');
check('watch --json: status, metrics and GPU samples', ID ? rc('watch') === 0 && (types.metrics ?? 0) >= 3 && gpuEvents.length >= 1 : null, `rc=${rc('watch')} events=${JSON.stringify(types)}`);
check('watch --json: GPU samples show load (util>0 or mem>0)', ID ? gpuEvents.some((e) => (e.utilization ?? 0) > 0 || (e.memoryUsedMiB ?? 0) > 0) : null, gpuEvents.slice(0, 2).map((e) => JSON.stringify(e)).join(' '));
check('watch --json: ends with status succeeded, exit 0', ID ? lastStatus?.status === 'succeeded' && lastStatus.exitCode === 0 : null, JSON.stringify(lastStatus));
const jobsAfter = json('jobs-after.out');
const mine = Array.isArray(jobsAfter) ? jobsAfter.find((j) => j.id === ID) : undefined;
check('jobs --json after: succeeded, exit 0', ID ? mine?.status === 'succeeded' && mine.exitCode === 0 : null, JSON.stringify(mine ?? jobsAfter));
let pattern;
try { const spec = fs.readFileSync('/tmp/tyjob/gpucheck.trainyard.yaml', 'utf8'); pattern = new RegExp(/pattern: '(.*)'/.exec(spec)[1]); } catch {}
const steps = log.split('\n').filter((l) => l.startsWith('step '));
check('logs: step lines, all matching metrics.pattern', ID ? rc('logs') === 0 && steps.length >= 3 && !!pattern && steps.every((l) => pattern.test(l)) : null, `${steps.length} step lines; first: ${steps[0] ?? '-'}; last: ${steps[steps.length - 1] ?? '-'}`);
const la = local(hosts.after);
const ag = la?.gpus.find((g) => String(g.index) === gpus[0]);
check('hosts --json after the job: its GPU free again', ID ? ag?.free === true : null, ag ? JSON.stringify(ag) : '-');
const cpuCvd = /CUDA_VISIBLE_DEVICES=(\S*)/.exec(cpuLog)?.[1];
const cpuDc = /device_count=(\d+)/.exec(cpuLog)?.[1];
check('gpus: 0 job sees no GPU (docs/spec.md: "0 means none; the job then sees no GPU")', rc('cpujob') === 0 ? cpuCvd !== '<unset>' && (cpuDc === undefined || cpuDc === '0') : false, `rc=${rc('cpujob')} CUDA_VISIBLE_DEVICES=${cpuCvd} device_count=${cpuDc}`);

const results = {
  id: ID || null, run: run1, jobRecord, statusDuring: json('status-during.out'), jobsDuring: json('jobs-during.out'),
  second: { rc: rc('second'), stdout: second, stderr: read('second.err'), textRc: rc('second-text'), textStderr: read('second-text.err') },
  statusAfter: json('status-after.out'), jobsAfter, exitCodeFile: ID ? (() => { try { return fs.readFileSync(path.join(jobDir, 'exit_code'), 'utf8').trim(); } catch { return null; } })() : null,
  cpuJob: { rc: rc('cpujob'), stdout: cpuLog, stderr: read('cpujob.err') },
  checks,
};
fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log('SUMMARY');
for (const c of checks) console.log(`${c.result.padEnd(4)} ${c.name}: ${c.detail.slice(0, 400)}`);
const n = (r) => checks.filter((c) => c.result === r).length;
console.log(`${n('PASS')} passed, ${n('FAIL')} failed, ${n('SKIP')} skipped`);
JS

section "1. node"
mkdir -p "$NODE_DIR/bin"
run untar 60 tar -xJf "$HERE/node.tar.xz" -C "$NODE_DIR/bin"
export PATH="$NODE_DIR/bin:$PATH"
cat > "$NODE_DIR/bin/trainyard" <<EOF
#!/bin/sh
exec "$NODE_DIR/bin/node" "$HERE/bin/trainyard.js" "\$@"
EOF
chmod +x "$NODE_DIR/bin/trainyard"
run node 20 node -v
run node-ldd 10 ldd "$NODE_DIR/bin/node"
run ty-version 20 trainyard --help

section "2. nvidia-smi and torch"
run smi-L 30 nvidia-smi -L
run smi-table 30 nvidia-smi
run torch 90 python3 -c 'import torch;print(torch.__version__, torch.cuda.is_available())'

GPU_Q='index,name,uuid,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw'
APPS_Q='gpu_uuid,pid,used_memory'
section "3. idle: the probe's exact nvidia-smi queries (core/gpu/nvidiaSmi.ts GPU_QUERY/APPS_QUERY)"
run idle-gpu 30 nvidia-smi --query-gpu=$GPU_Q --format=csv,noheader,nounits
cp "$S/idle-gpu.out" "$OUT/idle.query-gpu.csv"
run idle-apps 30 nvidia-smi --query-compute-apps=$APPS_Q --format=csv,noheader,nounits
cp "$S/idle-apps.out" "$OUT/idle.apps.csv"
# PROBE_SH itself, as bundled in dist/cli.js, run as the local probe runs it (sh -c).
timeout 20 node -e '
  const s = require("fs").readFileSync(process.argv[1], "utf8");
  const i = s.indexOf("PROBE_SH = `"); const j = s.indexOf("`", i + 12);
  if (i < 0 || j < 0) { console.error("PROBE_SH not found in cli.js"); process.exit(1); }
  process.stdout.write(eval(s.slice(i + 11, j + 1)));' "$HERE/dist/cli.js" > "$S/probe.sh" 2>> "$LOG"
show "$S/probe.sh"
run idle-probe-sh 30 sh "$S/probe.sh"

section "4. trainyard hosts --json (idle)"
run hosts-idle 60 trainyard hosts --json
run hosts-idle-table 60 trainyard hosts

section "5. job specs"
cat > "$J/ty_gpu_burn.py" <<'PY'
"""Trainyard device check job: bf16 matmuls on CUDA (or a CPU loop when torch/CUDA is missing) for
BURN_SECONDS, a `step N tflops=X loss=Y mem_gib=Z` line every BURN_EVERY seconds (also appended to
$TRAINYARD_METRICS_FILE as JSON lines)."""
import json, os, sys, time

secs = float(os.environ.get("BURN_SECONDS", "40"))
every = float(os.environ.get("BURN_EVERY", "2"))
print(f"CUDA_VISIBLE_DEVICES={os.environ.get('CUDA_VISIBLE_DEVICES', '<unset>')} "
      f"CUDA_DEVICE_ORDER={os.environ.get('CUDA_DEVICE_ORDER', '<unset>')} pid={os.getpid()}", flush=True)
mode, why, torch = "cpu-fallback", "", None
try:
    import torch
    n_dev = torch.cuda.device_count()
    print(f"torch={torch.__version__} cuda_available={torch.cuda.is_available()} device_count={n_dev}", flush=True)
    for i in range(n_dev):
        print(f"device {i}: {torch.cuda.get_device_name(i)}", flush=True)
    if torch.cuda.is_available() and n_dev > 0:
        mode = "cuda"
    else:
        why = "(torch.cuda not available)"
except Exception as e:  # no torch here: the dry run
    why = f"(no torch: {type(e).__name__}: {e})"
    print("torch=none device_count=0", flush=True)
print(f"mode={mode} {why}", flush=True)
metrics_file = os.environ.get("TRAINYARD_METRICS_FILE")


def report(step, tflops, mem_gib):
    loss = 1.0 / (1.0 + 0.1 * step)  # synthetic, decreasing: something for the charts
    print(f"step {step} tflops={tflops:.2f} loss={loss:.4f} mem_gib={mem_gib:.2f}", flush=True)
    if metrics_file:
        with open(metrics_file, "a") as f:
            f.write(json.dumps({"step": step, "tflops": round(tflops, 3), "loss": round(loss, 6), "mem_gib": round(mem_gib, 3)}) + "\n")


if secs <= 0:
    sys.exit(0)
t0, step = time.time(), 0
if mode == "cuda":
    dev = torch.device("cuda:0")
    n = 8192
    a = torch.randn(n, n, device=dev, dtype=torch.bfloat16)
    b = torch.randn(n, n, device=dev, dtype=torch.bfloat16)
    ballast = torch.empty(4 << 30, dtype=torch.uint8, device=dev)  # 4 GiB, so the memory use is plain
    torch.cuda.synchronize()
    while time.time() - t0 < secs:
        w0, flops = time.time(), 0
        while time.time() - w0 < every:
            for _ in range(20):
                c = a @ b
            torch.cuda.synchronize()
            flops += 20 * 2 * n ** 3
        step += 1
        report(step, flops / (time.time() - w0) / 1e12, torch.cuda.memory_allocated(dev) / 2 ** 30)
    print(f"checksum={float(c[:8, :8].float().sum().item()):.3f}", flush=True)
else:
    x = 1
    while time.time() - t0 < secs:
        w0, ops = time.time(), 0
        while time.time() - w0 < every * 0.25:
            for _ in range(20000):
                x = (x * 1103515245 + 12345) % 2147483648
            ops += 20000
        time.sleep(max(0.0, every - (time.time() - w0)))
        step += 1
        report(step, ops / every / 1e12, 0.0)
print(f"done steps={step} seconds={time.time() - t0:.1f} mode={mode}", flush=True)
PY
cat > "$J/gpucheck.trainyard.yaml" <<EOF
version: 1
kind: job
name: gpucheck
description: Trainyard device check - bf16 matmuls on one GPU
stage: train
resources:
  gpus: 1
env:
  BURN_SECONDS: "$BURN_SECONDS"
  BURN_EVERY: "2"
run: python3 -u ty_gpu_burn.py
metrics:
  pattern: 'step (?<step>\d+) tflops=(?<tflops>[0-9.]+) loss=(?<loss>[0-9.]+) mem_gib=(?<mem_gib>[0-9.]+)'
timeout: 3m
EOF
cat > "$J/second.trainyard.yaml" <<'EOF'
version: 1
kind: job
name: second-gpu-job
resources:
  gpus: 1
run: echo "second job got CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES"; sleep 2
timeout: 1m
EOF
cat > "$J/cpuonly.trainyard.yaml" <<'EOF'
version: 1
kind: job
name: cpu-only
description: resources.gpus 0 - per docs/spec.md the job then sees no GPU
env:
  BURN_SECONDS: "0"
run: python3 -u ty_gpu_burn.py
timeout: 2m
EOF
show "$J/gpucheck.trainyard.yaml" "$J/second.trainyard.yaml" "$J/cpuonly.trainyard.yaml"
run validate 30 trainyard validate "$J"
run render 30 trainyard render "$J/gpucheck.trainyard.yaml"

section "6. launch the GPU job (local target)"
run run1 60 trainyard run "$J/gpucheck.trainyard.yaml" --target local --json
ID=$(node -e 'try { const j = JSON.parse(require("fs").readFileSync(0, "utf8")); if (j.id) console.log(j.id); } catch {}' < "$S/run1.out" 2>/dev/null)
say "GPU job id: ${ID:-<none: launch failed, later job steps are skipped>}"
if [ -n "$ID" ]; then
  JD=$TRAINYARD_HOME/jobs/$ID
  # watch in the background for the whole job (it ends when the job does).
  WT=$(tmo $((BURN_SECONDS + 120)))
  echo "\$ trainyard watch $ID --json --interval 2s   [background, timeout ${WT}s]" >> "$LOG"
  ( timeout -k 3 "$WT" trainyard watch "$ID" --json --interval 2s > "$S/watch.out" 2> "$S/watch.err" < /dev/null; echo $? > "$S/watch.rc" ) &
  WPID=$!
  # Until the job reports its first step (CUDA up, matmuls running), the job ends, or 90 s.
  w0=$(now)
  while [ $(( $(now) - w0 )) -lt "$(tmo 90)" ]; do
    grep -q '^step ' "$JD/log" 2>/dev/null && break
    case "$(cat "$JD/status" 2>/dev/null)" in succeeded*|failed*|cancelled*|lost*) break ;; esac
    sleep 1
  done
  say "[$(elapsed)s] first step seen after $(( $(now) - w0 ))s; status=$(cat "$JD/status" 2>/dev/null); log so far:"
  show "$JD/log" "$JD/job.json" "$JD/env.sh" "$JD/gpus" "$JD/pgid" "$JD/runner.pid"
fi

section "7. while the GPU job runs"
run busy-gpu 30 nvidia-smi --query-gpu=$GPU_Q --format=csv,noheader,nounits
cp "$S/busy-gpu.out" "$OUT/busy.query-gpu.csv"
run busy-apps 30 nvidia-smi --query-compute-apps=$APPS_Q --format=csv,noheader,nounits
cp "$S/busy-apps.out" "$OUT/busy.apps.csv"
run busy-table 30 nvidia-smi
if [ -n "${ID:-}" ]; then
  pg=$(cat "$JD/pgid" 2>/dev/null)
  run busy-ps 10 sh -c "ps -eo pid,ppid,pgid,user,etimes,args | awk -v g='${pg:-x}' 'NR == 1 || \$3 == g'"
fi
for p in $(cut -d, -f2 "$S/busy-apps.out" | tr -d ' '); do
  case $p in ''|*[!0-9]*) continue ;; esac
  echo "apps pid $p: user=$(ps -o user= -p "$p" 2>/dev/null) pgid=$(ps -o pgid= -p "$p" 2>/dev/null | tr -d ' ') args=$(ps -o args= -p "$p" 2>/dev/null)" >> "$LOG"
done
run busy-probe-sh 30 sh "$S/probe.sh"
run hosts-busy 60 trainyard hosts --json
run hosts-busy-table 60 trainyard hosts
if [ -n "${ID:-}" ]; then
  run status-during 30 trainyard status "$ID" --json
  run jobs-during 30 trainyard jobs --json
fi
say "--- second GPU job while the first holds the only GPU (expect: refused, no free GPU, naming GPU 0)"
run second 60 trainyard run "$J/second.trainyard.yaml" --target local --json
ID2=$(node -e 'try { const j = JSON.parse(require("fs").readFileSync(0, "utf8")); if (j.id) console.log(j.id); } catch {}' < "$S/second.out" 2>/dev/null)
if [ -n "$ID2" ]; then
  say "!!! the second GPU job was LAUNCHED ($ID2) while the GPU was busy; recording it, then cancelling it"
  run second-follow 30 trainyard logs -f "$ID2"
  run second-cancel 30 trainyard cancel "$ID2"
else
  run second-text 60 trainyard run "$J/second.trainyard.yaml" --target local
fi

section "8. the GPU job's end"
if [ -n "${ID:-}" ]; then
  # watch ends with the job; poll the status too in case watch died early.
  while [ $(( DEADLINE - $(now) )) -gt 75 ]; do
    st=$(cat "$JD/status" 2>/dev/null)
    case "$st" in succeeded*|failed*|cancelled*|lost*) break ;; esac
    kill -0 "$WPID" 2>/dev/null || { timeout 10 trainyard status "$ID" >/dev/null 2>&1; sleep 1; }
    sleep 1
  done
  st=$(cat "$JD/status" 2>/dev/null)
  case "$st" in succeeded*|failed*|cancelled*|lost*) ;; *) say "!!! job not final near the deadline (status=$st): cancelling"; run cancel 30 trainyard cancel "$ID" ;; esac
  for _ in $(seq 1 20); do kill -0 "$WPID" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$WPID" 2>/dev/null && { say "watch still running: stopping it"; kill "$WPID" 2>/dev/null; }
  wait "$WPID" 2>/dev/null
  say "--- trainyard watch $ID --json: rc=$(cat "$S/watch.rc" 2>/dev/null), $(wc -l < "$S/watch.out" 2>/dev/null) lines"
  show "$S/watch.out" "$S/watch.err"
  run status-after 30 trainyard status "$ID" --json
  run jobs-after 30 trainyard jobs --json
  run jobs-after-table 30 trainyard jobs
  run logs 30 trainyard logs "$ID"
  say "exit code (job dir): $(cat "$JD/exit_code" 2>/dev/null), status: $(cat "$JD/status" 2>/dev/null), reason: $(cat "$JD/reason" 2>/dev/null)"
  show "$JD/metrics.jsonl"
  echo "job dir: $(ls "$JD" | tr '\n' ' ')" >> "$LOG"
fi
sleep 2 # let the driver drop the process
run after-apps 30 nvidia-smi --query-compute-apps=$APPS_Q --format=csv,noheader,nounits
run hosts-after 60 trainyard hosts --json

section "9. a job with no GPUs (resources.gpus 0): what does it see?"
run cpujob 90 trainyard run "$J/cpuonly.trainyard.yaml" --target local --follow
exit 0
