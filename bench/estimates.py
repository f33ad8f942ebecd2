#!/usr/bin/env python3
"""Early estimates on a big keyspace (issue 16, part 2): how soon the first estimate appears at the default
throttle, and how close the estimate at 5% of a pass is to the completed pass.

Loads bench/dataset.py's mixed dataset (--keys, default 10,000,000) into a fresh loopback redis-server, then:
  1. starts the exporter at its defaults and times, from the JVM's launch, the first /report.json that carries an
     estimate (and the keys it stands on), watching for --watch seconds;
  2. starts the exporter at full speed (sampling.maxRedisTimeRatio=1: the estimate's accuracy depends on SCAN's
     order, not on the pace) and keeps the first estimate made at 5% of the pass or later, then the completed
     pass, and compares every category (data type and encoding, prefix, TTL bucket, finding) that holds at least
     1% of the completed pass's memory: the estimate's error, and whether the completed figure is inside its 99%
     bounds.
With --sample-ratio R both exporters make sampled passes, and --at P (default 0.05) sets the share of the walk
the estimate compared is made at: a pass at 0.1 has inspected at 0.5 as many keys as an exact one at 0.05.
Prints a Markdown report on stdout. Usage: bench/estimates.py [--keys N] [--jar FILE] [--watch S]
[--sample-ratio R] [--at P]
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


def launcher_jvm_options():
    with open(os.path.join(ROOT, "src/main/dist/bin/redis-memory-exporter")) as f:
        for line in f:
            if line.startswith("DEFAULT_JVM_OPTIONS="):
                return line.split("=", 1)[1].strip().strip('"').split()
    return []


class Exporter:
    def __init__(self, jar, redis_port, work, name, *flags):
        self.port = free_port()
        self.log = open(os.path.join(work, "exporter-%s.log" % name), "w")
        env = dict(os.environ, MALLOC_ARENA_MAX="2")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            ["java", *launcher_jvm_options(), "-jar", jar, "--redis.addr=redis://127.0.0.1:%d" % redis_port,
             "--web.listen-address=127.0.0.1:%d" % self.port, "--sampling.interval=1h", *flags],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)

    def report(self):
        try:
            return json.loads(get("http://127.0.0.1:%d/report.json" % self.port))
        except Exception:
            return None

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def start_redis(work):
    """A loopback redis-server on a free port, without persistence, once it accepts connections: (process, port)."""
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", work], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return redis, port


def load(port, keys, seed):
    """bench/dataset.py's mix written into the Redis on this port."""
    gen = subprocess.Popen([sys.executable, os.path.join(ROOT, "bench/dataset.py"), "--keys", str(keys),
                            "--seed", str(seed)], stdout=subprocess.PIPE)
    subprocess.run(["redis-cli", "-p", str(port), "--pipe"], stdin=gen.stdout, stdout=subprocess.DEVNULL, check=True)
    gen.wait()


