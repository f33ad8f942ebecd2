#!/usr/bin/env bash
# Benchmarks redis-memory-exporter against its peers on one loopback Redis and writes a markdown report.
# See bench/README.md for what each step measures. Usage: bench/run.sh --help
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"

KEYS=1000000
SEED=42
ONLY=all
OUT=""
FOOTPRINT_SIZES=""
IMPACT_ROUNDS=5
IMPACT_SECONDS=10
SHARE_SECONDS=20
BENCH_CLIENTS=50
WRK_SECONDS=30
WRK_CONNECTIONS=50
STARTUP_RUNS=5
KEEP_WORK=0
BUILD=0
PIN=0
EXPORTER_CPU=""
EXPORTER_NICE=""
EXPORTER_ARGS=${EXPORTER_ARGS:-}
# The launcher's JVM settings (bin/redis-memory-exporter, the same as the image's JAVA_TOOL_OPTIONS), unless
# JAVA_OPTS / MALLOC_ARENA_MAX are set (even to "").
LAUNCHER_JVM_OPTIONS=$(sed -n 's/^DEFAULT_JVM_OPTIONS="\(.*\)"$/\1/p' "$ROOT/src/main/dist/bin/redis-memory-exporter")
JAVA_OPTS=${JAVA_OPTS-$LAUNCHER_JVM_OPTIONS}
EXPORTER_MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-2}

usage() {
  cat <<EOF
Usage: bench/run.sh [options]

  --keys N             keys in the dataset (default 1000000)
  --seed S             dataset seed (default 42)
  --only STEPS         comma-separated steps to run: 1|passes, 2|impact, 3|scrape, 4|footprint, 5|startup,
                       6|snapshot
                       (default: all)
  --out FILE           report file (default docs/benchmarks.md for a full run; a file under \${TMPDIR:-/tmp}
                       with --only, so a partial run never replaces the full report unless asked to)
  --footprint-sizes L  comma-separated key counts for step 4 (default: 100000,KEYS and 5000000 when KEYS >=
                       1000000 and the machine has the memory; KEYS/10,KEYS when KEYS <= 100000)
  --impact-rounds N    pairs of runs in step 2, one with the exporter sampling and one with it stopped (default 5)
  --impact-seconds N   approximate length of one redis-benchmark run in step 2 (default 10)
  --share-seconds N    length of the sampler-alone Redis time share window in step 2 (default 20)
  --bench-clients N    redis-benchmark connections in step 2 (default 50)
  --wrk-seconds N      wrk duration in step 3 (default 30)
  --wrk-connections N  wrk connections in step 3 (default 50)
  --startup-runs N     start-up measurements in step 5 (default 5)
  --keep-work          keep the work directory (logs, raw outputs)
  --pin                pin redis-server to CPU 0 and every client (exporters, redis-cli, redis-benchmark, wrk) to
                       CPU 1, so that clients never preempt Redis (default: no pinning)
  --exporter-cpu N     pin the exporter alone to CPU N (with --pin: 0 puts it beside redis-server, as a sidecar
                       sharing Redis's CPU, instead of beside redis-benchmark, whose latencies it then delays)
  --exporter-nice N    run the exporter at nice N (beware: at 19 on a CPU that redis-benchmark saturates it is
                       starved, 0-237 keys/s at a 1% share, and measures little)
  --build              build the jar even if target/redis-memory-exporter.jar exists (default: only if missing)
  --jar FILE           measure this exporter jar instead of target/redis-memory-exporter.jar (never built; e.g.
                       to compare two builds: copy each target/redis-memory-exporter.jar aside and run once with each)

Environment: JAVA_OPTS (default: the launcher's JVM settings, DEFAULT_JVM_OPTIONS in
src/main/dist/bin/redis-memory-exporter: $LAUNCHER_JVM_OPTIONS;
"" for JVM defaults), MALLOC_ARENA_MAX for the exporter (default 2; "" to leave unset),
EXPORTER_ARGS (extra flags for every exporter launch, e.g. "--sampling.luaScripts=false").
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --keys) KEYS=$2; shift 2 ;;
    --keys=*) KEYS=${1#*=}; shift ;;
    --seed) SEED=$2; shift 2 ;;
    --seed=*) SEED=${1#*=}; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --only=*) ONLY=${1#*=}; shift ;;
    --out) OUT=$2; shift 2 ;;
    --out=*) OUT=${1#*=}; shift ;;
    --footprint-sizes) FOOTPRINT_SIZES=$2; shift 2 ;;
    --footprint-sizes=*) FOOTPRINT_SIZES=${1#*=}; shift ;;
    --impact-rounds) IMPACT_ROUNDS=$2; shift 2 ;;
    --impact-seconds) IMPACT_SECONDS=$2; shift 2 ;;
    --share-seconds) SHARE_SECONDS=$2; shift 2 ;;
    --bench-clients) BENCH_CLIENTS=$2; shift 2 ;;
    --wrk-seconds) WRK_SECONDS=$2; shift 2 ;;
    --wrk-connections) WRK_CONNECTIONS=$2; shift 2 ;;
    --startup-runs) STARTUP_RUNS=$2; shift 2 ;;
    --keep-work) KEEP_WORK=1; shift ;;
    --build) BUILD=1; shift ;;
    --jar) JAR_ARG=$(realpath -m -- "$2"); shift 2 ;;
    --jar=*) JAR_ARG=$(realpath -m -- "${1#*=}"); shift ;;
    --exporter-cpu) EXPORTER_CPU=$2; shift 2 ;;
    --exporter-nice) EXPORTER_NICE=$2; shift 2 ;;
    --pin) PIN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

for n in KEYS SEED IMPACT_ROUNDS IMPACT_SECONDS SHARE_SECONDS BENCH_CLIENTS WRK_SECONDS WRK_CONNECTIONS STARTUP_RUNS; do
  flag=${n,,}
  [[ ${!n} =~ ^[0-9]+$ ]] || { echo "run.sh: --${flag//_/-} must be a non-negative integer, got '${!n}'" >&2; exit 2; }
done
[[ $KEYS -ge 1000 ]] || { echo "run.sh: --keys must be at least 1000" >&2; exit 2; }

# Steps: numbers and names, in the order they run (footprint last: it reloads Redis with other sizes).
declare -A STEP_NAME=([1]=passes [2]=impact [3]=scrape [4]=footprint [5]=startup [6]=snapshot)
RUN_ORDER=(1 6 2 3 5 4)
declare -A WANT=()
if [[ $ONLY == all ]]; then
  for s in 1 2 3 4 5 6; do WANT[$s]=1; done
else
  IFS=, read -r -a parts <<<"$ONLY"
  for p in "${parts[@]}"; do
    found=""
    for s in 1 2 3 4 5 6; do
      if [[ $p == "$s" || $p == "${STEP_NAME[$s]}" ]]; then WANT[$s]=1; found=1; fi
    done
    [[ -n $found ]] || { echo "run.sh: --only: unknown step '$p' (1..6 or passes, impact, scrape, footprint, startup, snapshot)" >&2; exit 2; }
  done
fi
if [[ -z $OUT ]]; then
  if [[ $ONLY == all ]]; then OUT="$ROOT/docs/benchmarks.md"; else OUT="${TMPDIR:-/tmp}/redismem-bench-${ONLY//,/-}.md"; fi
fi
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac

for tool in redis-server redis-cli redis-benchmark prometheus-redis-exporter wrk curl java jcmd python3 getconf; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (apt-get install -y redis-server redis-tools prometheus-redis-exporter wrk curl openjdk-17-jdk-headless)" >&2; exit 2; }
done

CLK_TCK=$(getconf CLK_TCK)
RPIN=()
CPIN=()
if [[ $PIN == 1 ]]; then
  command -v taskset >/dev/null || { echo "run.sh: --pin needs taskset (util-linux)" >&2; exit 2; }
  (( $(nproc) >= 2 )) || { echo "run.sh: --pin needs 2 CPUs" >&2; exit 2; }
  RPIN=(taskset -c 0)
  CPIN=(taskset -c 1)
fi
EPIN=("${CPIN[@]}")
[[ -n $EXPORTER_CPU ]] && EPIN=(taskset -c "$EXPORTER_CPU")
[[ -n $EXPORTER_NICE ]] && EPIN=(nice -n "$EXPORTER_NICE" "${EPIN[@]}")
RUN_START=$(date +%s)
RUN_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/redismem-bench.XXXXXX")
MYPGID=$(ps -o pgid= $$ | tr -d ' ')
PIDS=()
RPID=""
RPORT=""
EPID=""
declare -A R=()        # results, by name
declare -A NOISE=()    # other processes' CPU per step
declare -A PROBE=()    # machine probes at the start of each step

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

