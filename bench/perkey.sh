#!/usr/bin/env bash
# Redis CPU per key of full-speed passes of one or more exporter jars, and of a plain pipelined client sending
# TYPE, OBJECT ENCODING, MEMORY USAGE and PTTL per key, on one loaded dataset, alternated in one run: the A/B of
# a change to the per-key work without bench/run.sh's other steps and peers (its step 1 measures the same way).
#
#   bench/perkey.sh --keys 1000000 --rounds 2 before.jar after.jar
#   bench/perkey.sh --keys 100000 --no-expires after.jar   # the dataset without TTLs (PERSIST after loading)
#   bench/perkey.sh after.jar after.jar::--sampling.luaScripts=false   # exporter flags after '::', comma-separated
#
# redis-server runs on CPU 0 and every client on CPU 1 (as bench/run.sh --pin). Redis CPU is utime + stime of
# redis-server from /proc/PID/stat over each measurement, minus its idle rate (measured once, 5 s) times the
# measurement's length. The pipelined client is redis-cli --pipe over the key names listed before, so SCAN is not
# counted, which the exporter's figures include: the next line of each round is SCAN alone (COUNT 250, the
# sampler's step at its default stall bound), to add to the pipelined client's; the last is a plain client that
# scans as a pass must, SCAN COUNT 250 then the four commands of the keys it returned, pipelined, step by step.
set -euo pipefail
cd "$(dirname "$0")/.."

KEYS=1000000 SEED=42 ROUNDS=1 NO_EXPIRES=0 JARS=()
while (($#)); do
  case "$1" in
    --keys) KEYS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --no-expires) NO_EXPIRES=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) JARS+=("$1"); shift ;;
  esac
done
CLK_TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/redismem-perkey.XXXXXX")
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
now_ns() { date +%s%N; }
JAVA_OPTS=${JAVA_OPTS-$(sed -n 's/^DEFAULT_JVM_OPTIONS="\(.*\)"$/\1/p' src/main/dist/bin/redis-memory-exporter)}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-2}

RPORT=$(free_port)
taskset -c 0 redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
RPID=$!; PIDS+=("$RPID")
for _ in $(seq 100); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
python3 bench/dataset.py --keys "$KEYS" --seed "$SEED" | taskset -c 1 redis-cli -p "$RPORT" --pipe >/dev/null
if ((NO_EXPIRES)); then
  taskset -c 1 redis-cli -p "$RPORT" --scan | awk '{ printf "*2\r\n$7\r\nPERSIST\r\n$%d\r\n%s\r\n", length($0), $0 }' \
    | taskset -c 1 redis-cli -p "$RPORT" --pipe >/dev/null
fi
taskset -c 1 redis-cli -p "$RPORT" --scan >"$WORK/keys"
# the plain pipelined client's commands, written once
awk '{ n = length($0)
  printf "*2\r\n$4\r\nTYPE\r\n$%d\r\n%s\r\n", n, $0
  printf "*3\r\n$6\r\nOBJECT\r\n$8\r\nENCODING\r\n$%d\r\n%s\r\n", n, $0
  printf "*3\r\n$6\r\nMEMORY\r\n$5\r\nUSAGE\r\n$%d\r\n%s\r\n", n, $0
  printf "*2\r\n$4\r\nPTTL\r\n$%d\r\n%s\r\n", n, $0 }' "$WORK/keys" >"$WORK/pipeline.resp"
keys=$(redis-cli -p "$RPORT" dbsize)
t0=$(ticks "$RPID"); sleep 5; idle=$(( $(ticks "$RPID") - t0 ))
echo "# $(date -u '+%F %T') UTC, $keys keys, redis $(redis-server --version | awk '{ print $3 }'), idle $idle ticks/5 s," \
  "load $(cut -d' ' -f1-3 /proc/loadavg), $(redis-cli -p "$RPORT" info keyspace | grep '^db0' | tr -d '\r')"

measure() { # label, then the command; prints Redis CPU per key
  local label=$1 c0 c1 s0 s1 wall; shift
  c0=$(ticks "$RPID"); s0=$(now_ns)
  "$@"
  s1=$(now_ns); c1=$(ticks "$RPID")
  awk -v c=$((c1 - c0)) -v i="$idle" -v w="$(( (s1 - s0) / 1000000 ))" -v k="$keys" -v t="$CLK_TCK" -v l="$label" \
    -v at="$(date -u +%T)" 'BEGIN { printf "%s  %-40s %6.2f us Redis CPU/key  (%d ticks, wall %.2f s)\n", at, l,
      (c - i * w / 5000) * 1e6 / t / k, c, w / 1000 }'
}
pass() { # one full-speed pass of the jar (JAR or JAR::FLAG,FLAG), to its end
  local eport epid jar=${1%%::*} flags=()
  [[ $1 == *::* ]] && IFS=, read -r -a flags <<<"${1#*::}"
  eport=$(free_port)
  # shellcheck disable=SC2086
  taskset -c 1 java $JAVA_OPTS -jar "$jar" --redis.addr="redis://127.0.0.1:$RPORT" --web.listen-address="127.0.0.1:$eport" \
    --sampling.interval=1h --sampling.maxRedisTimeRatio=1 "${flags[@]}" >"$WORK/exporter.log" 2>&1 &
  epid=$!
  until curl -s -m 2 "http://127.0.0.1:$eport/metrics" 2>/dev/null \
      | awk '$1 == "redismem_scan_passes_total" && $2 >= 1 { f = 1 } END { exit !f }'; do
    kill -0 "$epid" 2>/dev/null || { cat "$WORK/exporter.log" >&2; exit 1; }
    sleep 0.25
  done
  kill "$epid"; wait "$epid" 2>/dev/null || true
}
pipelined() { taskset -c 1 redis-cli -p "$RPORT" --pipe <"$WORK/pipeline.resp" >/dev/null; }
scan() { # redis-cli 7.0's --scan has no --count: SCAN COUNT 250 from Python, pipelined one step at a time
  taskset -c 1 python3 -c 'import sys; sys.path.insert(0, "bench"); import perkey_ab as p
r = p.Resp(int(sys.argv[1])); c = b"0"
while True:
    c, _ = r.call("SCAN", c, "COUNT", 250)
    if c == b"0": break' "$RPORT"
}

scanning() { # SCAN COUNT 250, then TYPE, OBJECT ENCODING, MEMORY USAGE and PTTL of its keys in one pipeline; again
  taskset -c 1 python3 -c 'import sys; sys.path.insert(0, "bench"); import perkey_ab as p
r = p.Resp(int(sys.argv[1])); c = b"0"
while True:
    c, keys = r.call("SCAN", c, "COUNT", 250)
    commands = [a for k in keys for a in (("TYPE", k), ("OBJECT", "ENCODING", k), ("MEMORY", "USAGE", k), ("PTTL", k))]
    if commands:
        r.send(commands)
        for _ in commands: r.read()
    if c == b"0": break' "$RPORT"
}

for ((r = 1; r <= ROUNDS; r++)); do
  for jar in "${JARS[@]}"; do measure "pass $(basename "$jar")" pass "$jar"; done
  measure "pipelined TYPE+OBJECT ENCODING+MEMORY USAGE+PTTL" pipelined
  measure "SCAN COUNT 250 alone (add to the line above)" scan
  measure "SCAN 250 + the 4 commands of its keys, step by step" scanning
done
