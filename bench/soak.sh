#!/usr/bin/env bash
# Soak: 100 concurrent scrapers (wrk) against /metrics for MINUTES while the exporter samples a 1M-key mixed
# keyspace (bench/dataset.py) under a continuous redis-benchmark write load. Every minute it records the
# exporter's heap after a full GC, RSS, threads and open files; at the end, wrk's request count, errors
# (non-2xx and socket errors) and latency percentiles. The figures are flat when the last minute's heap, threads
# and files are those of the first (a leak grows them with every scrape and pass). Prints a markdown table.
# Usage: bench/soak.sh [--minutes M] [--keys K] [--scrapers C]   (needs ./mvnw package first; default 60 minutes)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MINUTES=60
KEYS=1000000
SCRAPERS=100
while [[ $# -gt 0 ]]; do
  case $1 in
    --minutes) MINUTES=$2; shift 2 ;;
    --keys) KEYS=$2; shift 2 ;;
    --scrapers) SCRAPERS=$2; shift 2 ;;
    *) echo "usage: bench/soak.sh [--minutes M] [--keys K] [--scrapers C]" >&2; exit 2 ;;
  esac
done
JAR="$ROOT/target/redis-memory-exporter.jar"
[[ -f $JAR ]] || { echo "soak.sh: build first (./mvnw -q package -DskipTests)" >&2; exit 2; }
for tool in redis-server redis-cli redis-benchmark wrk curl java jcmd python3; do
  command -v "$tool" >/dev/null || { echo "soak.sh: $tool not found (apt-get install redis-tools wrk)" >&2; exit 2; }
done
JVM_OPTIONS=$(sed -n 's/^DEFAULT_JVM_OPTIONS="\(.*\)"$/\1/p' "$ROOT/src/main/dist/bin/redis-memory-exporter")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

RPORT=$(free_port)
redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
PIDS+=($!)
until redis-cli -p "$RPORT" ping >/dev/null 2>&1; do sleep 0.05; done
python3 "$ROOT/bench/dataset.py" --keys "$KEYS" --seed 42 2>/dev/null | redis-cli -p "$RPORT" --pipe >/dev/null
log "$(redis-cli -p "$RPORT" dbsize) keys loaded"

EPORT=$(free_port)
# shellcheck disable=SC2086
MALLOC_ARENA_MAX=2 java $JVM_OPTIONS -jar "$JAR" --redis.addr="redis://127.0.0.1:$RPORT" \
  --web.listen-address="127.0.0.1:$EPORT" --sampling.interval=10s >"$WORK/exporter.log" 2>&1 &
EPID=$!
PIDS+=("$EPID")
until curl -s -o /dev/null "http://127.0.0.1:$EPORT/-/ready"; do sleep 0.2; done

# writes all along: 20% of Redis's commands are a benchmark's SETs and LPUSHes on keys of their own
redis-benchmark -p "$RPORT" -c 4 -n 2000000000 -r 100000 -t set,lpush -d 64 -q -l >/dev/null 2>&1 &
PIDS+=($!)

sample() { # minute, heap after GC (MiB), RSS (MiB), threads, fds, passes
  jcmd "$EPID" GC.run >/dev/null
  local heap rss threads fds passes
  # every generation's "total ..., used ..." line (Serial and Parallel have two, G1 one); Metaspace has no total
  heap=$(jcmd "$EPID" GC.heap_info | awk '/used/ && /total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); sum += v } } END { printf "%.1f", sum / 1024 }')
  rss=$(awk '$1 == "VmRSS:" { printf "%.1f", $2 / 1024 }' "/proc/$EPID/status")
  threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$EPID/status")
  fds=$(ls "/proc/$EPID/fd" | wc -l)
  # bounded: a sample must not wait out the scrapers' load (it is one more scraper)
  passes=$(curl -s -m 30 "http://127.0.0.1:$EPORT/metrics" | awk '$1 == "redismem_scan_passes_total" { print $2 + 0 }')
  echo "| $1 | $heap | $rss | $threads | $fds | $passes |"
}

wrk -t 2 -c "$SCRAPERS" -d "${MINUTES}m" --timeout 10s --latency "http://127.0.0.1:$EPORT/metrics" >"$WORK/wrk.txt" 2>&1 &
WRK=$!
PIDS+=("$WRK")
{
  echo "| minute | heap after GC (MiB) | RSS (MiB) | threads | open files | passes completed |"
  echo "|---|---|---|---|---|---|"
  sample 0
  for m in $(seq 1 "$MINUTES"); do
    sleep 60
    sample "$m"
    log "minute $m"
  done
} >"$WORK/minutes.md"
wait "$WRK" || true

cat "$WORK/minutes.md"
echo
requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/wrk.txt")
socket=$(awk '/Socket errors/ { print }' "$WORK/wrk.txt")
p50=$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")
max=$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$WORK/wrk.txt")
echo "| $SCRAPERS scrapers, $MINUTES min, $KEYS keys + writes | value |"
echo "|---|---|"
echo "| scrapes answered | $requests |"
echo "| non-2xx / socket errors | ${non2xx:-0} / ${socket:-none} |"
echo "| latency p50 / p99 / max | $p50 / $p99 / $max |"
echo "| redis-benchmark writes during the soak | $(redis-cli -p "$RPORT" info commandstats | awk -F'[:=,]' '/^cmdstat_(set|lpush):/ { n += $3 } END { print n + 0 }') |"