stop_pid() {
  local pid=$1 i
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  if [[ $KEEP_WORK == 1 || $rc != 0 ]]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
# utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15; the name in field 2 may hold spaces).
ticks() { local s; s=$(<"/proc/$1/stat"); s=${s##*) }; set -- $s; echo $(( ${12} + ${13} )); }
calc() { awk "BEGIN { printf \"%.${2:-1}f\", ($1) }"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
status_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
rcli() { redis-cli -p "$RPORT" "$@"; }
# Value of a metric line without labels (or with exactly the given label text), e.g. metric file redismem_up.
metric() { awk -v n="$2" '$1 == n { print $2; exit }' "$1"; }

# Whether "value op target" holds: judge 123 '>=' 150 -> missed.
judge() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? (v >= t) : (v <= t); print (v == "" ? "n/a" : (ok ? "**met**" : "**missed**")) }'; }

# CPU time of processes outside this script's process group (other users of the machine), for the noise note.
foreign_snapshot() {
  python3 - "$MYPGID" <<'EOF'
import os, sys
me = sys.argv[1]
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        s = open("/proc/%s/stat" % pid).read()
    except OSError:
        continue
    f = s[s.rindex(")") + 2:].split()
    if f[2] == me:
        continue
    print(pid, f[19], int(f[11]) + int(f[12]), s[s.index("(") + 1:s.rindex(")")].replace(" ", "_"))
EOF
}
# Probes of the machine's state at the start of a step: loopback round trip to Redis with one client (tools that
# make many small round trips, like redis-cli --memkeys, slow down with it), and a fixed CPU-bound loop.
probe_machine() {
  local rtt cpu
  rtt=$(redis-benchmark -p "$RPORT" -t ping_inline -c 1 -n 20000 --csv 2>/dev/null | tr -d '\r' | awk -F'"' '$2 == "PING_INLINE" { printf "%.0f", 1e6 / $4 }')
  cpu=$(python3 -c 'import time; t = time.perf_counter(); sum(i * i for i in range(3000000)); print("%.0f" % ((time.perf_counter() - t) * 1000))')
  echo "loopback PING round trip ${rtt} us, CPU probe ${cpu} ms"
}
steal_ticks() { awk '$1 == "cpu" { print $9; exit }' /proc/stat; }
noise_begin() { foreign_snapshot >"$WORK/noise.$1.begin"; date +%s%N >"$WORK/noise.$1.t0"; steal_ticks >"$WORK/noise.$1.steal"; }
noise_end() {
  local step=$1 t0 t1
  foreign_snapshot >"$WORK/noise.$step.end"
  t0=$(<"$WORK/noise.$step.t0"); t1=$(now_ns)
  NOISE[$step]=$(awk -v tck="$CLK_TCK" -v wall="$(( (t1 - t0) / 1000000 ))" '
    NR == FNR { b[$1 " " $2] = $3; next }
    { d = $3 - (($1 " " $2) in b ? b[$1 " " $2] : 0); if (d > 0) { tot += d; per[$4] += d } }
    END {
      s = tot / tck; top = ""
      n = 0; for (k in per) if (per[k] / tck >= 0.5) { top = top (n++ ? ", " : "") k " " sprintf("%.1f", per[k] / tck) " s" }
      printf "%.1f CPU-s over %.0f s (%.0f%% of one core)%s", s, wall / 1000, 100 * s / (wall / 1000), (top == "" ? "" : ": " top)
    }' "$WORK/noise.$step.begin" "$WORK/noise.$step.end")
  NOISE[$step]+="; hypervisor steal $(calc "($(steal_ticks) - $(<"$WORK/noise.$step.steal")) / $CLK_TCK" 1) CPU-s"
}

start_redis() {
  RPORT=$(free_port)
  "${RPIN[@]}" redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
    --logfile "$WORK/redis.log" --daemonize no &
  RPID=$!
  PIDS+=("$RPID")
  local i
  for ((i = 0; i < 100; i++)); do rcli PING >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "redis-server did not answer on port $RPORT (see $WORK/redis.log)"
}

LOADED=-1
load_dataset() {
  local n=$1 t0 t1 got
  [[ $LOADED == "$n" ]] && return 0
  log "loading $n keys (seed $SEED)"
  rcli FLUSHALL >/dev/null
  t0=$(now_ns)
  python3 "$BENCH/dataset.py" --keys "$n" --seed "$SEED" 2>"$WORK/dataset-$n.json" \
    | redis-cli -p "$RPORT" --pipe >"$WORK/load-$n.log" 2>&1 || die "loading the dataset failed (see $WORK/load-$n.log)"
  t1=$(now_ns)
  grep -q 'errors: 0,' "$WORK/load-$n.log" || die "redis-cli --pipe reported errors: $(tail -1 "$WORK/load-$n.log")"
  got=$(rcli DBSIZE)
  [[ $got == "$n" ]] || die "loaded $got keys, expected $n"
  R[load_s_$n]=$(calc "($t1 - $t0) / 1e9" 1)
  R[used_memory_$n]=$(rcli INFO memory | awk -F: '$1 == "used_memory" { printf "%d", $2 }')
  LOADED=$n
  log "loaded $n keys in ${R[load_s_$n]} s"
}

# Redis's own accounting of command time (INFO commandstats), reset before a measurement.
cmdstats_reset() { rcli CONFIG RESETSTAT >/dev/null; }
# Commands called from a Lua script are counted both on their own and inside the script's time: when scripts ran,
# only the scripts, SCAN and the exporters' own per-scrape commands are summed.
cmdstats_usec() {
  rcli INFO commandstats | tr -d '\r' | awk -F'[:,=]' '/^cmdstat_/ { n = substr($1, 9); u[n] = $5; if (n ~ /^(eval|fcall)/) lua = 1 }
    END { for (n in u) if (!lua || n ~ /^(eval|fcall|scan$|info$|config|memory\|stats|memory\|doctor|select|ping|dbsize|client|script|hello|auth)/) s += u[n]; printf "%d", s }'
}
# The sampler command that holds Redis longest per call: "name usec_per_call calls".
cmdstats_heaviest() {
  rcli INFO commandstats | tr -d '\r' | awk -F'[:,=]' '/^cmdstat_/ && !/cmdstat_(info|config|memory\|stats|memory\|doctor|script)/ {
      name = substr($1, 9); calls = $3; per = $7; if (calls >= 10 && per > best) { best = per; bn = name; bc = calls } }
    END { printf "%s %.0f %d", bn, best, bc }'
}

# Idle Redis CPU (ticks) over the given wall time, to subtract serverCron and friends from a measurement.
idle_ticks() {
  local c0
  c0=$(ticks "$RPID"); sleep "$1"; echo $(( $(ticks "$RPID") - c0 ))
}

JAR="$ROOT/target/redis-memory-exporter.jar"
prepare_jar() {
  local i
  if [[ -n ${JAR_ARG:-} ]]; then
    [[ $BUILD == 1 ]] && die "--jar and --build exclude each other"
    [[ -f $JAR_ARG ]] || die "--jar $JAR_ARG: no such file"
    JAR=$JAR_ARG
  elif [[ ! -f $JAR || $BUILD == 1 ]]; then
    for i in 1 2 3; do
      log "building the jar (./mvnw -q -B -o package -DskipTests), attempt $i"
      (cd "$ROOT" && ./mvnw -q -B -o package -DskipTests) >"$WORK/build.log" 2>&1 && break
      [[ $i == 3 ]] && die "the build failed three times (see $WORK/build.log)"
      sleep 60
    done
  fi
  # A private copy: someone rebuilding target/ mid-run must not change what is measured.
  cp "$JAR" "$WORK/exporter.jar"
  JAR_SHA=$(sha256sum "$WORK/exporter.jar" | cut -c1-12)
  EXPORTER_VERSION=$(java -jar "$WORK/exporter.jar" --version 2>&1 | head -1)
}

# Starts the exporter on a fresh port; sets EPID and EPORT. Extra arguments are exporter flags.
start_exporter() {
  local name=$1; shift
  EPORT=$(free_port)
  local env=()
  [[ -n $EXPORTER_MALLOC_ARENA_MAX ]] && env=(MALLOC_ARENA_MAX="$EXPORTER_MALLOC_ARENA_MAX")
  # shellcheck disable=SC2086
  env "${env[@]}" "${EPIN[@]}" java $JAVA_OPTS -jar "$WORK/exporter.jar" --redis.addr="redis://127.0.0.1:$RPORT" \
    --web.listen-address="127.0.0.1:$EPORT" "$@" $EXPORTER_ARGS >"$WORK/exporter-$name.log" 2>&1 &
  EPID=$!
  PIDS+=("$EPID")
}

scrape() { curl -s -m 10 -o "$2" "http://127.0.0.1:$1/metrics"; }

# Waits until the exporter on EPORT has finished a pass; leaves its metrics in $WORK/m.txt.
wait_pass() {
  local deadline=$(( $(date +%s) + $1 ))
  while (( $(date +%s) < deadline )); do
    kill -0 "$EPID" 2>/dev/null || die "the exporter exited (see $WORK/exporter-*.log)"
    if scrape "$EPORT" "$WORK/m.txt" && awk '$1 == "redismem_scan_passes_total" && $2 >= 1 { f = 1 } END { exit !f }' "$WORK/m.txt"; then
      return 0
    fi
    sleep 0.25
  done
  die "no completed pass within $1 s"
}

# Waits until the sampler has inspected keys (it is past start-up and walking); leaves metrics in $WORK/m.txt.
wait_sampling() {
  local deadline=$(( $(date +%s) + 60 ))
  while (( $(date +%s) < deadline )); do
    kill -0 "$EPID" 2>/dev/null || die "the exporter exited"
    if scrape "$EPORT" "$WORK/m.txt" && awk '$1 == "redismem_scan_keys_total" && $2 > 0 { f = 1 } END { exit !f }' "$WORK/m.txt"; then
      return 0
    fi
    sleep 0.2
  done
  die "the sampler inspected no key within 60 s"
}

pass_timeout() { echo $(( 120 + $1 / 10000 )); }

# ---------------------------------------------------------------------------------------------------------------
# Step 1: full-speed pass, ours and the peers.
# ---------------------------------------------------------------------------------------------------------------
step_passes() {
  local c0 c1 t0 t1 j0 idle keys dur wall f
  log "step 1: full-speed passes"
  keys=$(rcli DBSIZE)

  # This exporter, throttle off.
  cmdstats_reset
  c0=$(ticks "$RPID"); t0=$(now_ns)
  start_exporter pass --sampling.interval=1h --sampling.maxRedisTimeRatio=1
  wait_pass "$(pass_timeout "$keys")"
  t1=$(now_ns); c1=$(ticks "$RPID"); j0=$(ticks "$EPID")
  stop_pid "$EPID"
  R[p_ours_cmd_us]=$(calc "$(cmdstats_usec) / $(metric "$WORK/m.txt" redismem_scan_keys_total)" 2)
  R[p_ours_heaviest]=$(cmdstats_heaviest)
  case "${R[p_ours_heaviest]}" in
    eval*) R[p_ours_mode]="one Lua script call per batch (\`${R[p_ours_heaviest]%% *}\`)" ;;
    *) R[p_ours_mode]="pipelined commands" ;;
  esac
  wall=$(calc "($t1 - $t0) / 1e9" 3)
  idle=$(idle_ticks "$wall")
  R[p_ours_keys]=$(metric "$WORK/m.txt" redismem_scan_keys_total | awk '{ printf "%d", $1 }')
  R[p_ours_vanished]=$(metric "$WORK/m.txt" redismem_scan_keys_vanished_total | awk '{ printf "%d", $1 }')
  dur=$(metric "$WORK/m.txt" redismem_scan_last_pass_duration_seconds)
  R[p_ours_dur]=$(calc "$dur" 2)
  R[p_ours_wall]=$(calc "$wall" 2)
  R[p_ours_kps]=$(calc "${R[p_ours_keys]} / $dur" 0)
  R[p_ours_us]=$(calc "($c1 - $c0 - $idle) * 1e6 / $CLK_TCK / ${R[p_ours_keys]}" 2)
  R[p_ours_client_us]=$(calc "$j0 * 1e6 / $CLK_TCK / ${R[p_ours_keys]}" 2)
  R[p_ours_ratio]=$(metric "$WORK/m.txt" redismem_scan_redis_time_ratio)
  R[p_idle_ticks_per_s]=$(calc "$idle / $wall" 2)
  log "  exporter: ${R[p_ours_kps]} keys/s, ${R[p_ours_us]} us Redis CPU/key"

  # redis-cli --memkeys and --bigkeys.
  for f in memkeys bigkeys; do
    cmdstats_reset
    c0=$(ticks "$RPID"); t0=$(now_ns)
    { TIMEFORMAT='%3U %3S'; time "${CPIN[@]}" redis-cli -p "$RPORT" --"$f" >"$WORK/$f.out" 2>&1; } 2>"$WORK/$f.time"
    t1=$(now_ns); c1=$(ticks "$RPID")
    wall=$(calc "($t1 - $t0) / 1e9" 3)
    idle=$(idle_ticks "$wall")
    R[p_${f}_cmd_us]=$(calc "$(cmdstats_usec) / $keys" 2)
    R[p_${f}_wall]=$(calc "$wall" 2)
    R[p_${f}_kps]=$(calc "$keys / $wall" 0)
    R[p_${f}_us]=$(calc "($c1 - $c0 - $idle) * 1e6 / $CLK_TCK / $keys" 2)
    R[p_${f}_client_us]=$(awk -v k="$keys" '{ printf "%.2f", ($1 + $2) * 1e6 / k }' "$WORK/$f.time")
    R[p_${f}_seen]=$(awk '/^Sampled [0-9]+ keys/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) { print $i; exit } }' "$WORK/$f.out")
    log "  redis-cli --$f: ${R[p_${f}_kps]} keys/s, ${R[p_${f}_us]} us Redis CPU/key"
  done

  # prometheus-redis-exporter --check-key-groups: the scan runs inside one scrape.
  local rport rpid i
  rport=$(free_port)
  "${CPIN[@]}" prometheus-redis-exporter --redis.addr="redis://127.0.0.1:$RPORT" --web.listen-address="127.0.0.1:$rport" \
    --check-key-groups='^([^:]+):' >"$WORK/redis_exporter-groups.log" 2>&1 &
  rpid=$!; PIDS+=("$rpid")
  for ((i = 0; i < 100; i++)); do curl -s -m 1 -o /dev/null "http://127.0.0.1:$rport/health" && break; sleep 0.1; done
  cmdstats_reset
  c0=$(ticks "$RPID"); t0=$(now_ns); j0=$(ticks "$rpid")
  curl -s -m 600 -o "$WORK/re-groups.txt" "http://127.0.0.1:$rport/metrics" || die "redis_exporter scrape failed"
  t1=$(now_ns); c1=$(ticks "$RPID"); j0=$(( $(ticks "$rpid") - j0 ))
  stop_pid "$rpid"
  wall=$(calc "($t1 - $t0) / 1e9" 3)
  idle=$(idle_ticks "$wall")
  R[p_re_seen]=$(awk '/^redis_key_group_count\{/ { s += $2 } END { printf "%d", s }' "$WORK/re-groups.txt")
  R[p_re_groups]=$(grep -c '^redis_key_group_count{' "$WORK/re-groups.txt" || true)
  R[p_re_cmd_us]=$(calc "$(cmdstats_usec) / $keys" 2)
  R[p_re_heaviest]=$(cmdstats_heaviest)
  R[p_re_wall]=$(calc "$wall" 2)
  R[p_re_kps]=$(calc "$keys / $wall" 0)
  R[p_re_us]=$(calc "($c1 - $c0 - $idle) * 1e6 / $CLK_TCK / $keys" 2)
  R[p_re_client_us]=$(calc "$j0 * 1e6 / $CLK_TCK / $keys" 2)
  R[p_keys]=$keys
  log "  redis_exporter key groups: ${R[p_re_kps]} keys/s, ${R[p_re_us]} us Redis CPU/key"
}

# ---------------------------------------------------------------------------------------------------------------
# Step 2: impact of the sampler at its default throttle on a concurrent redis-benchmark workload.
# ---------------------------------------------------------------------------------------------------------------
BENCH_N=0
run_workload() {
  "${CPIN[@]}" redis-benchmark -p "$RPORT" --dbnum 9 -r 10000 -c "$BENCH_CLIENTS" -n "$BENCH_N" -t set,get --csv \
    2>/dev/null | tr -d '\r' | grep -E '^"(SET|GET)"' >"$1" || die "redis-benchmark failed"
}

step_impact() {
  local r k0 k1 t0 t1 c0 c1 j0 j1 idle rps c
  log "step 2: impact at the default throttle"
  # Calibrate the request count to about IMPACT_SECONDS per run; this also fills db 9 with the workload's keys.
  BENCH_N=50000
  run_workload "$WORK/bench-calibrate.csv"
  rps=$(awk -F'"' '{ s += $4; n++ } END { printf "%d", s / n }' "$WORK/bench-calibrate.csv")
  BENCH_N=$(( rps * IMPACT_SECONDS / 2 ))
  (( BENCH_N < 20000 )) && BENCH_N=20000
  R[i_n]=$BENCH_N
  # One exporter runs throughout, sampling; for a baseline run it is stopped (SIGSTOP: no CPU, no command; its
  # throttle pauses after each batch, so it does not catch up when continued). Both conditions then share the
  # JVM's memory and connections, and each pair of runs is adjacent in time, so that the host's drift (this
  # machine's baseline p99 alone spread by 60% and more between rounds minutes apart) weighs less. The order
  # alternates within pairs (ABBA) so that neither condition always runs first.
  start_exporter impact --sampling.interval=1s
  wait_sampling; sleep 10
  for ((r = 1; r <= IMPACT_ROUNDS; r++)); do
    for c in $( (( r % 2 )) && echo "base with" || echo "with base" ); do
      if [[ $c == base ]]; then
        log "  round $r: baseline (exporter stopped)"
        kill -STOP "$EPID"
        run_workload "$WORK/bench-base-$r.csv"
        kill -CONT "$EPID"
        sleep 1
      else
        log "  round $r: with the sampler"
        scrape "$EPORT" "$WORK/m.txt"; k0=$(metric "$WORK/m.txt" redismem_scan_keys_total); t0=$(now_ns); j0=$(ticks "$EPID")
        run_workload "$WORK/bench-with-$r.csv"
        scrape "$EPORT" "$WORK/m.txt"; k1=$(metric "$WORK/m.txt" redismem_scan_keys_total); t1=$(now_ns); j1=$(ticks "$EPID")
        R[i_with_jcpu_$r]=$(calc "($j1 - $j0) / $CLK_TCK / (($t1 - $t0) / 1e9) * 100" 0)
        R[i_with_kps_$r]=$(calc "($k1 - $k0) / (($t1 - $t0) / 1e9)" 0)
        R[i_with_ratio_$r]=$(metric "$WORK/m.txt" redismem_scan_redis_time_ratio)
      fi
    done
  done
  stop_pid "$EPID"

  # The sampler alone: Redis CPU share it takes at the default throttle.
  log "  sampler alone for $SHARE_SECONDS s"
  start_exporter share --sampling.interval=1s
  wait_sampling; sleep 5
  scrape "$EPORT" "$WORK/m.txt"; k0=$(metric "$WORK/m.txt" redismem_scan_keys_total)
  cmdstats_reset
  c0=$(ticks "$RPID"); t0=$(now_ns)
  sleep "$SHARE_SECONDS"
  c1=$(ticks "$RPID"); t1=$(now_ns)
  scrape "$EPORT" "$WORK/m.txt"; k1=$(metric "$WORK/m.txt" redismem_scan_keys_total)
  R[i_share_gauge]=$(metric "$WORK/m.txt" redismem_scan_redis_time_ratio)
  R[i_share_heaviest]=$(cmdstats_heaviest)
  stop_pid "$EPID"
  idle=$(idle_ticks "$(calc "($t1 - $t0) / 1e9" 3)")
  R[i_share_cpu]=$(calc "($c1 - $c0 - $idle) / $CLK_TCK / (($t1 - $t0) / 1e9)" 4)
  R[i_share_kps]=$(calc "($k1 - $k0) / (($t1 - $t0) / 1e9)" 0)
  R[i_share_us]=$(calc "($c1 - $c0 - $idle) * 1e6 / $CLK_TCK / ($k1 - $k0)" 2)
  R[i_share_keys]=$(rcli DBSIZE)
  rcli -n 9 FLUSHDB >/dev/null
  log "  Redis CPU share ${R[i_share_cpu]}, gauge ${R[i_share_gauge]}"
}

# ---------------------------------------------------------------------------------------------------------------
# Step 3: /metrics under load.
# ---------------------------------------------------------------------------------------------------------------
# Converts a wrk latency (850.00us, 2.10ms, 1.02s) to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

run_wrk() {
  local who=$1 port=$2 out="$WORK/wrk-$1.txt" c0 c1 t0 t1 i s
  # Single scrapes first: size and time of one /metrics.
  for ((i = 0; i < 5; i++)); do
    curl -s -m 30 -o "$WORK/single-$who.txt" -w '%{time_total}\n' "http://127.0.0.1:$port/metrics"
  done >"$WORK/single-$who.times"
  R[s_${who}_single_ms]=$(sort -n "$WORK/single-$who.times" | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] * 1000 }')
  R[s_${who}_series]=$(grep -vc '^#' "$WORK/single-$who.txt" || true)
  R[s_${who}_bytes]=$(wc -c <"$WORK/single-$who.txt" | tr -d ' ')
  c0=$(ticks "$RPID"); t0=$(now_ns)
  "${CPIN[@]}" wrk -t2 -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" --timeout 10s --latency "http://127.0.0.1:$port/metrics" >"$out" 2>&1 \
    || die "wrk failed: $(tail -3 "$out")"
  t1=$(now_ns); c1=$(ticks "$RPID")
  R[s_${who}_rps]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  R[s_${who}_p50]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  R[s_${who}_p99]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  R[s_${who}_max]=$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$out")")
  s=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { printf "%d", n }' "$out")
  R[s_${who}_errors]=$s
  R[s_${who}_redis_cpu]=$(calc "($c1 - $c0) / $CLK_TCK / (($t1 - $t0) / 1e9)" 2)
  for ((i = 0; i < 5; i++)); do
    curl -s -m 30 -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/metrics"
  done >"$WORK/single-after-$who.times"
  R[s_${who}_single_after_ms]=$(sort -n "$WORK/single-after-$who.times" | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] * 1000 }')
}

