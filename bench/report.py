#!/usr/bin/env python3
"""bench/report.py RAW: the table of a bench/run (records from bench/guest.sh).

Times are medians of the timed runs, in seconds (single -A: per invocation).
"speed-up" is reference time / our time; "vs floor" is our time / the
floor's (the raw batched sender for restores, dd for the connection table).
Exit status 0 whatever the targets; a missed target is marked NO.
"""
import statistics
import sys
from collections import defaultdict


def load(path):
    samples = defaultdict(list)
    rss = {}
    checks = []
    info = defaultdict(list)
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.rstrip("\n").split(" ")
        if not f or len(f) < 2:
            continue
        if f[0] == "S" and len(f) == 4:
            samples[(f[1], f[2])].append(int(f[3]) / 1e6)
        elif f[0] == "M" and len(f) == 4:
            rss[(f[1], f[2])] = int(f[3])
        elif f[0] == "V" and len(f) >= 4:
            checks.append((f[1], f[2], f[3], " ".join(f[4:])))
        elif f[0] == "I":
            info[f[1]].append(" ".join(f[2:]))
    return samples, rss, checks, info


def main(path):
    samples, rss, checks, info = load(path)

    def med(case, tool):
        v = samples.get((case, tool))
        return statistics.median(v) if v else None

    def secs(t):
        if t is None:
            return "-"
        return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"

    def mem(case):
        kb = rss.get((case, "ours"))
        return "-" if kb is None else f"{kb / 1024:.1f} MiB"

    rows = []
    verdicts = []

    def row(label, case, ref, ours, floor=None, target="", ok=None, floor_name=""):
        speed = ref / ours if ref and ours else None
        vs = ours / floor if ours and floor else None
        verdict = "" if ok is None else ("yes" if ok else "NO")
        rows.append(
            [
                label,
                secs(ref),
                secs(ours),
                f"{speed:.2f}x" if speed else "-",
                (f"{secs(floor)} ({floor_name})" if floor else "-"),
                f"{vs:.2f}" if vs else "-",
                mem(case) if case else "-",
                target,
                verdict,
            ]
        )
        if ok is not None:
            verdicts.append((label, ok))
        return speed, vs

    def cases(prefix):
        out = sorted(
            {c for (c, _) in samples if c.startswith(prefix + "-")},
            key=lambda c: int(c.split("-")[-1]),
        )
        return out

    for c in cases("restore"):
        ref, ours, raw = med(c, "ref"), med(c, "ours"), med(c, "raw")
        speed = ref / ours if ref and ours else 0
        vs = ours / raw if ours and raw else 99
        row(
            f"`-R` {int(c.split('-')[1]):,} lines",
            c,
            ref,
            ours,
            raw,
            ">=6x, <=1.10 floor",
            speed >= 6 and vs <= 1.10,
            "raw batch",
        )
    for c in cases("same"):
        n = c.split("-")[1]
        ref, ours = med(c, "ref"), med(c, "ours")
        zero = any(
            k[0] == c and k[1] == "ours" and k[2] == "ok" and k[3] == "zero-writes"
            for k in checks
        )
        speed = ref / ours if ref and ours else 0
        row(
            f"re-apply unchanged {int(n):,} lines: `--converge` vs ref `ipvsadm-restore`",
            c,
            ref,
            ours,
            target=">=5x, 0 writes",
            ok=speed >= 5 and zero,
        )
        flush, rref = med(f"flush-{n}", "ref"), med(f"restore-{n}", "ref")
        if flush and rref:
            bound = flush + rref
            row(
                f"  same, vs ref `-C` + `-R` into an empty table (no trash list)",
                None,
                bound,
                ours,
                target=">=5x",
                ok=bound / ours >= 5,
            )
    for c in cases("change10"):
        n = c.split("-")[1]
        row(
            f"apply a 10% change to {int(n):,} lines: `--converge` vs ref `ipvsadm-restore`",
            c,
            med(c, "ref"),
            med(c, "ours"),
            target="(none)",
        )
    for kind, flag in (("list", "-L -n"), ("save", "-S -n")):
        for c in cases(kind):
            ref, ours = med(c, "ref"), med(c, "ours")
            speed = ref / ours if ref and ours else 0
            row(
                f"`{flag}` {int(c.split('-')[1]):,} lines",
                c,
                ref,
                ours,
                target=">=1.3x",
                ok=speed >= 1.3,
            )
    conn_rss = []
    for c in cases("conn"):
        ref, ours, dd = med(c, "ref"), med(c, "ours"), med(c, "dd")
        speed = ref / ours if ref and ours else 0
        vs = ours / dd if ours and dd else 99
        row(
            f"`-L -n -c` {int(c.split('-')[1]):,} entries",
            c,
            ref,
            ours,
            dd,
            ">=3x, <=1.2 floor",
            speed >= 3 and vs <= 1.2,
            "dd bs=4k",
        )
        if (c, "ours") in rss:
            conn_rss.append(rss[(c, "ours")])
    c = "single-A"
    if (c, "ref") in samples:
        ref, ours = med(c, "ref"), med(c, "ours")
        row(
            "one `-A`, process start to exit",
            c,
            ref,
            ours,
            target="<=0.7 ref time",
            ok=bool(ref and ours and ours / ref <= 0.7),
        )

    print()
    for k in ("date", "host-cpus", "host-cpu", "host-load", "host-load-after",
              "kernel", "guest-cpus", "ipvs", "reps", "commit", "vm-seconds",
              "changed-lines"):
        if k in info:
            print(f"{k}: {info[k][-1]}")
    for k in sorted(info):
        if k.startswith("conn-") or k.endswith("-summary"):
            print(f"{k}: {info[k][-1]}")
    print()
    head = ["case", "reference", "ours", "speed-up", "floor", "ours/floor",
            "our max RSS", "target", "met"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    if len(conn_rss) >= 2:
        flat = max(conn_rss) <= min(conn_rss) * 1.1 + 512
        print(f"-L -n -c memory: {', '.join(f'{k / 1024:.1f} MiB' for k in conn_rss)}"
              f" -> {'flat' if flat else 'GROWS'}")
        verdicts.append(("-L -n -c memory flat", flat))
    bad = [c for c in checks if c[2] != "ok"]
    print(f"sanity checks: {len(checks) - len(bad)} ok, {len(bad)} bad")
    for c in bad:
        print(f"  BAD {c[0]} {c[1]} {c[3]}")
    missed = [l for (l, ok) in verdicts if not ok]
    print(f"targets: {len(verdicts) - len(missed)} met, {len(missed)} missed")
    for l in missed:
        print(f"  missed: {l}")
    print("\nall samples (seconds):")
    for (c, t), v in sorted(samples.items()):
        print(f"  {c} {t}: " + " ".join(f"{x:.3f}" for x in v))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
