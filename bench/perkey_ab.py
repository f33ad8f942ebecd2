#!/usr/bin/env python3
"""Redis CPU per key of inspect.lua variants and of a plain pipelined client, interleaved on the same keys.

    python3 bench/perkey_ab.py --port 6379 --rounds 3 OLD.lua NEW.lua

The keys of db 0 are listed once (SCAN, not measured), then cut into chunks of --chunk keys; each chunk is inspected
by every variant in a random order (so that none always finds the caches warm): each script in KEYS-mode calls of
--batch keys with the sampler's arguments (budget --budget us, keys a call leaves sent again, as ScriptInspector
does), and the pipelined client with TYPE, OBJECT ENCODING, MEMORY USAGE and PTTL per key in rounds of --batch keys.
Redis CPU is the main thread's run time from /proc/PID/task/PID/schedstat (nanoseconds), so short chunks are
measured exactly; interleaving makes the machine's other load fall on every variant alike. Standard library only.
"""

import argparse
import os
import random
import socket
import time


class Resp:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile("rb", buffering=1 << 20)

    def send(self, commands):
        out = bytearray()
        for args in commands:
            out += b"*%d\r\n" % len(args)
            for a in args:
                a = a if isinstance(a, bytes) else str(a).encode()
                out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)

    def read(self):
        line = self.f.readline()
        t, rest = line[:1], line[1:-2]
        if t in (b"+", b":"):
            return int(rest) if t == b":" else rest
        if t == b"-":
            return RuntimeError(rest.decode())
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.f.read(n + 2)
            return data[:-2]
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise ValueError(line)

    def call(self, *args):
        self.send([args])
        r = self.read()
        if isinstance(r, RuntimeError):
            raise r
        return r


def cpu_ns(pid):
    with open(f"/proc/{pid}/task/{pid}/schedstat") as f:
        return int(f.read().split()[0])


TYPE_OF = {b"int": "string", b"embstr": "string", b"intset": "set", b"skiplist": "zset", b"quicklist": "list",
           b"linkedlist": "list", b"stream": "stream"}
LENGTH_OF = {"hash": "HLEN", "list": "LLEN", "set": "SCARD", "zset": "ZCARD", "stream": "XLEN", "string": "STRLEN"}


def rounds(r, cmds):
    r.send(cmds)
    return [r.read() for _ in cmds]


def facts(r, keys, head=4096, probe_max=600, probe_members=5):
    """What the sampler's pipelined inspection asks per key: INFO keyspace with the batch (PTTL only in a db with
    TTLs), then OBJECT ENCODING, MEMORY USAGE, PTTL; then the length where the encoding says the type (a raw
    string's head instead, its length where the head is all of it), TYPE where it does not; then those lengths, a
    long raw string's STRLEN and a hashtable set's members."""
    info = rounds(r, [("INFO", "keyspace")])[0].decode()
    expiring = "db0:keys=" not in info or ",expires=0," not in info
    per = 3 if expiring else 2
    one = []
    for k in keys:
        one += [("OBJECT", "ENCODING", k), ("MEMORY", "USAGE", k)] + ([("PTTL", k)] if expiring else [])
    got = rounds(r, one)
    two, what = [], []
    for i, k in enumerate(keys):
        enc = got[i * per]
        if enc is None or isinstance(enc, RuntimeError):
            continue
        if enc == b"raw":
            two.append(("GETRANGE", k, 0, head - 1))
            what.append((k, "raw"))
        elif enc in TYPE_OF:
            t = TYPE_OF[enc]
            two.append((LENGTH_OF[t], k))
            what.append((k, None))
        else:
            two.append(("TYPE", k))
            what.append((k, enc))
    got = rounds(r, two)
    three = []
    for (k, enc), reply in zip(what, got):
        if enc == "raw" and isinstance(reply, bytes) and len(reply) >= head:
            three.append(("STRLEN", k))
        elif enc not in (None, "raw") and isinstance(reply, bytes) and reply.decode() in LENGTH_OF:
            t = reply.decode()
            three.append((LENGTH_OF[t], k))
            if t == "set" and enc == b"hashtable":
                three.append(("SRANDMEMBER", k, probe_members))
    if three:
        rounds(r, three)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--chunk", type=int, default=50000)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--budget", type=int, default=700)
    p.add_argument("--pipelined", action="store_true", help="measure the plain pipelined client too")
    p.add_argument("--facts", action="store_true", help="measure the sampler's pipelined rounds too (every fact the"
                   " script reads: encoding, memory, TTL, type where the encoding does not say it, length, a raw"
                   " string's head, a small hashtable set's members)")
    p.add_argument("--db-arg", default="", help="ARGV[11] for scripts that take it: '' as ScriptInspector sends where"
                   " the last call found TTLs, 0 to have the script read INFO keyspace")
    p.add_argument("scripts", nargs="+")
    a = p.parse_args()
    r = Resp(a.port)
    pid = int(next(l for l in r.call("INFO", "server").decode().splitlines()
                   if l.startswith("process_id:")).split(":")[1])
    keys, cursor = [], b"0"
    while True:
        cursor, page = r.call("SCAN", cursor, "COUNT", 1000)
        keys += page
        if cursor == b"0":
            break
    shas = {}
    for path in a.scripts:
        src = open(path).read()
        shas[os.path.basename(path)] = (r.call("SCRIPT", "LOAD", src).decode(), "ARGV[12]" in src)
    variants = list(shas) + (["pipelined"] if a.pipelined else []) + (["facts"] if a.facts else [])
    total = {v: [0, 0] for v in variants}  # ns, keys
    print(f"# {time.strftime('%F %T', time.gmtime())} UTC, {len(keys)} keys, batch {a.batch}, budget {a.budget} us,"
          f" load {open('/proc/loadavg').read().split()[:3]}")
    for rnd in range(a.rounds):
        per = {v: [0, 0] for v in variants}
        for at in range(0, len(keys), a.chunk):
            chunk = keys[at:at + a.chunk]
            for v in random.sample(variants, len(variants)):
                c0 = cpu_ns(pid)
                if v == "pipelined":
                    for b in range(0, len(chunk), a.batch):
                        part = chunk[b:b + a.batch]
                        cmds = []
                        for k in part:
                            cmds += [("TYPE", k), ("OBJECT", "ENCODING", k), ("MEMORY", "USAGE", k), ("PTTL", k)]
                        r.send(cmds)
                        for _ in cmds:
                            r.read()
                elif v == "facts":
                    for b in range(0, len(chunk), a.batch):
                        facts(r, chunk[b:b + a.batch])
                else:
                    sha, with_db = shas[v]
                    fixed = ["5", "64", "600", "5", "4096", "1024", "", "0", str(a.budget), "8192"]
                    if with_db:
                        fixed.append(a.db_arg)
                    rest = chunk
                    while rest:
                        part, rest = rest[:a.batch], rest[a.batch:]
                        reply = r.call("EVALSHA", sha, len(part), *part, *fixed)
                        rest = reply[3] + rest
                c1 = cpu_ns(pid)
                per[v][0] += c1 - c0
                per[v][1] += len(chunk)
        for v in variants:
            total[v][0] += per[v][0]
            total[v][1] += per[v][1]
        print(f"{time.strftime('%T', time.gmtime())} round {rnd + 1}: " + ", ".join(
            f"{v} {per[v][0] / per[v][1] / 1000:.2f} us" for v in variants), flush=True)
    print("all rounds: " + ", ".join(f"{v} {total[v][0] / total[v][1] / 1000:.2f} us/key" for v in variants))


if __name__ == "__main__":
    main()
