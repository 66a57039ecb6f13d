#!/usr/bin/env python3
"""Cliff table of `relufiber fdim --random N` on a 5-16-16-1 network with
float64 weights (He-normal, biases N(0, 0.1^2), seed fixed) written as their
exact dyadic rationals, as a user loading a trained torch model would.
Before the structural reduction and the row bound (issue 10 item 5), N = 280
took 0.09 s and N = 300 took 328 s (exact kernel lift); this prints the time,
the rank and its certificate for each N.

usage: cliff.py [--relufiber PATH] [--ns 100,200,...] [--net FILE]
"""
import argparse, json, math, os, random, subprocess, tempfile, time
from fractions import Fraction

def write_net(path, arch, seed=11):
    rnd = random.Random(seed)
    out = ["# 5-16-16-1, He-normal float64 weights as exact rationals (bench/fdim/cliff.py)",
           "arch " + " ".join(map(str, arch))]
    for l in range(1, len(arch)):
        out.append("W%d" % l)
        for _ in range(arch[l]):
            out.append(" ".join(str(Fraction(rnd.gauss(0, math.sqrt(2 / arch[l - 1]))))
                                for _ in range(arch[l - 1])))
        out.append("b%d " % l + " ".join(str(Fraction(rnd.gauss(0, 0.1))) for _ in range(arch[l])))
    open(path, "w").write("\n".join(out) + "\n")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--relufiber", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "relufiber"))
    ap.add_argument("--ns", default="100,200,280,300,500,1000,2000,5000")
    ap.add_argument("--net")
    a = ap.parse_args()
    net = a.net
    if net is None:
        net = os.path.join(tempfile.mkdtemp(), "f5_16_16_1.rfn")
        write_net(net, [5, 16, 16, 1])
    print("%6s %6s %6s %6s %-18s %9s" % ("N", "rank", "upper", "D-H", "certificate", "time (s)"))
    for n in [int(v) for v in a.ns.split(",")]:
        t0 = time.perf_counter()
        r = subprocess.run([a.relufiber, "fdim", net, "--random", str(n), "--no-mechanisms", "--json"],
                           capture_output=True, text=True, check=True)
        t = time.perf_counter() - t0
        j = json.loads(r.stdout)
        b = j["batch"]
        print("%6d %6d %6d %6d %-18s %9.3f" % (n, b["rank"], b["upper"], j["bound"],
              b["certificate"] + ("" if b["exact"] else " (lower)"), t))

if __name__ == "__main__":
    main()
