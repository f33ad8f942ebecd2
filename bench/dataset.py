#!/usr/bin/env python3
"""Reproducible mixed Redis keyspace for bench/run.sh, written as RESP for `redis-cli --pipe`.

    python3 bench/dataset.py --keys 1000000 --seed 42 | redis-cli -p 6379 --pipe
    python3 bench/dataset.py --keys 1000 --seed 42 --summary   # what would be written, as JSON on stdout

The same --keys and --seed always give the same key names, types, sizes, values and TTLs (TTLs are relative to
the moment of loading). Everything goes to db 0 (redis-cli --memkeys/--bigkeys only walk one database). Exactly
--keys keys are written (when --keys >= the number of big keys), in these groups:

  strings (44%): int counters, embstr (<= 44 bytes), raw (45..400 bytes), JSON documents in raw strings
  hashes  (20%): small listpack hashes (3..20 fields), hashtable hashes made by one long value (> 64 bytes),
                 a few medium hashtable hashes (600..900 fields)
  sets    (12%): intsets (5..60 integers), hashtable sets of strings, a few sets just over the intset limit
  zsets   (11%): listpack zsets (5..60 members), a few skiplist zsets just over the limit (130..260 members)
  lists   (12%): short lists (quicklist on 7.0, listpack on 7.2+), a few long ones
  streams  (1%): small streams (3..10 entries)
  big keys (5 keys, whatever --keys is): a 12 MiB string, a 100k-field hash, a 50k-member zset,
                 a 100k-element list and a 50k-member set (strings)

Keys are named <prefix>:<id>[:<suffix>]; 59 alphabetic prefixes with Zipf-like weights (so the exporter sees more
than 50 prefixes and folds the rest into `other`) plus a few keys without a delimiter. About 35% of the keys get
a TTL spread over the exporter's buckets (1h, 4h, 12h, 1d, 7d, 30d, over 30d). Only the standard library is used.
"""

import argparse
import json
import random
import sys

PREFIXES = """user session cache event job feed rate lock cart order product inventory stock price search
query token auth otp profile avatar friend follow like comment post thread message inbox notify queue task
worker metric counter stat log audit trace geo place shop coupon promo invoice payment wallet ledger config
flag experiment segment cohort recommend rank leader score game match""".split()

BIG_KEYS = 5


class Resp:
    """Accumulates RESP commands and flushes them to a binary stream in large chunks."""

    def __init__(self, out):
        self.out = out
        self.parts = []
        self.size = 0
        self.commands = 0

    def cmd(self, *args):
        b = [b"*%d\r\n" % len(args)]
        for a in args:
            if not isinstance(a, bytes):
                a = str(a).encode()
            b.append(b"$%d\r\n%s\r\n" % (len(a), a))
        chunk = b"".join(b)
        self.parts.append(chunk)
        self.size += len(chunk)
        self.commands += 1
        if self.size > 1 << 20:
            self.flush()

    def flush(self):
        if self.out is not None and self.parts:
            self.out.write(b"".join(self.parts))
        self.parts = []
        self.size = 0


