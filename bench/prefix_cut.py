#!/usr/bin/env python3
"""The prefixes' `other` row of early estimates (issue 16, part 2), replayed: how far it is from the completed
pass's, and why.

For each --seeds value, loads bench/dataset.py's mix (--keys) into a fresh loopback redis-server and runs the
exporter at full speed with sampling.maxPrefixes=100, so that every prefix is estimated on its own; keeps the
first estimate at or past each of --at's shares of the pass, and the completed pass. Then replays the cut at
--cut prefixes (the default sampling.maxPrefixes) on both and prints, per share:
  - `other`'s error against the completed pass's `other`;
  - the same prefixes' completed figures against the completed `other` (the part of the error that comes from
    which prefixes fall beyond the cut, not from their estimates);
  - how often prefixes of 1-3% of memory are inside their 99% ranges.
Prints Markdown on stdout. Usage: bench/prefix_cut.py [--keys N] [--seeds 1,2] [--jar FILE] [--at 0.05,0.3]
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import estimates  # noqa: E402  (start_redis, load, Exporter)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(keys, seed, jar, shares):
    """{share: estimate analysis} and the completed analysis of one dataset."""
    work = tempfile.mkdtemp(prefix="prefix-cut-")
    redis, rport = estimates.start_redis(work)
    exporter = None
    try:
        estimates.load(rport, keys, seed)
        exporter = estimates.Exporter(jar, rport, work, "full", "--sampling.maxRedisTimeRatio=1",
                                      "--sampling.maxPrefixes=100")
        snaps = {}
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:
            r = exporter.report()
            if r:
                est = r.get("estimate")
                for share in shares:
                    if est and share not in snaps and est["progress"] >= share:
                        snaps[share] = est["analysis"]
                if r.get("analysis") and r["analysis"].get("keys_inspected", 0) > 0:
                    return snaps, r["analysis"]
            time.sleep(0.1)
        raise SystemExit("no completed pass within the hour")
    finally:
        if exporter:
            exporter.stop()
        redis.terminate()
        redis.wait()
        shutil.rmtree(work, ignore_errors=True)


def beyond(rows, cut):
    """The prefixes ranked past the cut, by bytes (equal bytes by name), as the exporter ranks them."""
    ranked = sorted((p for p in rows if p["prefix"] != "other"), key=lambda p: (-p["bytes"], p["prefix"]))
    return ranked[cut:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=1_000_000)
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target/redis-memory-exporter.jar"))
    ap.add_argument("--at", default="0.02,0.05,0.1,0.2,0.3,0.5")
    ap.add_argument("--cut", type=int, default=50)
    args = ap.parse_args()
    shares = [float(x) for x in args.at.split(",")]
    print("# The prefixes' `other` row, replayed at a cut of %d" % args.cut)
    print()
    print("`bench/prefix_cut.py --keys %d --seeds %s`, %s UTC, jar %s." % (
        args.keys, args.seeds, time.strftime("%Y-%m-%d %H:%M", time.gmtime()), os.path.basename(args.jar)))
    print()
    print("| seed | share of the pass | `other`: estimate vs completed | its prefixes' completed figures vs completed "
          "`other` | prefixes of 1-3% of memory inside their 99% range |")
    print("|---|---|---|---|---|")
    for seed in args.seeds.split(","):
        snaps, complete = run(args.keys, int(seed), args.jar, shares)
        exact = {p["prefix"]: p["bytes"] for p in complete["prefixes"]}
        total = sum(exact.values())
        target = sum(p["bytes"] for p in beyond(complete["prefixes"], args.cut))
        for share in shares:
            rows = snaps[share]["prefixes"]
            out = beyond(rows, args.cut)
            estimate = sum(p["bytes"] for p in out)
            theirs = sum(exact.get(p["prefix"], 0) for p in out)
            mid = [p for p in rows if p["prefix"] in exact and 0.01 <= exact[p["prefix"]] / total < 0.03]
            inside = sum(1 for p in mid if p.get("bytes_low", p["bytes"]) <= exact[p["prefix"]]
                         <= p.get("bytes_high", p["bytes"]))
            print("| %s | %g%% | %+.1f%% | %+.1f%% | %d of %d |" % (
                seed, 100 * share, 100 * (estimate / target - 1), 100 * (theirs / target - 1), inside, len(mid)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
