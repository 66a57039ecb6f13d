#!/usr/bin/python3
"""The hidden-symmetries experiment of hidden_symmetries.py as a batch sweep
(relufiber batch: sharded, resumable, fork-isolated; docs/batch.md).

  make DIR   draws the random networks (float64 parameters, handed to
             relufiber as their exact dyadic values) into DIR/nets/ and
             writes DIR/jobs.jsonl: one 'relufiber fdim --json' job per
             network, tagged with its cell (n0, width, hidden layers);
  table OUT  reads merged results (relufiber batch-merge -o OUT) and prints,
             per architecture, the fraction of networks whose exact
             functional dimension reaches the upper bound D - H, with the
             binomial standard error, and the status counts.

Default grid: GLR23's tied architectures n0 = n1 = ... = n_k = w, scalar
output, weights and biases ~ U(+-1/sqrt(fan_in)) (PyTorch nn.Linear
default). No PyTorch needed: the float rank of hidden_symmetries.py is not
part of the sweep.

A whole sweep on one machine:
  python3 bench/fdim/hidden_symmetries_batch.py make sweep --nets 30
  relufiber batch sweep/jobs.jsonl -o sweep/out.jsonl --job-time-limit 600
  relufiber batch-merge sweep/out.jsonl -o sweep/merged.jsonl
  python3 bench/fdim/hidden_symmetries_batch.py table sweep/merged.jsonl
On a SLURM cluster replace the batch line by the array job of docs/batch.md.
"""
import argparse
import json
import math
import os
import random
import sys
from fractions import Fraction


def exact(x):
    f = Fraction(x)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def draw_net(arch, rng, bias="uniform"):
    layers = []
    for l in range(len(arch) - 1):
        fan_in, fan_out = arch[l], arch[l + 1]
        s = fan_in ** -0.5
        W = [[rng.uniform(-s, s) for _ in range(fan_in)] for _ in range(fan_out)]
        b = [rng.uniform(-s, s) if bias == "uniform" else 0.0 for _ in range(fan_out)]
        layers.append((W, b))
    return layers


def write_rfn(path, arch, layers):
    with open(path, "w") as f:
        f.write("arch " + " ".join(map(str, arch)) + "\n")
        for l, (W, b) in enumerate(layers):
            f.write(f"W{l + 1}\n")
            for row in W:
                f.write(" ".join(exact(v) for v in row) + "\n")
            f.write(f"b{l + 1} " + " ".join(exact(v) for v in b) + "\n")


def cmd_make(a):
    rng = random.Random(a.seed)
    widths = [int(v) for v in a.widths.split(",")]
    depths = [int(v) for v in a.depths.split(",")]
    os.makedirs(os.path.join(a.dir, "nets"), exist_ok=True)
    opts = ["--json"] + (["--true", "--cap", str(a.cap)] if a.fd == "true"
                         else ["--random", str(a.points), "--seed", "1"])
    n = 0
    with open(os.path.join(a.dir, "jobs.jsonl"), "w") as jf:
        for w in widths:
            for k in depths:
                arch = [w] * (k + 1) + [1]
                for i in range(a.nets):
                    name = f"w{w}_k{k}_{i:04d}"
                    write_rfn(os.path.join(a.dir, "nets", name + ".rfn"), arch,
                              draw_net(arch, rng, a.bias))
                    jf.write(json.dumps({"id": name, "command": "fdim",
                                         "network": f"nets/{name}.rfn", "options": opts,
                                         "tag": {"n0": w, "width": w, "hidden_layers": k}}) + "\n")
                    n += 1
    print(f"{n} jobs in {os.path.join(a.dir, 'jobs.jsonl')}", file=sys.stderr)


def cmd_table(a):
    cells = {}
    with open(a.results) as f:
        for line in f:
            r = json.loads(line)
            key = "-".join(map(str, r["arch"])) if r.get("arch") else "?"
            c = cells.setdefault(key, {"n": 0, "full": 0, "decided": 0, "status": {}})
            c["n"] += 1
            c["status"][r["status"]] = c["status"].get(r["status"], 0) + 1
            out = r.get("output")
            if r["status"] == "ok" and isinstance(out, dict):
                blk = out.get("true") or out.get("batch") or {}
                if "rank" in blk and "bound" in out:
                    c["decided"] += 1
                    c["full"] += blk["rank"] == out["bound"]
    print(f"{'arch':16} {'nets':>5} {'decided':>7} {'full FD':>8} {'fraction':>9} {'s.e.':>6}  status")
    for key in sorted(cells, key=lambda s: [int(v) if v.isdigit() else 0 for v in s.split("-")]):
        c = cells[key]
        d = c["decided"]
        p = c["full"] / d if d else float("nan")
        se = math.sqrt(p * (1 - p) / d) if d else float("nan")
        st = " ".join(f"{k}:{v}" for k, v in sorted(c["status"].items()))
        print(f"{key:16} {c['n']:5d} {d:7d} {c['full']:8d} {p:9.3f} {se:6.3f}  {st}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make", help="draw the networks and write DIR/jobs.jsonl")
    m.add_argument("dir")
    m.add_argument("--nets", type=int, default=30, help="networks per architecture")
    m.add_argument("--widths", default="2,3,4,5")
    m.add_argument("--depths", default="1,2,3,4", help="numbers of hidden layers")
    m.add_argument("--seed", type=int, default=2023)
    m.add_argument("--bias", choices=["uniform", "zero"], default="uniform")
    m.add_argument("--fd", choices=["true", "batch"], default="true",
                   help="true: exact true FD (region search); batch: at --points random points")
    m.add_argument("--points", type=int, default=200)
    m.add_argument("--cap", type=int, default=20000, help="LP cap of the region search")
    t = sub.add_parser("table", help="fractions at full FD from merged results")
    t.add_argument("results")
    a = ap.parse_args()
    cmd_make(a) if a.cmd == "make" else cmd_table(a)


if __name__ == "__main__":
    main()