step_scrape() {
  local rport rpid i keys
  log "step 3: /metrics under load"
  keys=$(rcli DBSIZE)
  R[s_keys]=$keys
  start_exporter scrape --sampling.interval=1h --sampling.maxRedisTimeRatio=1 --sampling.topKeys=100
  wait_pass "$(pass_timeout "$keys")"
  R[s_top_keys]=$(grep -c '^redismem_top_key_memory_bytes{' "$WORK/m.txt" || true)
  R[s_prefixes]=$(grep '^redismem_prefix_keys{' "$WORK/m.txt" | grep -vc 'prefix="other"' || true)
  log "  exporter: ${R[s_top_keys]} top keys, ${R[s_prefixes]} prefixes; wrk ${WRK_SECONDS} s"
  run_wrk ours "$EPORT"
  R[s_ours_rss_mib]=$(calc "$(status_kib "$EPID" VmRSS) / 1024" 0)
  R[s_ours_hwm_mib]=$(calc "$(status_kib "$EPID" VmHWM) / 1024" 0)
  stop_pid "$EPID"

  rport=$(free_port)
  "${CPIN[@]}" prometheus-redis-exporter --redis.addr="redis://127.0.0.1:$RPORT" --web.listen-address="127.0.0.1:$rport" \
    >"$WORK/redis_exporter-plain.log" 2>&1 &
  rpid=$!; PIDS+=("$rpid")
  for ((i = 0; i < 100; i++)); do curl -s -m 1 -o /dev/null "http://127.0.0.1:$rport/health" && break; sleep 0.1; done
  log "  redis_exporter (no key groups); wrk ${WRK_SECONDS} s"
  run_wrk re "$rport"
  R[s_re_rss_mib]=$(calc "$(status_kib "$rpid" VmRSS) / 1024" 0)
  R[s_re_hwm_mib]=$(calc "$(status_kib "$rpid" VmHWM) / 1024" 0)
  stop_pid "$rpid"
  log "  ours p99 ${R[s_ours_p99]} ms, ${R[s_ours_rps]} req/s; redis_exporter p99 ${R[s_re_p99]} ms, ${R[s_re_rps]} req/s"
}

