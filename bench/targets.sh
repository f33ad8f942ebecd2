#!/usr/bin/env bash
# One exporter, many targets: the exporter's memory per additional target and the latency of /scrape while
# every target is scraped at once. Starts N+1 loopback redis-servers (redis.addr and N listed targets, each with
# its own sampler), runs the built jar with the launcher's JVM settings, and prints a markdown table.
# Usage: bench/targets.sh [--targets N] [--keys K] [--rounds R]   (needs ./mvnw package first)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=50
KEYS=2000
ROUNDS=20
while [[ $# -gt 0 ]]; do
  case $1 in
    --targets) N=$2; shift 2 ;;
    --keys) KEYS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    *) echo "usage: bench/targets.sh [--targets N] [--keys K] [--rounds R]" >&2; exit 2 ;;
  esac
done
JAR="$ROOT/target/redis-memory-exporter.jar"
[[ -f $JAR ]] || { echo "targets.sh: build first (./mvnw -q package -DskipTests)" >&2; exit 2; }
for tool in redis-server redis-cli curl java jcmd python3; do  # prometheus-redis-exporter: optional, the peer
  command -v "$tool" >/dev/null || { echo "targets.sh: $tool not found" >&2; exit 2; }
done
JVM_OPTIONS=$(sed -n 's/^DEFAULT_JVM_OPTIONS="\(.*\)"$/\1/p' "$ROOT/src/main/dist/bin/redis-memory-exporter")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/targets-bench.XXXXXX")
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
rss_mib() { awk '$1 == "VmRSS:" { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

PORTS=()
for i in $(seq 0 "$N"); do
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --logfile "$WORK/r$i.log" &
  PIDS+=($!)
  PORTS+=("$port")
done
for port in "${PORTS[@]}"; do
  until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done
  redis-cli -p "$port" eval "for i=1,$KEYS do redis.call('set','key:'..i,string.rep('v',i%200)) end" 0 >/dev/null
done
log "$((N + 1)) redis-servers with $KEYS keys each"

run_exporter() { # $1 = number of listed targets; sets EPID, EPORT
  local targets=$1 config="$WORK/config-$1.yml"
  EPORT=$(free_port)
  {
    echo "redis: {addr: redis://127.0.0.1:${PORTS[0]}}"
    echo "web: {listenAddress: \"127.0.0.1:$EPORT\"}"
    echo "sampling: {onPrimary: true, interval: 1h}"
    [[ $targets -gt 0 ]] && echo "targets:"
    for i in $(seq 1 "$targets"); do echo "  - redis://127.0.0.1:${PORTS[$i]}"; done
  } >"$config"
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 java $JVM_OPTIONS -jar "$JAR" --config.file="$config" >"$WORK/exporter-$1.log" 2>&1 &
  EPID=$!
  PIDS+=("$EPID")
  until curl -s -o /dev/null "http://127.0.0.1:$EPORT/-/healthy"; do sleep 0.1; done
}

passes_done() { # every listed target (and redis.addr) has a finished pass
  local targets=$1 i
  curl -s "http://127.0.0.1:$EPORT/metrics" | grep -q '^redismem_scan_passes_total [1-9]' || return 1
  for i in $(seq 1 "$targets"); do
    curl -s "http://127.0.0.1:$EPORT/scrape?target=redis://127.0.0.1:${PORTS[$i]}" \
      | grep -q '^redismem_scan_passes_total [1-9]' || return 1
  done
}

measure() { # $1 = targets; sets RSS and GC_RSS (in this shell: EPID must stay known)
  run_exporter "$1"
  until passes_done "$1"; do sleep 0.5; done
  for i in $(seq 1 3); do curl -s -o /dev/null "http://127.0.0.1:$EPORT/metrics"; done
  RSS=$(rss_mib "$EPID")
  jcmd "$EPID" GC.run >/dev/null; sleep 1
  GC_RSS=$(rss_mib "$EPID")
}

measure 0
rss0=$RSS gc0=$GC_RSS
kill "$EPID"; wait "$EPID" 2>/dev/null || true
log "redis.addr only: RSS $rss0 MiB ($gc0 after GC)"
measure "$N"
rssn=$RSS gcn=$GC_RSS
log "$N targets: RSS $rssn MiB ($gcn after GC)"

burst() { # $1 = an exporter's port: every target scraped at once, ROUNDS times; prints p50 p99 max in ms
  : >"$WORK/times"
  for r in $(seq 1 "$ROUNDS"); do
    CURLS=()
    for i in $(seq 1 "$N"); do
      curl -s -o /dev/null -w '%{time_total}\n' \
        "http://127.0.0.1:$1/scrape?target=redis://127.0.0.1:${PORTS[$i]}" >>"$WORK/times" &
      CURLS+=($!)
    done
    wait "${CURLS[@]}"
  done
  sort -n "$WORK/times" | awk '{ t[NR] = $1 } END {
    printf "%.1f %.1f %.1f\n", t[int(NR * 0.5)] * 1000, t[int(NR * 0.99)] * 1000, t[NR] * 1000 }'
}

read -r p50 p99 max < <(burst "$EPORT")
threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$EPID/status")
fds=$(ls "/proc/$EPID/fd" | wc -l)

kill "$EPID"; wait "$EPID" 2>/dev/null || true
# the peer on the same targets: redis_exporter (Debian's prometheus-redis-exporter) in its multi-target mode, which
# connects to the target at each /scrape and keeps nothing between scrapes (and samples no keys)
PEER=""
if command -v prometheus-redis-exporter >/dev/null; then
  PPORT=$(free_port)
  prometheus-redis-exporter -web.listen-address "127.0.0.1:$PPORT" -redis.addr "" >"$WORK/peer.log" 2>&1 &
  PPID_=$!
  PIDS+=("$PPID_")
  until curl -s -o /dev/null "http://127.0.0.1:$PPORT/metrics"; do sleep 0.1; done
  for i in $(seq 1 "$N"); do
    curl -s -o /dev/null "http://127.0.0.1:$PPORT/scrape?target=redis://127.0.0.1:${PORTS[$i]}"
  done
  read -r q50 q99 qmax < <(burst "$PPORT")
  PEER="redis_exporter $(prometheus-redis-exporter -version 2>&1 | grep -o 'Exporter [^ ]*' | head -1 | cut -d' ' -f2)|$(rss_mib "$PPID_")|$q50 / $q99 / $qmax"
  PEER_THREADS=$(awk '$1 == "Threads:" { print $2 }' "/proc/$PPID_/status")
fi

echo "| measure | value |"
echo "|---|---|"
echo "| exporter RSS, redis.addr only, after its pass (after GC) | $rss0 MiB ($gc0 MiB) |"
echo "| exporter RSS, redis.addr + $N targets, after every pass (after GC) | $rssn MiB ($gcn MiB) |"
echo "| per additional target (after GC) | $(awk -v a="$gcn" -v b="$gc0" -v n="$N" 'BEGIN { printf "%.2f", (a - b) / n }') MiB |"
echo "| /scrape latency, all $N targets at once x $ROUNDS rounds: p50 / p99 / max | $p50 / $p99 / $max ms |"
echo "| threads / open files with $N targets | $threads / $fds |"
if [[ -n $PEER ]]; then
  IFS='|' read -r pv prss plat <<<"$PEER"
  echo "| peer: $pv, /scrape of the same $N targets at once x $ROUNDS rounds: p50 / p99 / max | $plat ms |"
  echo "| peer: RSS after the rounds / threads (it holds no target between scrapes and samples no keys) | $prss MiB / $PEER_THREADS |"
fi
