#!/usr/bin/env python3
"""Seeds fuzz/corpus/TARGET/ with real inputs (re-run after adding
scenarios; existing files are kept, names are content hashes):
  netlink    every datagram of tests/wire/reference.txt (the reference's
             traffic on a 6.1 kernel: GETFAMILY, GET_INFO, dumps, ACKs)
  proc_conn  tests/golden/*_proc.txt (real /proc/net/ip_vs_conn
             captures), each with a few option bytes in front
  restore    rule lines: the `t ipvsadm ...` lines of tests/scenarios
             (and of SCENARIO_DIRS, e.g. other worktrees), the golden
             saves, and each scenario's here-documents
  cli        the same command lines, one argument per line
Usage: fuzz/seed.py [SCENARIO_DIR...]"""
import glob, hashlib, os, re, shlex, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def put(target, data):
    d = os.path.join(ROOT, "fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    for line in open(os.path.join(ROOT, "tests/wire/reference.txt")):
        hexa = line.rsplit(" | ", 1)[-1].strip()
        put("netlink", bytes.fromhex(hexa))
    for p in glob.glob(os.path.join(ROOT, "tests/golden/*_proc.txt")):
        data = open(p, "rb").read()
        for opt in (0, 1, 3, 0x1F):
            put("proc_conn", bytes([opt]) + data)
    dirs = [os.path.join(ROOT, "tests/scenarios")] + sys.argv[1:]
    rules = []
    for d in dirs:
        for p in sorted(glob.glob(os.path.join(d, "*.sh"))):
            text = open(p).read()
            for m in re.finditer(r"^t ipvsadm(?: (.*))?$", text, re.M):
                args = (m.group(1) or "").split(" #")[0]
                try:
                    toks = shlex.split(args)
                except ValueError:
                    continue
                rules.append(toks)
            for m in re.finditer(r"<<'?EOF'?\n(.*?)^EOF$", text, re.M | re.S):
                put("restore", m.group(1).encode())
    for p in glob.glob(os.path.join(ROOT, "tests/golden/*_save_*.txt")):
        put("restore", open(p, "rb").read())
    for toks in rules:
        put("cli", "\n".join(toks).encode())
        put("restore", (" ".join(toks) + "\n").encode())
    put("restore", "".join(" ".join(t) + "\n" for t in rules).encode())


main()