# ---------------------------------------------------------------------------------------------------------------
# Step 4: footprint after full passes over growing keyspaces.
# ---------------------------------------------------------------------------------------------------------------
heap_used_kib() {
  awk '/^ *(garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen|ZHeap|Shenandoah)/ {
         for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); s += v } }
       END { printf "%d", s }' "$1"
}

footprint_one() {
  local n=$1 tag=$2
  load_dataset "$n"
  if [[ $tag == default ]]; then
    local saved=$JAVA_OPTS saved_arena=$EXPORTER_MALLOC_ARENA_MAX; JAVA_OPTS=""; EXPORTER_MALLOC_ARENA_MAX=""
    start_exporter fp-$n-$tag --sampling.interval=1h --sampling.maxRedisTimeRatio=1
    JAVA_OPTS=$saved; EXPORTER_MALLOC_ARENA_MAX=$saved_arena
  else
    start_exporter fp-$n-$tag --sampling.interval=1h --sampling.maxRedisTimeRatio=1
  fi
  wait_pass "$(pass_timeout "$n")"
  sleep 1
  R[f_${tag}_${n}_pass_s]=$(calc "$(metric "$WORK/m.txt" redismem_scan_last_pass_duration_seconds)" 1)
  R[f_${tag}_${n}_rss]=$(calc "$(status_kib "$EPID" VmRSS) / 1024" 1)
  R[f_${tag}_${n}_hwm]=$(calc "$(status_kib "$EPID" VmHWM) / 1024" 1)
  jcmd "$EPID" GC.run >/dev/null 2>&1 || true
  sleep 0.5
  jcmd "$EPID" GC.heap_info >"$WORK/heap-$n-$tag.txt" 2>&1 || true
  R[f_${tag}_${n}_live]=$(calc "$(heap_used_kib "$WORK/heap-$n-$tag.txt") / 1024" 1)
  R[f_${tag}_${n}_meta]=$(awk '/Metaspace/ { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); printf "%.1f", v / 1024; exit } }' "$WORK/heap-$n-$tag.txt")
  R[f_${tag}_${n}_rss_after_gc]=$(calc "$(status_kib "$EPID" VmRSS) / 1024" 1)
  stop_pid "$EPID"
  log "  $n keys ($( [[ $tag == opts ]] && echo "JVM settings" || echo "JVM defaults" )): RSS ${R[f_${tag}_${n}_rss]} MiB, peak ${R[f_${tag}_${n}_hwm]} MiB, live heap ${R[f_${tag}_${n}_live]} MiB"
}

