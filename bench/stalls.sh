#!/usr/bin/env bash
# What a stall of Redis does to its clients' latency, without the exporter: a busy Lua loop holds Redis for a
# given time, a given number of times a second, while redis-benchmark runs as in bench/run.sh's impact step.
# Separates the cost of the stalls themselves (length x rate) from anything the exporter's own process does.
# Usage: bench/stalls.sh [--rounds N] [--seconds S] [--clients C] [STALL_US:CALLS_PER_S ...]
# Pins redis-server and the stall driver to CPU 0 and redis-benchmark to CPU 1 (as run.sh --pin).
set -euo pipefail
ROUNDS=5 SECONDS_PER_RUN=10 CLIENTS=50
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    *) echo "stalls.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
SETTINGS=("$@")
[[ ${#SETTINGS[@]} -gt 0 ]] || SETTINGS=(600:14 600:4 4600:2)
WORK=$(mktemp -d /tmp/stalls.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
taskset -c 0 redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
  --logfile "$WORK/redis.log" --daemonize no &
RPID=$!
trap 'kill $RPID 2>/dev/null; wait $RPID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do redis-cli -p "$PORT" PING >/dev/null 2>&1 && break; sleep 0.1; done

cat >"$WORK/stall.py" <<'PY'
import socket, sys, time
port, stall_us, calls = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
# TIME until stall_us have passed: Redis serves no one else meanwhile, as during an inspection call
script = ("local t0=redis.call('TIME') local s=tonumber(t0[1])*1000000+tonumber(t0[2]) repeat "
          "local t=redis.call('TIME') until tonumber(t[1])*1000000+tonumber(t[2])-s >= tonumber(ARGV[1]) return 1")
def cmd(*a):
    out = b"*%d\r\n" % len(a)
    for x in a:
        x = x.encode()
        out += b"$%d\r\n%s\r\n" % (len(x), x)
    return out
s = socket.create_connection(("127.0.0.1", port))
s.sendall(cmd("SCRIPT", "LOAD", script)); sha = s.recv(100).decode().split("\r\n")[1]
nxt = time.time()
while True:
    s.sendall(cmd("EVALSHA", sha, "0", str(stall_us))); s.recv(100)
    nxt += 1.0 / calls
    d = nxt - time.time()
    if d > 0: time.sleep(d)
PY

workload() {
  taskset -c 1 redis-benchmark -p "$PORT" -r 10000 -c "$CLIENTS" -n "$N" -t set,get --csv 2>/dev/null | tr -d '\r' \
    | grep -E '^"(SET|GET)"' >"$1"
}
N=50000
workload "$WORK/calibrate.csv"
RPS=$(awk -F'"' '{ s += $4; n++ } END { printf "%d", s / n }' "$WORK/calibrate.csv")
N=$(( RPS * SECONDS_PER_RUN / 2 ))
median() { awk -F'"' -v t="$1" -v c="$2" '$2 == t { print $(2 * c) }' "${@:3}" | sort -n \
  | awk '{ a[NR] = $1 } END { printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "redis-benchmark -c $CLIENTS -r 10000 -t set,get -n $N, $ROUNDS rounds of baseline and stalls alternated"
echo
echo "| stall | per second | Redis held | SET p99 base / with | GET p99 base / with | SET max base / with |"
echo "|---|---|---|---|---|---|"
for setting in "${SETTINGS[@]}"; do
  us=${setting%%:*} rate=${setting##*:}
  for ((r = 1; r <= ROUNDS; r++)); do
    workload "$WORK/base-$us-$rate-$r.csv"
    taskset -c 0 python3 "$WORK/stall.py" "$PORT" "$us" "$rate" &
    SPID=$!
    sleep 1
    workload "$WORK/with-$us-$rate-$r.csv"
    kill $SPID; wait $SPID 2>/dev/null || true
  done
  b=("$WORK"/base-$us-$rate-*.csv) w=("$WORK"/with-$us-$rate-*.csv)
  sb=$(median SET 7 "${b[@]}") sw=$(median SET 7 "${w[@]}") gb=$(median GET 7 "${b[@]}") gw=$(median GET 7 "${w[@]}")
  mb=$(median SET 8 "${b[@]}") mw=$(median SET 8 "${w[@]}")
  awk -v us="$us" -v r="$rate" -v sb="$sb" -v sw="$sw" -v gb="$gb" -v gw="$gw" -v mb="$mb" -v mw="$mw" 'BEGIN {
    printf "| %d us | %s | %.2f%% | %.3f / %.3f ms (%+.0f%%) | %.3f / %.3f ms (%+.0f%%) | %.1f / %.1f ms |\n",
      us, r, us * r / 1e4, sb, sw, (sw / sb - 1) * 100, gb, gw, (gw / gb - 1) * 100, mb, mw }'
done
