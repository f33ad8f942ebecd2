#!/usr/bin/env bash
# One exporter per Redis Cluster against one sidecar exporter per node: what each costs the exporter (RSS after
# GC, threads) and Redis (commands each node served while the exporter was scraped and sampled), and what a scrape
# of the cluster's /metrics (every node read, the shards' passes merged) and of one node's /scrape takes.
# Starts a 3-primary / 3-replica cluster on loopback (redis-cli --cluster create), writes KEYS keys with
# redis-benchmark --cluster, runs the built jar (sampling at analyze's pace, 25% of each node's time, so that it ends) with the launcher's JVM settings, prints a markdown table.
# Usage: bench/cluster.sh [--keys K] [--rounds R]   (needs ./mvnw package first)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KEYS=200000
ROUNDS=50
while [[ $# -gt 0 ]]; do
  case $1 in
    --keys) KEYS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    *) echo "usage: bench/cluster.sh [--keys K] [--rounds R]" >&2; exit 2 ;;
  esac
done
JAR="$ROOT/target/redis-memory-exporter.jar"
[[ -f $JAR ]] || { echo "cluster.sh: build first (./mvnw -q package -DskipTests)" >&2; exit 2; }
for tool in redis-server redis-cli redis-benchmark curl java jcmd python3; do
  command -v "$tool" >/dev/null || { echo "cluster.sh: $tool not found" >&2; exit 2; }
