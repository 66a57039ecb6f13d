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

Default setup = GLR23's as far as it is known (docs/functional_dimension.md
section 12; the paper body could not be read, a secondary summary of it
states the architecture and the points):
  * architecture: n0 = n1 = ... = n_k = w, scalar output (--grid tied);
  * points: i.i.d. N(0, I), a finite batch (at least max(--points, 2(D-H)));
  * init: not stated anywhere we could read.  Default = PyTorch nn.Linear
    default (Kaiming-uniform weights U(+-1/sqrt(fan_in)), biases
    U(+-1/sqrt(fan_in))), the "at initialization" of a PyTorch model.
Variants (flags): --init he (W ~ N(0, 2/fan_in), b ~ N(0, 0.1^2)), --init he0
(He normal, zero biases), --weights/--bias to mix; --dist mixed|box (box:
true FD restricted to the box too); --fd batch (skip the region search);
--grid full with --n0s/--widths/--depths (input dimension independent of w).
Every float64 value is handed to relufiber as its exact dyadic rational, so
both methods see exactly the same network and points.  Fractions are printed
as count/n with the binomial standard error.

usage: /usr/bin/python3 bench/fdim/hidden_symmetries.py [--quick] [--grid tied|full]
       [--init torch|he|he0] [--dist normal|mixed|box] [--fd true|batch]
       [--nets N] [--points P] [--bin PATH] [--seed S] [--cap C] [--json FILE]
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


def draw_net(arch, gen, weights="torch-uniform", bias="torch-uniform", bias_std=0.1):
    """Random parameters, layer by layer (fan_in = width of the previous layer).

    weights: torch-uniform   W ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))  (nn.Linear default:
                             kaiming_uniform_ with a = sqrt(5))
             kaiming-normal  W ~ N(0, 2/fan_in)                      (He normal)
    bias:    torch-uniform   b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))  (nn.Linear default)
             normal          b ~ N(0, bias_std^2)
             zero            b = 0 (every layer-1 hyperplane passes through the origin)
    """
    layers = []
    for l in range(len(arch) - 1):
        fan_in, fan_out = arch[l], arch[l + 1]
        s = fan_in ** -0.5
        if weights == "torch-uniform":
            W = (torch.rand(fan_out, fan_in, generator=gen, dtype=torch.float64) * 2 - 1) * s
        else:
            W = torch.randn(fan_out, fan_in, generator=gen, dtype=torch.float64) * (2.0 / fan_in) ** 0.5
        if bias == "torch-uniform":
            b = (torch.rand(fan_out, generator=gen, dtype=torch.float64) * 2 - 1) * s
        elif bias == "normal":
            b = torch.randn(fan_out, generator=gen, dtype=torch.float64) * bias_std
        else:
            b = torch.zeros(fan_out, dtype=torch.float64)
        layers.append((W, b))
    return layers


def draw_points(npts, n0, gen, dist, far_scale, box):
    """normal: N(0, I) (GLR23's stated choice, per a secondary source);
    mixed: 3/4 N(0, I) + 1/4 N(0, far_scale^2 I); box: uniform in (-box, box)^n0."""
    if dist == "normal":
        return torch.randn(npts, n0, generator=gen, dtype=torch.float64)
    if dist == "box":
        return (torch.rand(npts, n0, generator=gen, dtype=torch.float64) * 2 - 1) * box
    m = npts - npts // 4
    return torch.cat([torch.randn(m, n0, generator=gen, dtype=torch.float64),
                      far_scale * torch.randn(npts - m, n0, generator=gen, dtype=torch.float64)])


def admissible(layers, X):
    """Drop points with an exactly zero hidden pre-activation in float64.  With
    zero biases a layer-l >= 2 neuron is identically 0 wherever layer l-1 is all
    off; such points are not parametrically smooth (exact arithmetic would
    reject them too).  A float zero is an exact zero here: it only arises from
    all-zero inputs to the neuron and a zero bias."""
    h = X
    keep = torch.ones(X.shape[0], dtype=torch.bool)
    for W, b in layers[:-1]:
        z = h @ W.T + b
        keep &= (z != 0).all(dim=1)
        h = torch.relu(z)
    return X[keep]