def build(keys, seed, out):
    rng = random.Random(seed)
    alphabet = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(65536))
    alen = len(alphabet)

    def text(n):
        start = rng.randrange(alen - n) if n < alen else 0
        if n <= alen - start:
            return alphabet[start:start + n]
        return (alphabet * (n // alen + 1))[:n]

    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(PREFIXES))]
    cum = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    next_id = {p: 0 for p in PREFIXES}
    import bisect

    def name(suffix=None):
        p = PREFIXES[bisect.bisect_left(cum, rng.random() * acc)]
        i = next_id[p]
        next_id[p] = i + 1
        k = "%s:%d" % (p, 100000 + i)
        if suffix:
            k += ":" + suffix
        return k.encode()

    # TTL buckets (ms): none 65%, then 1h, 4h, 12h, 1d, 7d, 30d, > 30d.
    ttl_bounds = [(0.65, None), (0.72, (2_700_000, 3_600_000)), (0.77, (3_600_001, 14_400_000)),
                  (0.82, (14_400_001, 43_200_000)), (0.87, (43_200_001, 86_400_000)),
                  (0.93, (86_400_001, 604_800_000)), (0.97, (604_800_001, 2_592_000_000)),
                  (1.01, (2_592_000_001, 7_776_000_000))]

    def ttl():
        r = rng.random()
        for bound, span in ttl_bounds:
            if r < bound:
                return None if span is None else rng.randint(span[0], span[1])
        return None

    w = Resp(out)
    summary = {}

    def count(kind):
        summary[kind] = summary.get(kind, 0) + 1

    def expire(k):
        t = ttl()
        if t is not None:
            w.cmd(b"PEXPIRE", k, t)
            count("with_ttl")

    # Group table: (cumulative share, kind).
    groups = [
        (0.13, "string_int"), (0.33, "string_embstr"), (0.41, "string_raw"), (0.44, "string_json"),
        (0.615, "hash_listpack"), (0.635, "hash_hashtable_longvalue"), (0.6355, "hash_hashtable_medium"),
        (0.715, "set_intset"), (0.752, "set_hashtable_strings"), (0.7525, "set_hashtable_over_intset"),
        (0.86, "zset_listpack"), (0.8625, "zset_skiplist"),
        (0.98, "list_short"), (0.982, "list_long"),
        (0.991, "stream_small"), (1.01, "string_nodelimiter"),
    ]
    shares = [g[0] for g in groups]

    nodelim = [0]
    normal = max(0, keys - BIG_KEYS)
    for _ in range(normal):
        kind = groups[bisect.bisect_left(shares, rng.random())][1]
        count(kind)
        if kind == "string_int":
            t = ttl()
            k = name("n")
            if t is None:
                w.cmd(b"SET", k, rng.randrange(10_000_000))
            else:
                w.cmd(b"SET", k, rng.randrange(10_000_000), b"PX", t)
                count("with_ttl")
        elif kind in ("string_embstr", "string_raw", "string_json", "string_nodelimiter"):
            if kind == "string_embstr":
                v = text(rng.randint(5, 44))
            elif kind == "string_raw":
                v = text(rng.randint(45, 400))
            elif kind == "string_json":
                n = rng.randint(3, 12)
                v = json.dumps({("f%d" % j): text(rng.randint(3, 30)).decode() for j in range(n)}).encode()
            else:
                v = text(rng.randint(5, 30))
            if kind == "string_nodelimiter":
                nodelim[0] += 1
                k = b"tmp%s%d" % (text(6), nodelim[0])
            else:
                k = name()
            t = ttl()
            if t is None:
                w.cmd(b"SET", k, v)
            else:
                w.cmd(b"SET", k, v, b"PX", t)
                count("with_ttl")
        elif kind.startswith("hash_"):
            k = name("h")
            if kind == "hash_listpack":
                n = rng.randint(3, 20)
                long_at = -1
            elif kind == "hash_hashtable_longvalue":
                n = rng.randint(3, 20)
                long_at = rng.randrange(n)
            else:
                n = rng.randint(600, 900)
                long_at = -1
            args = [b"HSET", k]
            for j in range(n):
                args.append(b"f%d" % j)
                args.append(text(rng.randint(80, 200) if j == long_at else rng.randint(1, 24)))
            w.cmd(*args)
            expire(k)
        elif kind.startswith("set_"):
            k = name("s")
            if kind == "set_intset":
                members = [rng.randrange(1_000_000) for _ in range(rng.randint(5, 60))]
            elif kind == "set_hashtable_strings":
                members = [text(rng.randint(6, 20)) for _ in range(rng.randint(5, 60))]
            else:
                members = rng.sample(range(10_000_000), rng.randint(520, 700))
            w.cmd(b"SADD", k, *members)
            expire(k)
        elif kind.startswith("zset_"):
            k = name("z")
            n = rng.randint(5, 60) if kind == "zset_listpack" else rng.randint(130, 260)
            args = [b"ZADD", k]
            for j in range(n):
                args.append(b"%d" % rng.randrange(100_000))
                args.append(b"m%d" % j)
            w.cmd(*args)
            expire(k)
        elif kind.startswith("list_"):
            k = name("l")
            n = rng.randint(2, 30) if kind == "list_short" else rng.randint(500, 2000)
            w.cmd(b"RPUSH", k, *[text(rng.randint(4, 40)) for _ in range(n)])
            expire(k)
        else:  # stream_small
            k = name("x")
            for j in range(rng.randint(3, 10)):
                w.cmd(b"XADD", k, b"%d-1" % (j + 1), b"f", text(rng.randint(4, 30)), b"g", b"%d" % j)
            expire(k)

    if keys >= BIG_KEYS:
        count("big")
        w.cmd(b"SET", b"big:string", text(4096) * (12 * 256))  # 12 MiB
        for start in range(0, 100_000, 5000):
            args = [b"HSET", b"big:hash"]
            for j in range(start, start + 5000):
                args.append(b"field:%d" % j)
                args.append(text(rng.randint(8, 40)))
            w.cmd(*args)
        for start in range(0, 50_000, 5000):
            args = [b"ZADD", b"big:zset"]
            for j in range(start, start + 5000):
                args.append(b"%d" % rng.randrange(1_000_000))
                args.append(b"member:%d" % j)
            w.cmd(*args)
        for start in range(0, 100_000, 5000):
            w.cmd(b"RPUSH", b"big:list", *[text(rng.randint(8, 60)) for _ in range(5000)])
        for start in range(0, 50_000, 5000):
            w.cmd(b"SADD", b"big:set", *[b"s%d" % j for j in range(start, start + 5000)])
        summary["big"] = BIG_KEYS
    elif keys > 0:
        # Too few keys for the big ones: fill with small strings so the count stays exact.
        for _ in range(keys - normal):
            w.cmd(b"SET", name(), text(10))
            count("string_embstr")
    w.flush()
    summary["keys"] = keys
    summary["commands"] = w.commands
    summary["seed"] = seed
    summary["prefixes_used"] = sum(1 for p in PREFIXES if next_id[p] > 0)
    return summary


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keys", type=int, default=1_000_000, help="number of keys to write (default 1000000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--summary", action="store_true", help="write nothing; print what would be written as JSON")
    args = ap.parse_args()
    if args.keys < 0:
        ap.error("--keys must be >= 0")
    if args.summary:
        print(json.dumps(build(args.keys, args.seed, None), indent=1, sort_keys=True))
    else:
        summary = build(args.keys, args.seed, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        print(json.dumps(summary, sort_keys=True), file=sys.stderr)


if __name__ == "__main__":
    main()
