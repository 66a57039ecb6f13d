#!/usr/bin/python3
"""Hidden-symmetries experiment (after Grigsby-Lindsey-Rolnick, ICML 2023),
with exact ranks next to the usual floating-point method.

For every cell of a grid (input dimension n0, hidden width w, number of hidden
layers k; scalar output) it draws random networks, computes

  * the exact TRUE functional dimension (relufiber fdim --true: one pattern
    block per activation region, regions found by exact search; exact when the
    search completes),
  * the exact BATCH functional dimension at a sample of points
    (relufiber fdim --points, certified rank over Q),
  * the float64 batch rank at the same points with PyTorch autograd
    (torch.autograd.functional.jacobian + torch.linalg.matrix_rank with its
    default tolerance sigma_max * max(m, n) * eps),

and prints the fraction of networks with full functional dimension D - H
(the upper bound: parameters minus hidden neurons), the disagreements
between the float rank and the exact batch rank, and the time ratio.

Initialization (documented; GLR23's exact protocol could not be read):
He/Kaiming normal weights W ~ N(0, 2 / fan_in), biases b ~ N(0, 0.1^2)
(nonzero biases: all-zero biases put many points on bent hyperplanes).
Points: 3/4 from N(0, I), 1/4 from N(0, 30^2 I) (far-out regions).
Every float64 value is handed to relufiber as its exact dyadic rational, so
both methods see exactly the same network and points.

usage: /usr/bin/python3 bench/fdim/hidden_symmetries.py [--quick]
       [--nets N] [--points P] [--bin PATH] [--seed S] [--cap C]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import torch


def exact(x):
    """Exact rational text of a float64."""
    f = Fraction(float(x))
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def draw_net(arch, gen, init="he", bias_std=0.1):
    """he: W ~ N(0, 2/fan_in), b ~ N(0, bias_std^2);
    torch: PyTorch nn.Linear default, W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    layers = []
    for l in range(len(arch) - 1):
        fan_in = arch[l]
        if init == "torch":
            s = fan_in ** -0.5
            W = (torch.rand(arch[l + 1], fan_in, generator=gen, dtype=torch.float64) * 2 - 1) * s
            b = (torch.rand(arch[l + 1], generator=gen, dtype=torch.float64) * 2 - 1) * s
        else:
            W = torch.randn(arch[l + 1], fan_in, generator=gen, dtype=torch.float64) * (2.0 / fan_in) ** 0.5
            b = torch.randn(arch[l + 1], generator=gen, dtype=torch.float64) * bias_std
        layers.append((W, b))
    return layers


def write_rfn(path, arch, layers):
    with open(path, "w") as f:
        f.write("arch " + " ".join(str(a) for a in arch) + "\n")
        for l, (W, b) in enumerate(layers):
            f.write(f"W{l + 1}\n")
            for row in W.tolist():
                f.write(" ".join(exact(v) for v in row) + "\n")
            f.write(f"b{l + 1} " + " ".join(exact(v) for v in b.tolist()) + "\n")


def write_points(path, X):
    with open(path, "w") as f:
        for row in X.tolist():
            f.write(",".join(exact(v) for v in row) + "\n")