def categories(analysis):
    """name -> (bytes, low, high) for every category of the analysis."""
    out = {}
    for e in analysis.get("encodings", []):
        out["encoding %s/%s" % (e["data_type"], e["encoding"])] = e
    for p in analysis.get("prefixes", []):
        out["prefix %s" % p["prefix"]] = p
    for t in analysis.get("ttls", []):
        out["ttl %s" % t["bucket"]] = t
    for f in analysis.get("findings", []):
        out["finding %s" % f["finding"]] = f
    return {k: (v["bytes"], v.get("bytes_low", v["bytes"]), v.get("bytes_high", v["bytes"])) for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target/redis-memory-exporter.jar"))
    ap.add_argument("--watch", type=int, default=60, help="seconds to watch the default-throttle exporter")
    ap.add_argument("--sample-ratio", type=float, default=1.0,
                    help="sampling.sampleRatio of both exporters (below 1: a sampled pass and its early estimates)")
    ap.add_argument("--at", type=float, default=0.05,
                    help="the share of the walk the estimate compared is made at (0.05; a sampled pass at 0.1 has "
                         "inspected as many keys at 0.5)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="estimates-")
    redis, rport = start_redis(work)
    exporters = []
    try:
        t0 = time.monotonic()
        load(rport, args.keys, args.seed)
        dbsize = int(subprocess.check_output(["redis-cli", "-p", str(rport), "DBSIZE"]).strip())
        used = subprocess.check_output(["redis-cli", "-p", str(rport), "INFO", "memory"]).decode()
        used = next(int(l.split(":")[1]) for l in used.splitlines() if l.startswith("used_memory:"))
        load_s = time.monotonic() - t0
        print("# Early estimates on %s keys" % format(dbsize, ","))
        print()
        print("`bench/estimates.py --keys %d --seed %d`, %s UTC: `bench/dataset.py`'s mix loaded in %.0f s, Redis "
              "`used_memory` %.0f MiB, redis-server %s on loopback, jar %s." % (
                  args.keys, args.seed, time.strftime("%Y-%m-%d %H:%M", time.gmtime()), load_s, used / 2**20,
                  subprocess.check_output(["redis-server", "--version"]).decode().split()[2][2:],
                  os.path.basename(args.jar)))
        print()

        # 1. the default throttle: how soon an estimate appears
        sampled = ["--sampling.sampleRatio=%g" % args.sample_ratio] if args.sample_ratio < 1 else []
        e = Exporter(args.jar, rport, work, "default", *sampled)
        exporters.append(e)
        first = None
        last = None
        while time.monotonic() - e.started < max(args.watch, 5):
            r = e.report()
            if r and r.get("estimate"):
                if first is None:
                    first = (time.monotonic() - e.started, r["estimate"])
                last = (time.monotonic() - e.started, r["estimate"])
            time.sleep(0.5)
        e.stop()
        print("## 1. At the default throttle")
        print()
        if first is None:
            print("No estimate within %d s of the JVM's launch." % args.watch)
        else:
            fa = first[1]["analysis"]
            la = last[1]["analysis"]
            print("First estimate on `/report.json` %.1f s after the JVM's launch, standing on %s keys inspected "
                  "(%.4f%% of the keyspace); after %.0f s the estimate stood on %s keys (%.4f%%)." % (
                      first[0], format(fa["keys_inspected"], ","), 100 * first[1]["progress"], last[0],
                      format(la["keys_inspected"], ","), 100 * last[1]["progress"]))
            tot = sum(c["bytes"] for c in la.get("encodings", []))
            print()
            print("| category, estimate after %.0f s | estimate | 99%% bounds |" % last[0])
            print("|---|---|---|")
            for name, (b, lo, hi) in sorted(categories(la).items(), key=lambda kv: -kv[1][0]):
                if name.startswith("encoding") and b >= 0.01 * tot:
                    print("| %s | %.1f MiB | %.1f-%.1f MiB |" % (name, b / 2**20, lo / 2**20, hi / 2**20))
        print()

        # 2. accuracy at 5%: full speed, the estimate at 5% against the completed pass
        e = Exporter(args.jar, rport, work, "full", "--sampling.maxRedisTimeRatio=1", *sampled)
        exporters.append(e)
        at5 = None
        complete = None
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:
            r = e.report()
            if r:
                est = r.get("estimate")
                if at5 is None and est and est["progress"] >= args.at:
                    at5 = est
                if r.get("analysis") and r["analysis"].get("keys_inspected", 0) > 0:
                    complete = r["analysis"]
                    break
            time.sleep(0.2)
        pass_s = time.monotonic() - e.started
        e.stop()
        at = "%g%%" % (100 * args.at)
        print("## 2. The estimate at %s of a pass against the completed pass%s" % (
            at, ", sampled at %g" % args.sample_ratio if args.sample_ratio < 1 else ""))
        print()
        if at5 is None or complete is None:
            print("No estimate at %s or no completed pass within the hour (estimate: %s, pass: %s)." % (
                at, at5 is not None, complete is not None))
            return 1
        est = categories(at5["analysis"])
        exact = categories(complete)
        total = sum(c["bytes"] for c in complete.get("encodings", []))
        print("Full speed (`--sampling.maxRedisTimeRatio=1`; the estimate's accuracy depends on SCAN's order, not on "
              "the pace). The estimate kept is the first made at " + at + " or later: at %.2f%% of the pass, on %s keys "
              "inspected; the pass completed %.0f s after the JVM's launch with %s keys." % (
                  100 * at5["progress"], format(at5["analysis"]["keys_inspected"], ","), pass_s,
                  format(complete["keys_inspected"], ",")))
        print()
        print("| category (>= 1%% of memory) | share of memory | completed | estimate at %s | error | inside 99%% bounds |"
              % at)
        print("|---|---|---|---|---|---|")
        within10 = inside = n = 0
        worst = 0.0
        for name, (b, _, _) in sorted(exact.items(), key=lambda kv: -kv[1][0]):
            if b < 0.01 * total:
                continue
            n += 1
            if name not in est:
                print("| %s | %.1f%% | %.1f MiB | missing | | no |" % (name, 100 * b / total, b / 2**20))
                continue
            v, lo, hi = est[name]
            err = (v - b) / b
            worst = max(worst, abs(err))
            ok = lo <= b <= hi
            within10 += abs(err) <= 0.10
            inside += ok
            print("| %s | %.1f%% | %.1f MiB | %.1f MiB | %+.2f%% | %s |" % (
                name, 100 * b / total, b / 2**20, v / 2**20, 100 * err, "yes" if ok else "**no**"))
        print()
        print("%d categories of >= 1%% of memory: %d within 10%% of the completed figure (largest error %.2f%%), "
              "%d inside their 99%% bounds." % (n, within10, 100 * worst, inside))
        return 0 if within10 == n else 1
    finally:
        for e in exporters:
            if e.proc.poll() is None:
                e.stop()
        redis.terminate()
        redis.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