done
JVM_OPTIONS=$(sed -n 's/^DEFAULT_JVM_OPTIONS="\(.*\)"$/\1/p' "$ROOT/src/main/dist/bin/redis-memory-exporter")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cluster-bench.XXXXXX")
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
rss_mib() { awk '$1 == "VmRSS:" { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
commands() { # total commands a node has served since its last CONFIG RESETSTAT
  redis-cli -p "$1" info commandstats | awk -F'[:=,]' '/^cmdstat_/ { n += $3 } END { print n + 0 }'
}

PORTS=()
for i in 0 1 2 3 4 5; do
  port=$(free_port)
  mkdir -p "$WORK/n$i"
  redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$WORK/n$i/nodes.conf" \
    --save "" --appendonly no --dir "$WORK/n$i" --logfile "$WORK/n$i/redis.log" &
  PIDS+=($!)
  PORTS+=("$port")
done
for port in "${PORTS[@]}"; do until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.05; done; done
redis-cli --cluster create $(for p in "${PORTS[@]}"; do printf '127.0.0.1:%s ' "$p"; done) --cluster-replicas 1 \
  --cluster-yes >"$WORK/create.log"
until redis-cli -p "${PORTS[0]}" cluster info | grep -q 'cluster_state:ok'; do sleep 0.2; done
redis-benchmark -p "${PORTS[0]}" --cluster -t set -n "$KEYS" -r "$KEYS" -d 100 -q >/dev/null 2>&1
sleep 2 # the replicas catch up
total=0
for port in "${PORTS[@]}"; do
  if redis-cli -p "$port" info replication | grep -q 'role:master'; then
    total=$((total + $(redis-cli -p "$port" dbsize)))
  fi
done
log "cluster of 6 nodes, $total keys"

start_exporter() { # $1 = config file; sets EPID, EPORT (the config must listen on $EPORT)
  # shellcheck disable=SC2086
  MALLOC_ARENA_MAX=2 java $JVM_OPTIONS -jar "$JAR" --config.file="$1" >"$1.log" 2>&1 &
  EPID=$!
  PIDS+=("$EPID")
  until curl -s -o /dev/null "http://127.0.0.1:$EPORT/-/ready"; do sleep 0.1; done
}
reset_stats() { for port in "${PORTS[@]}"; do redis-cli -p "$port" config resetstat >/dev/null; done; }
latency() { # $1 = URL; prints p50 p99 of ROUNDS sequential requests in ms
  : >"$WORK/times"
  for r in $(seq 1 "$ROUNDS"); do curl -s -o /dev/null -w '%{time_total}\n' "$1" >>"$WORK/times"; done
  sort -n "$WORK/times" | awk '{ t[NR] = $1 } END { printf "%.1f %.1f\n", t[int(NR * 0.5)] * 1000, t[int(NR * 0.99)] * 1000 }'
}

# one exporter, the cluster discovered from one seed
reset_stats
EPORT=$(free_port)
cat >"$WORK/cluster.yml" <<YAML
redis: {addr: redis://127.0.0.1:${PORTS[0]}, cluster: true}
web: {listenAddress: "127.0.0.1:$EPORT"}
sampling: {interval: 1h, maxRedisTimeRatio: 0.25}
YAML
start_exporter "$WORK/cluster.yml"
t0=$(date +%s.%N)
until curl -s "http://127.0.0.1:$EPORT/metrics" | grep -q '^redismem_cluster_shards_covered 3'; do sleep 0.5; done
t1=$(date +%s.%N)
read -r m50 m99 < <(latency "http://127.0.0.1:$EPORT/metrics")
read -r s50 s99 < <(latency "http://127.0.0.1:$EPORT/scrape?target=redis://127.0.0.1:${PORTS[3]}")
jcmd "$EPID" GC.run >/dev/null; sleep 1
c_rss=$(rss_mib "$EPID")
c_threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$EPID/status")
c_cmds=0; c_primary=0
for port in "${PORTS[@]}"; do
  n=$(commands "$port"); c_cmds=$((c_cmds + n))
  if redis-cli -p "$port" info replication | grep -q 'role:master'; then c_primary=$((c_primary + n)); fi
done
kill "$EPID"; wait "$EPID" 2>/dev/null || true
log "cluster exporter: all shards covered after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

# a sidecar per node: six exporters, each its own node, sampling only where it is a replica (onPrimary false)
reset_stats
s_rss=0; s_threads=0; SIDECARS=()
for i in 0 1 2 3 4 5; do
  EPORT=$(free_port)
  cat >"$WORK/sidecar$i.yml" <<YAML
redis: {addr: redis://127.0.0.1:${PORTS[$i]}}
web: {listenAddress: "127.0.0.1:$EPORT"}
sampling: {interval: 1h, onPrimary: false, readFrom: any, maxRedisTimeRatio: 0.25}
YAML
  start_exporter "$WORK/sidecar$i.yml"
  SIDECARS+=("$EPID:$EPORT")
done
for s in "${SIDECARS[@]}"; do
  port=${s#*:}
  until curl -s "http://127.0.0.1:$port/metrics" | grep -Eq '^redismem_scan_passes_total [1-9]|^redismem_scan_state\{state="skipped_primary"\} 1'; do
    sleep 0.5
  done
done
read -r d50 d99 < <(latency "http://127.0.0.1:${SIDECARS[0]#*:}/metrics")
for s in "${SIDECARS[@]}"; do
  pid=${s%%:*}
  jcmd "$pid" GC.run >/dev/null
done
sleep 1
for s in "${SIDECARS[@]}"; do
  pid=${s%%:*}
  s_rss=$(awk -v a="$s_rss" -v b="$(rss_mib "$pid")" 'BEGIN { printf "%.1f", a + b }')
  s_threads=$((s_threads + $(awk '$1 == "Threads:" { print $2 }' "/proc/$pid/status")))
done
s_cmds=0; s_primary=0
for port in "${PORTS[@]}"; do
  n=$(commands "$port"); s_cmds=$((s_cmds + n))
  if redis-cli -p "$port" info replication | grep -q 'role:master'; then s_primary=$((s_primary + n)); fi
done

echo "| 3 primaries / 3 replicas, $total keys | one exporter, redis.cluster | a sidecar per node (6 exporters) |"
echo "|---|---|---|"
echo "| exporter RSS after GC | $c_rss MiB | $s_rss MiB (sum) |"
echo "| exporter threads | $c_threads | $s_threads (sum) |"
echo "| commands served by the 6 nodes (of which the primaries) over one pass per shard and the scrapes | $c_cmds ($c_primary) | $s_cmds ($s_primary) |"
echo "| /metrics p50 / p99 ($ROUNDS sequential) | $m50 / $m99 ms (every node read, passes merged) | $d50 / $d99 ms (one node) |"
echo "| /scrape of one node p50 / p99 | $s50 / $s99 ms | - |"
