#!/usr/bin/env bash
# Builds the exporter, then the JMH benchmarks against it, then runs them.
#
#   bench/jmh/run.sh                                  # every benchmark, -f 1 -wi 3 -i 5 -w 1s -r 1s
#   bench/jmh/run.sh PassAggregator KeyPath           # only these (regexes), same defaults
#   bench/jmh/run.sh -f 1 -wi 3 -i 5 PassAggregator -prof gc   # any JMH option: then the defaults are not added
#   bench/jmh/run.sh -l                               # list the benchmarks
#
# Step 1 installs io.github.redismem:redis-memory-exporter:0.1.0-SNAPSHOT (the shaded jar, and its "tests" jar,
# which holds the test Fixtures and the recorded replies under samples/ that the benchmarks read) into ~/.m2 with
# `./mvnw -q -B install -DskipTests` (tests compiled, not run), on a copy of the work tree (uncommitted edits
# included) under bench/jmh/target/main-build, so that it never rebuilds ./target under a build or test run going
# on there.
# Set BENCH_SKIP_MAIN_BUILD=1 to reuse the installed artifact (e.g. while the main sources do not compile).
# Step 2 builds bench/jmh/target/benchmarks.jar; step 3 runs it: java -jar bench/jmh/target/benchmarks.jar ...
# JMH's own options apply, e.g. -rf json -rff results.json, -jvmArgs, -p sample=redis-8.2; -h lists them.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ "${BENCH_SKIP_MAIN_BUILD:-0}" != 1 ]; then
  echo "[run.sh] building and installing the exporter (copy of $root) ..." >&2
  copy="$here/target/main-build"
  rm -rf "$copy"
  mkdir -p "$copy"
  # everything but build output, git data and this benchmark project; src/test is needed for the tests jar
  (cd "$root" && tar -cf - --exclude=./target --exclude=./.git --exclude=./bench .) \
    | (cd "$copy" && tar -xf -)
  (cd "$copy" && ./mvnw -q -B install -DskipTests)
fi

echo "[run.sh] building bench/jmh/target/benchmarks.jar ..." >&2
(cd "$here" && ../../mvnw -q -B package)

# No options at all (nothing, or only benchmark name regexes): the short default run.
has_option=0
for arg in "$@"; do
  case "$arg" in -*) has_option=1 ;; esac
done
if [ "$has_option" = 0 ]; then
  set -- -f 1 -wi 3 -i 5 -w 1s -r 1s "$@"
fi
echo "[run.sh] java -jar bench/jmh/target/benchmarks.jar $*" >&2
exec java -jar "$here/target/benchmarks.jar" "$@"
