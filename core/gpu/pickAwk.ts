/**
 * The GPU pick of ./allocate.ts (`pickGpus` after ./nvidiaSmi.ts `combine`), as a POSIX awk
 * program, for hosts where the choice must be made ON the host under its GPU lock (the SSH
 * queue: the job waits there, with no Trainyard client connected, until GPUs free up). A unit
 * test (test/unit/ssh-gpu-pick.test.ts) runs both on the same nvidia-smi output and checks that
 * they agree.
 *
 * Input: `@@gpus` then the `--query-gpu=GPU_QUERY` CSV, `@@apps` then the
 * `--query-compute-apps=APPS_QUERY` CSV (leave the section out when that query failed).
 * Settings come from the environment (never awk -v, which would interpret backslashes):
 * TY_WANT (count), TY_TYPE (model substring, may be empty), TY_UTIL and TY_MEM (percent
 * thresholds), TY_TAKEN (comma-separated indices given to other Trainyard jobs).
 * Output: one line, `ok 0,3` or `wait <why>`.
 */
export const PICK_AWK = String.raw`
function trim(s) { sub(/^[ \t\r]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function isnum(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ }
function norm(s) { s = tolower(s); gsub(/[ \t_]+/, "-", s); return s }
BEGIN {
  FS = ","; n = 0
  want = ENVIRON["TY_WANT"] + 0; type = norm(ENVIRON["TY_TYPE"])
  ut = ENVIRON["TY_UTIL"] + 0; mt = ENVIRON["TY_MEM"] + 0
  nt = split(ENVIRON["TY_TAKEN"], tk, ",")
  for (i = 1; i <= nt; i++) if (tk[i] != "") taken[tk[i]] = 1
}
/^@@/ { sec = $0; next }
sec == "@@gpus" {
  if (NF < 8) next
  f1 = trim($1); if (f1 !~ /^[0-9]+$/) next
  n++; idx[n] = f1 + 0
  name = trim($2); for (i = 3; i <= NF - 6; i++) name = name ", " trim($i)
  nm[n] = name
  u = trim($(NF - 5)); uu[n] = (u ~ /^([Gg][Pp][Uu]|[Mm][Ii][Gg])-/) ? u : ""
  ul[n] = trim($(NF - 4)); mu[n] = trim($(NF - 3)); mtot[n] = trim($(NF - 2))
  next
}
sec == "@@apps" {
  if (NF < 2) next
  a = trim($1); p = trim($2)
  if (a == "" || p !~ /^[0-9]+$/) next
  procs[a]++
  next
}
END {
  got = ""; k = 0; oftype = 0; free = 0
  for (i = 1; i <= n; i++) {
    if (type != "" && index(norm(nm[i]), type) == 0) continue
    oftype++
    np = (uu[i] != "" && (uu[i] in procs)) ? procs[uu[i]] : 0
    hu = isnum(ul[i]); util = hu ? ul[i] + 0 : 0
    ht = isnum(mtot[i]); tot = ht ? mtot[i] + 0 : 0
    used = isnum(mu[i]) ? mu[i] + 0 : 0
    if (!hu && ht) continue
    pct = tot != 0 ? used / tot * 100 : 0
    if (np > 0 || util >= ut || pct >= mt) continue
    if ((idx[i] "") in taken) continue
    free++
    if (k < want) { got = got (k ? "," : "") idx[i]; k++ }
  }
  if (want > 0 && k >= want) { print "ok " got; exit 0 }
  what = want " GPU" (want == 1 ? "" : "s") (ENVIRON["TY_TYPE"] != "" ? " of type " ENVIRON["TY_TYPE"] : "")
  if (n == 0) print "wait for " what ": nvidia-smi lists no GPUs"
  else print "wait for " what ": " free " of " oftype " free"
}
`;