FP_SIZES=()
step_footprint() {
  local n avail_kib
  log "step 4: footprint"
  if [[ -n $FOOTPRINT_SIZES ]]; then
    IFS=, read -r -a FP_SIZES <<<"$FOOTPRINT_SIZES"
  elif (( KEYS > 100000 )); then
    FP_SIZES=(100000 "$KEYS")
    avail_kib=$(awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo)
    # The mixed dataset takes about 600 bytes per key in Redis; keep 3x that plus 2 GiB free.
    if (( KEYS >= 1000000 && KEYS < 5000000 && avail_kib > 5000000 * 2 + 2 * 1024 * 1024 )); then
      FP_SIZES+=(5000000)
    elif (( KEYS >= 1000000 && KEYS < 5000000 )); then
      R[f_skipped_5m]="5M keys skipped: MemAvailable $((avail_kib / 1024)) MiB"
    fi
  else
    FP_SIZES=($(( KEYS / 10 )) "$KEYS")
  fi
  # The current dataset first (no reload), then ascending.
  local ordered=() s
  for s in "${FP_SIZES[@]}"; do [[ $s == "$LOADED" ]] && ordered+=("$s"); done
  for s in $(printf '%s\n' "${FP_SIZES[@]}" | sort -n); do [[ $s != "$LOADED" ]] && ordered+=("$s"); done
  for s in "${ordered[@]}"; do
    footprint_one "$s" opts
    # JVM defaults (no JAVA_OPTS) at the main size, to show what the options buy.
    if [[ $s == "$KEYS" && -n "$JAVA_OPTS$EXPORTER_MALLOC_ARENA_MAX" ]]; then footprint_one "$s" default; fi
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Step 5: start-up to first successful scrape.
# ---------------------------------------------------------------------------------------------------------------
step_startup() {
  local r t0 t1 code deadline ok
  log "step 5: start-up"
  : >"$WORK/startup.ms"
  for ((r = 1; r <= STARTUP_RUNS; r++)); do
    t0=$(now_ns)
    start_exporter startup-$r
    ok=""
    deadline=$(( $(date +%s) + 30 ))
    while (( $(date +%s) < deadline )); do
      code=$(curl -s -m 2 -o "$WORK/startup.txt" -w '%{http_code}' "http://127.0.0.1:$EPORT/metrics" || true)
      if [[ $code == 200 ]] && grep -qE '^redismem_up 1(\.0)?$' "$WORK/startup.txt"; then ok=1; break; fi
      sleep 0.02
    done
    t1=$(now_ns)
    stop_pid "$EPID"
    [[ -n $ok ]] || die "no successful scrape within 30 s of start-up"
    echo $(( (t1 - t0) / 1000000 )) >>"$WORK/startup.ms"
  done
  read -r R[u_min] R[u_med] R[u_max] < <(sort -n "$WORK/startup.ms" | awk '{ a[NR] = $1 } END { printf "%.2f %.2f %.2f\n", a[1] / 1000, a[int((NR + 1) / 2)] / 1000, a[NR] / 1000 }')
  R[u_all]=$(sort -n "$WORK/startup.ms" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / 1000 }')
  log "  start-up median ${R[u_med]} s"
}

# ---------------------------------------------------------------------------------------------------------------
# Step 6: the same keyspace from its RDB snapshot (analyze --rdb: no command to Redis per key) against the live
# readers: redis-cli --memkeys and this exporter's full-speed pass.
# ---------------------------------------------------------------------------------------------------------------
# One analyze --rdb of the saved file with the launcher's JVM settings for analyze (C2 kept): wall time, Redis CPU
# meanwhile (none expected), peak RSS, into R[<prefix>_*]. Usage: snapshot_read PREFIX [taskset ...]
snapshot_read() {
  local p=$1 t0 t1 c0 c1 pid hwm rss wall line
  shift
  c0=$(ticks "$RPID"); t0=$(now_ns)
  # shellcheck disable=SC2086
  "$@" java ${JAVA_OPTS/ -XX:TieredStopAtLevel=1/} -jar "$WORK/exporter.jar" analyze --rdb="$WORK/dump.rdb" --format=json \
    >"$WORK/snapshot-$p.json" 2>"$WORK/snapshot-$p.err" &
  pid=$!
  hwm=0
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(status_kib "$pid" VmHWM 2>/dev/null || true)
    [[ -n $rss && $rss -gt $hwm ]] && hwm=$rss
    sleep 0.1
  done
  wait "$pid" || die "analyze --rdb failed: $(tail -3 "$WORK/snapshot-$p.err")"
  t1=$(now_ns); c1=$(ticks "$RPID")
  wall=$(calc "($t1 - $t0) / 1e9" 3)
  R[${p}_wall]=$(calc "$wall" 2)
  R[${p}_rss_mib]=$(calc "$hwm / 1024" 0)
  R[${p}_redis_ticks]=$(( c1 - c0 ))
  line=$(grep -E 'keys read in' "$WORK/snapshot-$p.err" | tail -1)
  R[${p}_read_keys]=$(sed -E 's/^analyze: ([0-9,]+) keys read.*/\1/' <<<"$line" | tr -d ,)
  R[${p}_read_s]=$(sed -E 's/.* keys read in ([0-9.]+) s.*/\1/' <<<"$line")
  # the rate analyze prints, from the read's time to the nanosecond (its seconds are rounded to 0.1 s)
  R[${p}_kps]=$(sed -E 's/.* keys read in [0-9.]+ s \(([0-9,]+) keys\/s\).*/\1/' <<<"$line" | tr -d ,)
  R[${p}_kps_wall]=$(calc "${R[r_keys]} / $wall" 0)
  [[ ${R[${p}_read_keys]} == "${R[r_keys]}" ]] || die "analyze --rdb read ${R[${p}_read_keys]} keys, Redis holds ${R[r_keys]}"
  log "  analyze --rdb ($p): ${R[${p}_kps]} keys/s reading (${R[${p}_kps_wall]} from launch), peak RSS ${R[${p}_rss_mib]} MiB"
}

step_snapshot() {
  local keys t0 t1 c0 c1 wall
  log "step 6: snapshot analysis"
  keys=$(rcli DBSIZE)
  rcli SAVE >/dev/null # dump.rdb in the work directory (dbfilename is a protected setting from 7.0)
  R[r_file_mib]=$(calc "$(stat -c %s "$WORK/dump.rdb") / 1048576" 1)
  R[r_keys]=$keys
  # on the exporter's CPU as pinned for the live readers, then on the whole machine: Redis is idle meanwhile, and
  # the read overlaps parsing with aggregation on two threads
  snapshot_read r "${EPIN[@]}"
  snapshot_read u
  # the peer, on the same keys, unless step 1 measured it already
  if ! ran 1; then
    c0=$(ticks "$RPID"); t0=$(now_ns)
    "${CPIN[@]}" redis-cli -p "$RPORT" --memkeys >"$WORK/memkeys.out" 2>&1
    t1=$(now_ns); c1=$(ticks "$RPID")
    wall=$(calc "($t1 - $t0) / 1e9" 3)
    R[p_memkeys_wall]=$(calc "$wall" 2)
    R[p_memkeys_kps]=$(calc "$keys / $wall" 0)
    R[p_memkeys_us]=$(calc "($c1 - $c0 - $(idle_ticks "$wall")) * 1e6 / $CLK_TCK / $keys" 2)
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------------------------
ran() { [[ -n ${WANT[$1]:-} ]]; }
fmt_int() { awk -v v="$1" 'BEGIN { s = sprintf("%d", v); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
mib() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1048576 }'; }

# Median over rounds of column $2 (1-based CSV column) for test $1 in files $3...
csv_median() {
  local test=$1 col=$2; shift 2
  cat "$@" | awk -F'"' -v t="$test" -v c="$col" '$2 == t { print $(2 * c) }' | sort -n \
    | awk '{ a[NR] = $1 } END { printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
csv_min() {
  local test=$1 col=$2; shift 2
  cat "$@" | awk -F'"' -v t="$test" -v c="$col" '$2 == t { v = $(2 * c) + 0; if (m == "" || v < m) m = v } END { printf "%.3f", m }'
}
csv_max() {
  local test=$1 col=$2; shift 2
  cat "$@" | awk -F'"' -v t="$test" -v c="$col" '$2 == t { v = $(2 * c) + 0; if (v > m) m = v } END { printf "%.3f", m }'
}

write_report() {
  local f=$OUT tmp elapsed validation="" cpu mem debver javaver redisver rever gitrev dirty s t n
  tmp=$(mktemp "$WORK/report.XXXXXX")
  elapsed=$(( $(date +%s) - RUN_START ))
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  debver=$(cat /etc/debian_version 2>/dev/null || echo '?')
  javaver=$(java -version 2>&1 | head -1)
  redisver=$(redis-server --version | awk '{ print $3 }' | cut -d= -f2)
  rever=$(prometheus-redis-exporter --version 2>&1 | sed -n 's/.*Exporter \([^ ]*\) .*/\1/p' | head -1)
  gitrev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
  dirty=$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null | wc -l | tr -d ' ')
  (( KEYS < 1000000 )) && validation=1

  {
    echo "# Benchmarks"
    echo
    if [[ -n $validation ]]; then
      echo "> **Validation-size run** ($(fmt_int "$KEYS") keys instead of the default 1,000,000): it checks the harness end to end."
      echo "> Figures at this size are not the ones the targets are stated for; replace them with a full run (\`bench/run.sh\`)."
      echo
    fi
    echo "Written by \`bench/run.sh --keys $KEYS --seed $SEED$( [[ $ONLY != all ]] && echo " --only $ONLY")$( [[ $PIN == 1 ]] && echo " --pin")$( [[ -n $EXPORTER_CPU ]] && echo " --exporter-cpu $EXPORTER_CPU")$( [[ -n $EXPORTER_NICE ]] && echo " --exporter-nice $EXPORTER_NICE")\` on $RUN_DATE (the run took $((elapsed / 60)) min $((elapsed % 60)) s)."
    echo "These are figures of one run on one machine, not assertions: \`bench/README.md\` says how each is measured."
    echo
    echo "## Machine and versions"
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| machine | $cpu, $(nproc) cores, $mem, Linux $(uname -r), Debian $debver |"
    echo "| exporter | $EXPORTER_VERSION (jar sha256 $JAR_SHA); repository HEAD at run time $gitrev$( (( dirty > 0 )) && echo ", with $dirty uncommitted change(s) under src/ or pom.xml" ) |"
    echo "| JVM | $javaver; \`JAVA_OPTS=${JAVA_OPTS:-(none)}\`, \`MALLOC_ARENA_MAX=${EXPORTER_MALLOC_ARENA_MAX:-(unset)}\` (the launcher's and the image's settings unless overridden)$( [[ -n $EXPORTER_ARGS ]] && echo "; extra flags \`$EXPORTER_ARGS\`" ) |"
    echo "| Redis | redis-server $redisver (Debian package), default configuration except \`--save '' --appendonly no\`, loopback TCP |"
    echo "| CPU placement | $( [[ $PIN == 1 ]] && echo "pinned (\`--pin\`): redis-server on CPU 0, every client (exporters, redis-cli, redis-benchmark, wrk) on CPU 1" || echo "not pinned: the scheduler places redis-server and the clients on the $(nproc) CPUs" )$( [[ -n $EXPORTER_CPU ]] && echo "; the exporter on CPU $EXPORTER_CPU (\`--exporter-cpu\`)")$( [[ -n $EXPORTER_NICE ]] && echo "; the exporter at nice $EXPORTER_NICE (\`--exporter-nice\`)") |"
    echo "| peers | redis-cli $redisver (\`--memkeys\`, \`--bigkeys\`), prometheus-redis-exporter $rever (Debian package) |"
    echo "| tools | redis-benchmark $redisver, $(wrk -v 2>&1 | head -1 | awk '{ print "wrk " $2 }'), $(curl --version | head -1 | awk '{ print "curl " $2 }'), Python $(python3 -c 'import platform; print(platform.python_version())') |"
    echo "| other load | load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg); other processes' CPU per step below |"
    echo
    echo "## Dataset"
    echo
    if [[ -n ${R[used_memory_$KEYS]:-} ]]; then
      echo "\`bench/dataset.py --keys $KEYS --seed $SEED\`, loaded with \`redis-cli --pipe\` in ${R[load_s_$KEYS]} s: $(fmt_int "$KEYS") keys in db 0, Redis \`used_memory\` $(mib "${R[used_memory_$KEYS]}") MiB."
      python3 - "$WORK/dataset-$KEYS.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
k = d["keys"]
groups = [("strings", ["string_int", "string_embstr", "string_raw", "string_json", "string_nodelimiter"]),
          ("hashes", ["hash_listpack", "hash_hashtable_longvalue", "hash_hashtable_medium"]),
          ("sets", ["set_intset", "set_hashtable_strings", "set_hashtable_over_intset"]),
          ("sorted sets", ["zset_listpack", "zset_skiplist"]), ("lists", ["list_short", "list_long"]),
          ("streams", ["stream_small"])]
parts = []
for name, kinds in groups:
    n = sum(d.get(x, 0) for x in kinds)
    parts.append("%s %.1f%% (%s)" % (name, 100.0 * n / k, ", ".join("%s %d" % (x, d[x]) for x in kinds if d.get(x))))
print("Mix: " + "; ".join(parts) + "; 5 big keys (12 MiB string, 100k-field hash, 50k-member zset, 100k-element list, 50k-member set).")
print("%.0f%% of the keys have a TTL (45 min to 90 days); %d key prefixes plus keys without a delimiter." % (100.0 * d.get("with_ttl", 0) / k, d["prefixes_used"]))
EOF
    else
      echo "\`bench/dataset.py --keys $KEYS --seed $SEED\` (not loaded by the steps of this run)."
    fi
    echo

    echo "## Summary"
    echo
    echo "| target | figure | |"
    echo "|---|---|---|"
    if ran 1; then
      echo "| full-speed pass >= 150,000 keys/s (type, encoding, memory, TTL per key) | $(fmt_int "${R[p_ours_kps]}") keys/s | $(judge "${R[p_ours_kps]}" '>=' 150000) |"
      echo "| Redis CPU per analysed key <= 4 us | ${R[p_ours_us]} us | $(judge "${R[p_ours_us]}" '<=' 4) |"
    fi
    if ran 2; then
      for t in SET GET; do
        echo "| default throttle: $t p99 within +10% of baseline | ${R[i_${t}_p99_base]} -> ${R[i_${t}_p99_with]} ms (${R[i_${t}_p99_change]}%; within pairs, median ${R[i_${t}_pair_median]}%) | $(judge "${R[i_${t}_p99_change]}" '<=' 10) |"
      done
      echo "| default throttle: measured Redis time share <= 5% | $(calc "${R[i_share_cpu]} * 100" 1)% of Redis CPU (exporter's gauge $(calc "${R[i_share_gauge]} * 100" 1)%) | $(judge "$(awk -v a="${R[i_share_cpu]}" -v b="${R[i_share_gauge]}" 'BEGIN { print (a > b ? a : b) }')" '<=' 0.05) |"
    fi
    if ran 3; then
      echo "| /metrics p99 <= 25 ms (wrk, $WRK_CONNECTIONS connections, ${WRK_SECONDS} s) | ${R[s_ours_p99]} ms | $(judge "${R[s_ours_p99]}" '<=' 25) |"
    fi
    if ran 4; then
      local maxrss=0 lo hi
      for n in "${FP_SIZES[@]}"; do maxrss=$(awk -v a="$maxrss" -v b="${R[f_opts_${n}_rss]}" 'BEGIN { print (b > a ? b : a) }'); done
      echo "| exporter RSS <= 128 MiB (largest after a pass, with the JVM settings above) | $maxrss MiB | $(judge "$maxrss" '<=' 128) |"
      lo=$(printf '%s\n' "${FP_SIZES[@]}" | sort -n | head -1)
      hi=$KEYS; [[ -n ${R[f_opts_${hi}_rss]:-} ]] || hi=$(printf '%s\n' "${FP_SIZES[@]}" | sort -n | tail -1)
      R[f_growth]=$(calc "(${R[f_opts_${hi}_rss]} / ${R[f_opts_${lo}_rss]} - 1) * 100" 1)
      echo "| RSS within 10% between $(fmt_int "$lo") and $(fmt_int "$hi") keys | ${R[f_opts_${lo}_rss]} -> ${R[f_opts_${hi}_rss]} MiB (${R[f_growth]}%) | $(judge "${R[f_growth]#-}" '<=' 10) |"
    fi
    if ran 5; then
      echo "| start-up to first scrape <= 2 s | median ${R[u_med]} s, max ${R[u_max]} s | $(judge "${R[u_max]}" '<=' 2) |"
    fi
    echo

    if ran 1; then
      echo "## 1. Full-speed pass (throttle off)"
      echo
      echo "$(fmt_int "${R[p_keys]}") keys. Redis CPU is redis-server's utime + stime from \`/proc/PID/stat\` over the run, minus an idle window of the same length measured right after (${R[p_idle_ticks_per_s]} ticks/s idle); client CPU is the tool's own process."
      echo
      echo "| tool | reads per key | keys seen | wall | keys/s | Redis CPU / key | Redis command time / key | client CPU / key | target | |"
      echo "|---|---|---|---|---|---|---|---|---|---|"
      echo "| redis-memory-exporter (\`--sampling.maxRedisTimeRatio=1\`) | TYPE, OBJECT ENCODING, MEMORY USAGE, PTTL, length (+ finding probes) | $(fmt_int "${R[p_ours_keys]}") (${R[p_ours_vanished]} vanished) | ${R[p_ours_dur]} s pass (${R[p_ours_wall]} s from JVM launch) | **$(fmt_int "${R[p_ours_kps]}")** | **${R[p_ours_us]} us** | ${R[p_ours_cmd_us]} us | ${R[p_ours_client_us]} us (incl. JVM start) | >= 150,000 keys/s, <= 4 us | $(judge "${R[p_ours_kps]}" '>=' 150000) / $(judge "${R[p_ours_us]}" '<=' 4) |"
      echo "| \`redis-cli --memkeys\` | TYPE, MEMORY USAGE | $(fmt_int "${R[p_memkeys_seen]:-0}") | ${R[p_memkeys_wall]} s | $(fmt_int "${R[p_memkeys_kps]}") | ${R[p_memkeys_us]} us | ${R[p_memkeys_cmd_us]} us | ${R[p_memkeys_client_us]} us | (peer) | |"
      echo "| \`redis-cli --bigkeys\` | TYPE, length | $(fmt_int "${R[p_bigkeys_seen]:-0}") | ${R[p_bigkeys_wall]} s | $(fmt_int "${R[p_bigkeys_kps]}") | ${R[p_bigkeys_us]} us | ${R[p_bigkeys_cmd_us]} us | ${R[p_bigkeys_client_us]} us | (peer) | |"
      echo "| prometheus-redis-exporter \`--check-key-groups='^([^:]+):'\` (one scrape) | MEMORY USAGE, in a Lua script per SCAN batch | $(fmt_int "${R[p_re_seen]}") in ${R[p_re_groups]} groups | ${R[p_re_wall]} s scrape | $(fmt_int "${R[p_re_kps]}") | ${R[p_re_us]} us | ${R[p_re_cmd_us]} us | ${R[p_re_client_us]} us | (peer) | |"
      echo
      echo "Redis command time is the sum of \`usec\` in \`INFO commandstats\` (reset before each tool) per key: the commands' own execution, without protocol parsing, reply writing or the event loop, which Redis CPU includes (for a Lua script, the commands it calls are counted once, inside the script's time)."
      echo "This exporter inspected keys with ${R[p_ours_mode]}; its longest-holding command: \`$(awk '{ print $1 }' <<<"${R[p_ours_heaviest]}")\`, $(awk '{ print $2 }' <<<"${R[p_ours_heaviest]}") us per call on average over $(awk '{ print $3 }' <<<"${R[p_ours_heaviest]}") calls. Its own measured share of Redis time during the pass (\`redismem_scan_redis_time_ratio\`): $(calc "${R[p_ours_ratio]} * 100" 0)%."
      echo "redis_exporter repeats its scan on every scrape: at this size each scrape of \`/metrics\` takes ${R[p_re_wall]} s, in $(awk '{ print $3 }' <<<"${R[p_re_heaviest]}") \`$(awk '{ print $1 }' <<<"${R[p_re_heaviest]}")\` calls (one per SCAN batch of 1,000 keys) of $(awk '{ print $2 }' <<<"${R[p_re_heaviest]}") us each on average."
      echo "Machine at the start of this step: ${PROBE[1]}. Other processes on the machine during this step: ${NOISE[1]}."
      echo
    fi

    if ran 2; then
      echo "## 2. Impact at the default throttle"
      echo
      echo "Workload: \`redis-benchmark -c $BENCH_CLIENTS -r 10000 --dbnum 9 -t set,get -n $(fmt_int "${R[i_n]}")\` (about ${IMPACT_SECONDS} s per run), in $IMPACT_ROUNDS pairs of adjacent runs, in alternating order: one with the exporter sampling at its defaults${EXPORTER_ARGS:+ plus \`$EXPORTER_ARGS\`} and \`--sampling.interval=1s\` (so that it samples throughout), one with the same exporter process stopped by SIGSTOP (the baseline). Latencies in ms; rounds, then medians (max: the largest), then the change within each pair."
      echo
      echo "| round | condition | SET rps | SET p50 | SET p99 | SET max | GET rps | GET p50 | GET p99 | GET max | sampler keys/s | sampler's gauge | exporter CPU |"
      echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
      local r c
      for ((r = 1; r <= IMPACT_ROUNDS; r++)); do
        for c in base with; do
          awk -F'"' -v r="$r" -v c="$( [[ $c == base ]] && echo baseline || echo 'with sampler' )" \
              -v kps="$( [[ $c == with ]] && fmt_int "${R[i_with_kps_$r]}" || echo '' )" \
              -v g="$( [[ $c == with ]] && calc "${R[i_with_ratio_$r]} * 100" 1 | sed 's/$/%/' || echo '' )" \
              -v j="$( [[ $c == with ]] && echo "${R[i_with_jcpu_$r]}% of a core" || echo '' )" '
            $2 == "SET" { s = sprintf("%.0f | %s | %s | %s", $4, $10, $14, $16) }
            $2 == "GET" { g2 = sprintf("%.0f | %s | %s | %s", $4, $10, $14, $16) }
            END { printf "| %s | %s | %s | %s | %s | %s | %s |\n", r, c, s, g2, kps, g, j }' "$WORK/bench-$c-$r.csv"
        done
      done
      echo
      echo "| | SET p50 | SET p99 | SET max | GET p50 | GET p99 | GET max |"
      echo "|---|---|---|---|---|---|---|"
      echo "| baseline (median of rounds) | ${R[i_SET_p50_base]} | ${R[i_SET_p99_base]} | ${R[i_SET_max_base]} | ${R[i_GET_p50_base]} | ${R[i_GET_p99_base]} | ${R[i_GET_max_base]} |"
      echo "| with sampler (median of rounds) | ${R[i_SET_p50_with]} | ${R[i_SET_p99_with]} | ${R[i_SET_max_with]} | ${R[i_GET_p50_with]} | ${R[i_GET_p99_with]} | ${R[i_GET_max_with]} |"
      echo "| change of the medians | | ${R[i_SET_p99_change]}% (target <= +10%: $(judge "${R[i_SET_p99_change]}" '<=' 10)) | | | ${R[i_GET_p99_change]}% (target <= +10%: $(judge "${R[i_GET_p99_change]}" '<=' 10)) | |"
      echo "| p99 range over rounds, baseline / with | | ${R[i_SET_p99min_base]}-${R[i_SET_p99max_base]} / ${R[i_SET_p99min_with]}-${R[i_SET_p99max_with]} | | | ${R[i_GET_p99min_base]}-${R[i_GET_p99max_base]} / ${R[i_GET_p99min_with]}-${R[i_GET_p99max_with]} | |"
      echo "| p99 change within a pair: median (range; pairs with no rise) | | ${R[i_SET_pair_median]}% (${R[i_SET_pair_range]}; ${R[i_SET_pair_better]} of $IMPACT_ROUNDS) | | | ${R[i_GET_pair_median]}% (${R[i_GET_pair_range]}; ${R[i_GET_pair_better]} of $IMPACT_ROUNDS) | |"
      echo
      echo "Where the baseline rounds spread as widely as the change, the change is within this machine's noise: read the range rows before the verdict."
      echo
      echo "Redis time share, sampler alone for ${SHARE_SECONDS} s at the default throttle ($(fmt_int "${R[i_share_keys]}") keys, ${R[i_share_kps]} keys/s):"
      echo
      echo "| measure | figure | target | |"
      echo "|---|---|---|---|"
      echo "| redis-server CPU / wall (minus idle) | $(calc "${R[i_share_cpu]} * 100" 2)% | <= 5% | $(judge "${R[i_share_cpu]}" '<=' 0.05) |"
      echo "| exporter's \`redismem_scan_redis_time_ratio\` | $(calc "${R[i_share_gauge]} * 100" 2)% | <= 5% | $(judge "${R[i_share_gauge]}" '<=' 0.05) |"
      echo "| Redis CPU per key at this throttle | ${R[i_share_us]} us | | |"
      echo "| sampler command holding Redis longest (commandstats) | \`$(awk '{ print $1 }' <<<"${R[i_share_heaviest]}")\`, $(awk '{ print $2 }' <<<"${R[i_share_heaviest]}") us per call on average | | |"
      echo
      echo "On this 2-core machine redis-server, redis-benchmark and the exporter's JVM share two cores, so the \"with\" rounds also measure CPU contention on the client side, not only Redis time taken by the sampler."
      echo "Machine at the start of this step: ${PROBE[2]}. Other processes on the machine during this step: ${NOISE[2]}."
      echo
    fi

    if ran 3; then
      echo "## 3. /metrics under load"
      echo
      echo "\`wrk -t2 -c$WRK_CONNECTIONS -d${WRK_SECONDS}s --latency\` against each exporter's \`/metrics\` on the same Redis ($(fmt_int "${R[s_keys]}") keys). This exporter ran with \`--sampling.topKeys=100\` after a completed pass (${R[s_top_keys]} top keys, ${R[s_prefixes]} prefixes besides \`other\`); redis_exporter with its defaults (no key groups: with them every scrape rescans the keyspace, see step 1)."
      echo
      echo "| exporter | series | bytes | one scrape (before / after load) | requests/s | p50 | p99 | max | errors | Redis CPU during wrk | RSS after (peak) | target p99 | |"
      echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
      echo "| redis-memory-exporter | $(fmt_int "${R[s_ours_series]}") | $(fmt_int "${R[s_ours_bytes]}") | ${R[s_ours_single_ms]} / ${R[s_ours_single_after_ms]} ms | $(fmt_int "${R[s_ours_rps]}") | ${R[s_ours_p50]} ms | **${R[s_ours_p99]} ms** | ${R[s_ours_max]} ms | ${R[s_ours_errors]} | $(calc "${R[s_ours_redis_cpu]} * 100" 0)% | ${R[s_ours_rss_mib]} MiB (${R[s_ours_hwm_mib]}) | <= 25 ms | $(judge "${R[s_ours_p99]}" '<=' 25) |"
      echo "| prometheus-redis-exporter | $(fmt_int "${R[s_re_series]}") | $(fmt_int "${R[s_re_bytes]}") | ${R[s_re_single_ms]} / ${R[s_re_single_after_ms]} ms | $(fmt_int "${R[s_re_rps]}") | ${R[s_re_p50]} ms | ${R[s_re_p99]} ms | ${R[s_re_max]} ms | ${R[s_re_errors]} | $(calc "${R[s_re_redis_cpu]} * 100" 0)% | ${R[s_re_rss_mib]} MiB (${R[s_re_hwm_mib]}) | (peer) | |"
      echo
      echo "\"one scrape\" is the median of 5 sequential \`curl\` scrapes before and after the load. wrk, the exporter and Redis share the 2 cores; with 50 connections in a closed loop, p99 is mostly queueing, so it tracks requests/s. redis_exporter's series count includes one series per command in \`INFO commandstats\`, which this script resets in steps 1 and 2, so it varies between runs."
      echo "Machine at the start of this step: ${PROBE[3]}. Other processes on the machine during this step: ${NOISE[3]}."
      echo
    fi

    if ran 4; then
      echo "## 4. Footprint"
      echo
      echo "After one full-speed pass over each dataset size (same seed), then \`jcmd PID GC.run\`: RSS is VmRSS from \`/proc/PID/status\` (peak: VmHWM), live heap the used heap reported by \`jcmd PID GC.heap_info\` after that GC."
      echo
      echo "| keys | JVM options | Redis used_memory | pass | RSS | peak RSS | live heap | metaspace | RSS after GC | target RSS | |"
      echo "|---|---|---|---|---|---|---|---|---|---|---|"
      for n in $(printf '%s\n' "${FP_SIZES[@]}" | sort -n); do
        echo "| $(fmt_int "$n") | \`JAVA_OPTS\` and \`MALLOC_ARENA_MAX\` above | $(mib "${R[used_memory_$n]}") MiB | ${R[f_opts_${n}_pass_s]} s | **${R[f_opts_${n}_rss]} MiB** | ${R[f_opts_${n}_hwm]} MiB | ${R[f_opts_${n}_live]} MiB | ${R[f_opts_${n}_meta]} MiB | ${R[f_opts_${n}_rss_after_gc]} MiB | <= 128 MiB | $(judge "${R[f_opts_${n}_rss]}" '<=' 128) |"
        if [[ -n ${R[f_default_${n}_rss]:-} ]]; then
          echo "| $(fmt_int "$n") | JVM defaults (neither) | $(mib "${R[used_memory_$n]}") MiB | ${R[f_default_${n}_pass_s]} s | ${R[f_default_${n}_rss]} MiB | ${R[f_default_${n}_hwm]} MiB | ${R[f_default_${n}_live]} MiB | ${R[f_default_${n}_meta]} MiB | ${R[f_default_${n}_rss_after_gc]} MiB | (no target) | |"
        fi
      done
      echo
      echo "RSS growth from the smallest to the main size: ${R[f_growth]}% (target: within 10%)."
      [[ -n ${R[f_skipped_5m]:-} ]] && echo "${R[f_skipped_5m]}."
      echo "Machine at the start of this step: ${PROBE[4]}. Other processes on the machine during this step: ${NOISE[4]}."
      echo
    fi

    if ran 5; then
      echo "## 5. Start-up"
      echo
      echo "From launching \`java $JAVA_OPTS -jar redis-memory-exporter.jar\` (default settings, sampler on) to the first HTTP 200 on \`/metrics\` containing \`redismem_up 1\`, polled every 20 ms with curl; $STARTUP_RUNS runs against the loaded dataset."
      echo
      echo "| runs (s) | min | median | max | target | |"
      echo "|---|---|---|---|---|---|"
      echo "| ${R[u_all]} | ${R[u_min]} s | **${R[u_med]} s** | ${R[u_max]} s | <= 2 s (every run) | $(judge "${R[u_max]}" '<=' 2) |"
      echo
      echo "Machine at the start of this step: ${PROBE[5]}. Other processes on the machine during this step: ${NOISE[5]}."
      echo
    fi

    if ran 6; then
      echo "## 6. Snapshot analysis"
      echo
      echo "The same $(fmt_int "${R[r_keys]}") keys saved by \`SAVE\` (${R[r_file_mib]} MiB RDB) and read by \`analyze --rdb=FILE --format=json\` with the launcher's JVM settings for \`analyze\` (the daemon's, C2 kept), once on the CPU the live readers were given and once on the whole machine (Redis is idle meanwhile; the read parses on one thread and aggregates on another): no command to Redis per key (Redis CPU meanwhile: ${R[r_redis_ticks]} and ${R[u_redis_ticks]} ticks of 1/$CLK_TCK s, its idle housekeeping). The rate is of the read alone, after the JVM's start; on a file of 1M keys the JIT compilers' warm-up is a good part of it. Beside it the live readers on the same data$(ran 1 && echo ", from step 1")."
      echo
      echo "| reader | Redis commands per key | keys/s | wall | Redis CPU / key | peak RSS | target | |"
      echo "|---|---|---|---|---|---|---|---|"
      local where pin
      for pin in r u; do
        if [[ $pin == r ]]; then where="${EPIN[*]:-not pinned}"; else where="not pinned (2 CPUs)"; fi
        echo "| \`analyze --rdb\` (reading), ${where:-not pinned} | 0 | **$(fmt_int "${R[${pin}_kps]}")** | ${R[${pin}_read_s]} s (${R[${pin}_wall]} s from launch: $(fmt_int "${R[${pin}_kps_wall]}") keys/s) | 0 | ${R[${pin}_rss_mib]} MiB | >= 500,000 keys/s, RSS <= 128 MiB | $(judge "${R[${pin}_kps]}" '>=' 500000) / $(judge "${R[${pin}_rss_mib]}" '<=' 128) |"
      done
      echo "| \`redis-cli --memkeys\` | 2 | $(fmt_int "${R[p_memkeys_kps]}") | ${R[p_memkeys_wall]} s | ${R[p_memkeys_us]} us | | (peer) | |"
      if ran 1; then
        echo "| this exporter, full-speed live pass | 4-5 (one script call a batch) | $(fmt_int "${R[p_ours_kps]}") | ${R[p_ours_dur]} s | ${R[p_ours_us]} us | | (live) | |"
      fi
      echo
      echo "Machine at the start of this step: ${PROBE[6]}. Other processes on the machine during this step: ${NOISE[6]}."
      echo
    fi

    echo "## How to reproduce"
    echo
    echo "\`\`\`sh"
    echo "apt-get install -y redis-server redis-tools prometheus-redis-exporter wrk"
    echo "bench/run.sh --keys $KEYS --seed $SEED$( [[ $ONLY != all ]] && echo " --only $ONLY")"
    echo "\`\`\`"
    echo
    echo "The exporter ran as \`java \$JAVA_OPTS -jar target/redis-memory-exporter.jar --redis.addr=redis://127.0.0.1:PORT --web.listen-address=127.0.0.1:PORT2 --sampling.interval=1h\` plus the flags named in each step. \`bench/README.md\` describes each step."
  } >"$tmp"
  mkdir -p "$(dirname "$f")"
  chmod 644 "$tmp"
  mv "$tmp" "$f"
  log "report written to $f"
}

summarise_impact() {
  local t c col name r
  for t in SET GET; do
    for c in base with; do
      R[i_${t}_p50_$c]=$(csv_median "$t" 5 "$WORK"/bench-$c-*.csv)
      R[i_${t}_p99_$c]=$(csv_median "$t" 7 "$WORK"/bench-$c-*.csv)
      R[i_${t}_max_$c]=$(csv_max "$t" 8 "$WORK"/bench-$c-*.csv)
      R[i_${t}_p99min_$c]=$(csv_min "$t" 7 "$WORK"/bench-$c-*.csv)
      R[i_${t}_p99max_$c]=$(csv_max "$t" 7 "$WORK"/bench-$c-*.csv)
    done
    R[i_${t}_p99_change]=$(calc "(${R[i_${t}_p99_with]} / ${R[i_${t}_p99_base]} - 1) * 100" 1)
    # The change within each pair of adjacent runs, then its median and range over the pairs.
    for ((r = 1; r <= IMPACT_ROUNDS; r++)); do
      echo "$(calc "($(csv_median "$t" 7 "$WORK/bench-with-$r.csv") / $(csv_median "$t" 7 "$WORK/bench-base-$r.csv") - 1) * 100" 1)"
    done | sort -n >"$WORK/pairs-$t.txt"
    R[i_${t}_pair_median]=$(awk '{ a[NR] = $1 } END { printf "%.1f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }' "$WORK/pairs-$t.txt")
    R[i_${t}_pair_range]=$(awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s%% to %s%%", lo, hi }' "$WORK/pairs-$t.txt")
    R[i_${t}_pair_better]=$(awk '$1 <= 0 { n++ } END { printf "%d", n }' "$WORK/pairs-$t.txt")
  done
}

# ---------------------------------------------------------------------------------------------------------------
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "work directory $WORK; steps: $(for s in "${RUN_ORDER[@]}"; do ran "$s" && printf '%s ' "${STEP_NAME[$s]}"; done)"
prepare_jar
log "exporter: $EXPORTER_VERSION (jar sha256 $JAR_SHA); JAVA_OPTS=${JAVA_OPTS:-(none)} MALLOC_ARENA_MAX=${EXPORTER_MALLOC_ARENA_MAX:-(unset)}"
start_redis
if ran 1 || ran 2 || ran 3 || ran 5 || ran 6; then load_dataset "$KEYS"; fi
for s in "${RUN_ORDER[@]}"; do
  ran "$s" || continue
  PROBE[$s]=$(probe_machine)
  noise_begin "$s"
  case $s in
    1) step_passes ;;
    2) step_impact; summarise_impact ;;
    3) step_scrape ;;
    4) step_footprint ;;
    5) step_startup ;;
    6) step_snapshot ;;
  esac
  noise_end "$s"
  log "  ${PROBE[$s]}; other processes during step $s: ${NOISE[$s]}"
done
write_report
