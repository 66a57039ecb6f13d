#!/usr/bin/env python3
"""Python package vs CLI: equiv on a 784-256-256-10 MLP and an exactly
permuted, power-of-two-rescaled copy (decided by the canonical-form rung),
and on two independent models (separating search). Prints the minimum of
3 runs of each. Run from the source root after building:

    RELUFIBER_LIB=build/librelufiber.so PYTHONPATH=python \\
        python3 bench/python/bench_overhead.py build/relufiber
"""
import copy
import json
import os
import subprocess
import sys
import tempfile
import time

import torch
from torch import nn

import relufiber as rf


def permuted_rescaled(model, seed):
    g = torch.Generator().manual_seed(seed)
    m = copy.deepcopy(model)
    lins = [x for x in m if isinstance(x, nn.Linear)]
    with torch.no_grad():
        for l in range(len(lins) - 1):
            n = lins[l].out_features
            p = torch.randperm(n, generator=g)
            s = 2.0 ** torch.randint(-3, 4, (n,), generator=g).float()
            lins[l].weight.copy_(lins[l].weight[p] * s[:, None])
            lins[l].bias.copy_(lins[l].bias[p] * s)
            lins[l + 1].weight.copy_(lins[l + 1].weight[:, p] / s[None, :])
    return m


def best(f, k=3):
    ts = []
    for _ in range(k):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return min(ts)


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else "build/relufiber"
    torch.manual_seed(0)

    def mlp():
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                             nn.Linear(256, 10))
    a = mlp()
    cases = [("permuted copy", a, permuted_rescaled(a, 1)), ("other model", a, mlp())]
    d = tempfile.mkdtemp()
    for name, m1, m2 in cases:
        paths = []
        for k, m in enumerate((m1, m2)):
            p = os.path.join(d, "%d.json" % k)
            with open(p, "w") as f:
                json.dump({"layers": [{"weight": x.weight.tolist(), "bias": x.bias.tolist()}
                                      for x in m if isinstance(x, nn.Linear)]}, f)
            paths.append(p)
        t_cli = best(lambda: subprocess.run([exe, "equiv", "--quiet", *paths],
                                            capture_output=True))
        r = rf.equiv(m1, m2)
        t_py = best(lambda: rf.equiv(m1, m2))
        print("%-14s %-15s %-18s CLI %.2f s  Python (nn.Modules) %.2f s  overhead %+.0f %%"
              % (name, r.verdict, r.method, t_cli, t_py, 100 * (t_py / t_cli - 1)))


if __name__ == "__main__":
    main()