def float_rank(arch, layers, X):
    """Float64 batch rank: autograd Jacobian of outputs w.r.t. all parameters."""
    shapes = []
    flat = []
    for W, b in layers:
        shapes.append((W.shape, b.shape))
        flat += [W.reshape(-1), b]
    theta = torch.cat(flat)

    def f(th):
        h = X
        k = 0
        for l, (ws, bs) in enumerate(shapes):
            nW = ws[0] * ws[1]
            W = th[k:k + nW].reshape(ws)
            k += nW
            b = th[k:k + bs[0]]
            k += bs[0]
            h = h @ W.T + b
            if l < len(shapes) - 1:
                h = torch.relu(h)
        return h.reshape(-1)

    t0 = time.perf_counter()
    J = torch.autograd.functional.jacobian(f, theta)
    r = int(torch.linalg.matrix_rank(J))
    return r, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small grid, few networks (a few minutes)")
    ap.add_argument("--nets", type=int, default=None, help="networks per cell")
    ap.add_argument("--points", type=int, default=None, help="sample points per network")
    ap.add_argument("--bin", default=os.environ.get("RF_BIN", "build/relufiber"))
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--cap", type=int, default=20000, help="LP cap of the region search")
    ap.add_argument("--json", default=None, help="also write all results to this file")
    ap.add_argument("--init", choices=["he", "torch"], default="he",
                    help="he: W ~ N(0, 2/fan_in), b ~ N(0, bias_std^2) (default); torch: nn.Linear default")
    ap.add_argument("--bias-std", type=float, default=0.1, help="bias std for --init he")
    ap.add_argument("--tiny-weight", type=float, default=None,
                    help="multiply the first outgoing weight of the last hidden layer by this "
                         "factor (e.g. 1e-10): badly scaled weights, where float ranks fail")
    ap.add_argument("--far-scale", type=float, default=30.0,
                    help="std of the far-out quarter of the points (default 30)")
    ap.add_argument("--n0s", default=None, help="comma list of input dimensions (overrides the grid)")
    ap.add_argument("--widths", default=None, help="comma list of hidden widths")
    ap.add_argument("--depths", default=None, help="comma list of numbers of hidden layers")
    a = ap.parse_args()
    if a.quick:
        n0s, widths, depths = [1, 2, 3], [2, 4, 6], [1, 2, 3]
        nets = a.nets or 8
        npts = a.points or 200
    else:
        n0s, widths, depths = [1, 2, 3], [2, 3, 4, 6], [1, 2, 3, 4]
        nets = a.nets or 30
        npts = a.points or 500
    if a.n0s:
        n0s = [int(v) for v in a.n0s.split(",")]
    if a.widths:
        widths = [int(v) for v in a.widths.split(",")]
    if a.depths:
        depths = [int(v) for v in a.depths.split(",")]
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(a.seed)
    tmp = tempfile.mkdtemp(prefix="rf_hs_")
    rows = []
    init = ("W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (torch default)" if a.init == "torch"
            else f"W ~ N(0, 2/fan_in), b ~ N(0, {a.bias_std}^2) (He/Kaiming normal)")
    print(f"# init: {init}; points: {npts} (3/4 N(0,I), 1/4 N(0,{a.far_scale:g}^2 I)); "
          f"{nets} nets per cell; seed {a.seed}")
    print("# n0  w  k   D-H | full(true,exact)  incomplete | full(batch,exact) full(batch,float) "
          "| float!=exact (float<exact, float>exact) | t_exact  t_float  ratio")
    total_dis = 0
    for n0 in n0s:
        for w in widths:
            for k in depths:
                arch = [n0] + [w] * k + [1]
                D = sum(arch[i + 1] * (arch[i] + 1) for i in range(len(arch) - 1))
                H = w * k
                full_true = incomplete = full_be = full_bf = dis = dis_lo = dis_hi = 0
                t_ex = t_fl = 0.0
                for it in range(nets):
                    layers = draw_net(arch, gen, a.init, a.bias_std)
                    if a.tiny_weight is not None:
                        W_last, b_last = layers[-1]
                        W_last = W_last.clone()
                        W_last[0, 0] *= a.tiny_weight
                        layers[-1] = (W_last, b_last)
                    m = npts - npts // 4
                    X = torch.cat([torch.randn(m, n0, generator=gen, dtype=torch.float64),
                                   a.far_scale * torch.randn(npts - m, n0, generator=gen, dtype=torch.float64)])
                    netf = os.path.join(tmp, "net.rfn")
                    ptsf = os.path.join(tmp, "pts.txt")
                    write_rfn(netf, arch, layers)
                    write_points(ptsf, X)
                    t0 = time.perf_counter()
                    p = subprocess.run([a.bin, "fdim", netf, "--points", ptsf, "--true", "--json",
                                        "--no-mechanisms", "--cap", str(a.cap)],
                                       capture_output=True, text=True)
                    t_ex += time.perf_counter() - t0
                    if p.returncode != 0:
                        # a sample point exactly on a bent hyperplane (probability 0
                        # for floats): report and skip this network
                        print(f"# skipped a network: {p.stderr.strip()}", file=sys.stderr)
                        continue
                    res = json.loads(p.stdout)
                    rb = res["batch"]["rank"]
                    rt = res["true"]["rank"]
                    if not res["true_fd_exact"]:
                        incomplete += 1
                    full_true += (rt == D - H and res["true"]["exact"])
                    full_be += (rb == D - H)
                    rf, tf = float_rank(arch, layers, X)
                    t_fl += tf
                    full_bf += (rf == D - H)
                    if rf != rb:
                        dis += 1
                        dis_lo += rf < rb
                        dis_hi += rf > rb
                    rows.append(dict(n0=n0, w=w, k=k, D=D, H=H, true=rt, true_exact=res["true_fd_exact"],
                                     regions=res["regions"], batch_exact=rb, batch_float=rf))
                total_dis += dis
                print(f"  {n0:2d} {w:2d} {k:2d} {D - H:5d} | {full_true / nets:16.2f} {incomplete:11d} "
                      f"| {full_be / nets:17.2f} {full_bf / nets:18.2f} | {dis:3d} ({dis_lo}, {dis_hi})"
                      f"{'':22s}| {t_ex / nets:7.3f} {t_fl / nets:8.3f} {t_ex / max(t_fl, 1e-9):6.1f}",
                      flush=True)
    print(f"# total float/exact disagreements: {total_dis}")
    # marginal trends of the exact true-FD fraction (cells with k >= 2 for the
    # width and input-dimension marginals: one hidden layer is always full here)
    def marginal(key, vals, cond=lambda r: True):
        out = []
        for v in vals:
            sel = [r for r in rows if r[key] == v and cond(r)]
            full = sum(1 for r in sel if r["true_exact"] and r["true"] == r["D"] - r["H"])
            out.append(f"{v}: {full / max(len(sel), 1):.2f}")
        return ", ".join(out)
    print("# fraction with full true FD by depth k:        " + marginal("k", depths))
    print("# ... by width w (k >= 2):                      " + marginal("w", widths, lambda r: r["k"] >= 2))
    print("# ... by input dimension n0 (k >= 2):           " + marginal("n0", n0s, lambda r: r["k"] >= 2))
    print("# t_exact = wall time of one relufiber call (process start, exact patterns, certified batch "
          "rank, exact region search (stopped early once the rank reaches D - H) and true FD); "
          "t_float = autograd Jacobian + SVD rank only.")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