def far_dead_fraction(layers, n0, gen, ndir=2000):
    """Float diagnostic (not a certificate): fraction of layer-2 neurons whose
    pre-activation is negative far out in every sampled direction, i.e. in the
    homogeneous (bias-free) network on the unit sphere.  Such a neuron can be
    active only in a bounded region, where some layer-1 neurons are never on:
    those weights W2[i][j] are unused."""
    if len(layers) < 3:
        return None
    U = torch.randn(ndir, n0, generator=gen, dtype=torch.float64)
    U = U / U.norm(dim=1, keepdim=True)
    (W1, _), (W2, _) = layers[0], layers[1]
    g = torch.relu(U @ W1.T) @ W2.T
    return float((g < 0).all(dim=0).double().mean())


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


def binom(c, n):
    """count/n, fraction and binomial standard error sqrt(p(1-p)/n)."""
    p = c / max(n, 1)
    return f"{c:3d}/{n:<3d} {p:4.2f}+-{(p * (1 - p) / max(n, 1)) ** 0.5:4.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small grid, few networks (a few minutes)")
    ap.add_argument("--grid", choices=["tied", "full"], default="tied",
                    help="tied (default): n0 = every hidden width, as in GLR23's Figure 6 "
                         "(n0 = n1 = ... = n_(d-1), n_d = 1); full: every (n0, w, k) of the lists")
    ap.add_argument("--nets", type=int, default=None, help="networks per cell")
    ap.add_argument("--points", type=int, default=None,
                    help="sample points per network (raised to 2(D-H) if smaller)")
    ap.add_argument("--bin", default=os.environ.get("RF_BIN", "build/relufiber"))
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--cap", type=int, default=20000, help="LP cap of the region search")
    ap.add_argument("--json", default=None, help="also write all results to this file")
    ap.add_argument("--init", choices=["torch", "he", "he0"], default="torch",
                    help="preset: torch (default) = nn.Linear default, W and b ~ U(+-1/sqrt(fan_in)); "
                         "he = W ~ N(0, 2/fan_in), b ~ N(0, bias_std^2); he0 = He normal, b = 0")
    ap.add_argument("--weights", choices=["torch-uniform", "kaiming-normal"], default=None,
                    help="override the weight law of --init")
    ap.add_argument("--bias", choices=["torch-uniform", "normal", "zero"], default=None,
                    help="override the bias law of --init")
    ap.add_argument("--bias-std", type=float, default=0.1, help="bias std for --bias normal")
    ap.add_argument("--dist", choices=["normal", "mixed", "box"], default="normal",
                    help="points: normal = N(0, I) (default, GLR23's stated choice); mixed = 3/4 N(0, I) "
                         "+ 1/4 N(0, far_scale^2 I); box = uniform in (-R, R)^n0 with R = --box-radius")
    ap.add_argument("--box-radius", type=float, default=1.0,
                    help="R for --dist box; the true FD is then also restricted to the box")
    ap.add_argument("--far-scale", type=float, default=30.0, help="std of the far quarter for --dist mixed")
    ap.add_argument("--fd", choices=["true", "batch"], default="true",
                    help="true (default): also compute the exact true FD by complete region search; "
                         "batch: exact batch FD at the sample only (faster)")
    ap.add_argument("--no-float", action="store_true", help="skip the PyTorch float rank")
    ap.add_argument("--tiny-weight", type=float, default=None,
                    help="multiply the first outgoing weight of the last hidden layer by this "
                         "factor (e.g. 1e-10): badly scaled weights, where float ranks fail")
    ap.add_argument("--n0s", default=None, help="comma list of input dimensions (--grid full)")
    ap.add_argument("--widths", default=None, help="comma list of hidden widths")
    ap.add_argument("--depths", default=None, help="comma list of numbers of hidden layers")
    a = ap.parse_args()
    presets = {"torch": ("torch-uniform", "torch-uniform"), "he": ("kaiming-normal", "normal"),
               "he0": ("kaiming-normal", "zero")}
    wlaw, blaw = presets[a.init]
    wlaw = a.weights or wlaw
    blaw = a.bias or blaw
    if a.grid == "tied":
        n0s, widths, depths = [None], [2, 3, 4, 5], [1, 2, 3, 4]
        if a.quick:
            widths, depths = [2, 3, 4], [1, 2, 3]
    else:
        n0s, widths, depths = [1, 2, 3], [2, 3, 4, 6], [1, 2, 3, 4]
        if a.quick:
            widths, depths = [2, 4, 6], [1, 2, 3]
    nets = a.nets or (8 if a.quick else 30)
    npts = a.points or (200 if a.quick else 500)
    if a.n0s:
        n0s = [int(v) for v in a.n0s.split(",")]
    if a.widths:
        widths = [int(v) for v in a.widths.split(",")]
    if a.depths:
        depths = [int(v) for v in a.depths.split(",")]
    want_true = a.fd == "true"
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(a.seed)
    tmp = tempfile.mkdtemp(prefix="rf_hs_")
    rows = []
    dist = {"normal": "N(0, I)", "mixed": f"3/4 N(0,I) + 1/4 N(0,{a.far_scale:g}^2 I)",
            "box": f"U(-{a.box_radius:g}, {a.box_radius:g})^n0 (true FD restricted to the box)"}[a.dist]
    bias_txt = {"torch-uniform": "U(+-1/sqrt(fan_in))", "normal": f"N(0, {a.bias_std:g}^2)", "zero": "0"}[blaw]
    w_txt = {"torch-uniform": "U(+-1/sqrt(fan_in))", "kaiming-normal": "N(0, 2/fan_in)"}[wlaw]
    print(f"# weights {w_txt}, biases {bias_txt}; points {dist}, >= {npts} per net; "
          f"{nets} nets per cell; grid {a.grid}; seed {a.seed}")
    print("# full = rank equals D - H; +- is the binomial standard error sqrt(p(1-p)/n)")
    print("# n0  w  k   D-H |   full(true,exact)  inc |  full(batch,exact) | full(batch,float) "
          "| f!=e (f<e,f>e) | unusedW deadL2 farL2 | t_exact t_float ratio")
    total_dis = 0
    for n0g in n0s:
        for w in widths:
            n0 = w if n0g is None else n0g
            for k in depths:
                arch = [n0] + [w] * k + [1]
                D = sum(arch[i + 1] * (arch[i] + 1) for i in range(len(arch) - 1))
                H = w * k
                m_pts = max(npts, 2 * (D - H))
                full_true = incomplete = full_be = full_bf = dis = dis_lo = dis_hi = done = 0
                unused = dead = 0
                far = []
                t_ex = t_fl = 0.0
                for it in range(nets):
                    layers = draw_net(arch, gen, wlaw, blaw, a.bias_std)
                    if a.tiny_weight is not None:
                        W_last, b_last = layers[-1]
                        W_last = W_last.clone()
                        W_last[0, 0] *= a.tiny_weight
                        layers[-1] = (W_last, b_last)
                    X = admissible(layers, draw_points(m_pts, n0, gen, a.dist, a.far_scale, a.box_radius))
                    fd = far_dead_fraction(layers, n0, gen)
                    if fd is not None:
                        far.append(fd)
                    netf = os.path.join(tmp, "net.rfn")
                    ptsf = os.path.join(tmp, "pts.txt")
                    write_rfn(netf, arch, layers)
                    write_points(ptsf, X)
                    cmd = [a.bin, "fdim", netf, "--points", ptsf, "--json"]
                    if want_true:
                        cmd += ["--true", "--cap", str(a.cap)]
                        if a.dist == "box":
                            lo = ",".join([exact(-a.box_radius)] * n0)
                            hi = ",".join([exact(a.box_radius)] * n0)
                            cmd += ["--box", f"{lo}:{hi}"]
                    t0 = time.perf_counter()
                    p = subprocess.run(cmd, capture_output=True, text=True)
                    t_ex += time.perf_counter() - t0
                    if p.returncode != 0:
                        # a sample point exactly on a bent hyperplane: report, skip the net
                        print(f"# skipped a network: {p.stderr.strip()}", file=sys.stderr)
                        continue
                    done += 1
                    res = json.loads(p.stdout)
                    rb = res["batch"]["rank"]
                    kinds = [mm["kind"] for mm in res.get("mechanisms", [])]
                    unused += sum(1 for kk in kinds if kk == "unused-weight")
                    dead += any(kk in ("stably-unactivated", "dead-by-signs") and mm["layer"] == 2
                                for kk, mm in zip(kinds, res.get("mechanisms", [])))
                    row = dict(n0=n0, w=w, k=k, D=D, H=H, batch_exact=rb, points=int(X.shape[0]),
                               far_dead=fd, mechanisms=kinds)
                    if want_true:
                        rt = res["true"]["rank"]
                        if not res["true_fd_exact"]:
                            incomplete += 1
                        full_true += (rt == D - H and res["true"]["exact"])
                        row.update(true=rt, true_exact=res["true_fd_exact"], regions=res["regions"])
                    full_be += (rb == D - H)
                    if not a.no_float:
                        rf, tf = float_rank(arch, layers, X)
                        t_fl += tf
                        full_bf += (rf == D - H)
                        dis += rf != rb
                        dis_lo += rf < rb
                        dis_hi += rf > rb
                        row["batch_float"] = rf
                    rows.append(row)
                total_dis += dis
                tt = binom(full_true, done) if want_true else "        -        "
                fl = binom(full_bf, done) if not a.no_float else "        -        "
                farm = f"{sum(far) / len(far):5.2f}" if far else "    -"
                ratio = f"{t_ex / t_fl:5.1f}" if t_fl > 0 else "    -"
                print(f"  {n0:2d} {w:2d} {k:2d} {D - H:5d} | {tt} {incomplete:4d} | {binom(full_be, done)} "
                      f"| {fl} | {dis:3d} ({dis_lo},{dis_hi})    | {unused / max(done, 1):7.2f} "
                      f"{dead:6d} {farm} | {t_ex / max(done, 1):7.3f} {t_fl / max(done, 1):7.3f} "
                      f"{ratio}", flush=True)
    print(f"# total float/exact disagreements: {total_dis}")
    print("# unusedW = mean number of exact unused-weight mechanisms per net (needs --fd true: "
          "complete region list); deadL2 = nets with a layer-2 neuron that is off on every region; "
          "farL2 = mean fraction of layer-2 neurons negative far out in every direction (float diagnostic)")

    def marginal(key, vals, field, cond=lambda r: True):
        out = []
        for v in vals:
            sel = [r for r in rows if r[key] == v and cond(r)]
            if field == "true":
                full = sum(1 for r in sel if r.get("true_exact") and r["true"] == r["D"] - r["H"])
            else:
                full = sum(1 for r in sel if r["batch_exact"] == r["D"] - r["H"])
            out.append(f"{v}: {full / max(len(sel), 1):.2f} (n={len(sel)})")
        return ", ".join(out)
    fields = ["true", "batch"] if want_true else ["batch"]
    for fld in fields:
        print(f"# [{fld} FD] fraction full by depth k:          " + marginal("k", depths, fld))
        wl = "w = n0" if a.grid == "tied" else "w"
        print(f"# [{fld} FD] ... by width {wl} (k >= 2):           " +
              marginal("w", widths, fld, lambda r: r["k"] >= 2))
        if a.grid == "full":
            print(f"# [{fld} FD] ... by input dim n0 (k >= 2):     " +
                  marginal("n0", n0s, fld, lambda r: r["k"] >= 2))
    print("# t_exact = wall time of one relufiber call (process start, exact patterns, certified batch "
          "rank and, with --fd true, the exact region search (stopped early once the rank reaches "
          "D - H) and true FD); t_float = autograd Jacobian + SVD rank only.")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
