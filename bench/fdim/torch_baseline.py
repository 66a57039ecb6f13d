#!/usr/bin/env python3
"""Float baseline for `relufiber fdim`: the Jacobian of the outputs with
respect to all parameters at N points (torch autograd), its numerical rank by
SVD (torch.linalg.matrix_rank, float64), timed, side by side with the
certified rank of `relufiber fdim --points` at the SAME points (written as the
exact rationals of their float64 values).

usage: torch_baseline.py NET.nnet [--points N] [--seed S] [--relufiber PATH]
                         [--threads T] [--skip-relufiber] [--skip-torch]
Points: uniform in the NNet input box (normalised coordinates), as
`relufiber fdim --random N --box nnet` draws them.
Needs python3 with torch (Debian: python3-torch) and numpy.
"""
import argparse, json, os, subprocess, sys, tempfile, time
from fractions import Fraction

def read_nnet(path):
    lines = [l.strip() for l in open(path) if not l.startswith("//")]
    rows = [[float(t) for t in l.split(",") if t.strip() != ""] for l in lines if l]
    nl, n0, nout, _ = [int(v) for v in rows[0][:4]]
    sizes = [int(v) for v in rows[1][:nl + 1]]
    mins, maxs, means, ranges = rows[3], rows[4], rows[5], rows[6]
    k = 7
    Ws, bs = [], []
    for l in range(nl):
        W = rows[k:k + sizes[l + 1]]
        k += sizes[l + 1]
        b = [r[0] for r in rows[k:k + sizes[l + 1]]]
        k += sizes[l + 1]
        Ws.append(W)
        bs.append(b)
    lo = [(mins[j] - means[j]) / ranges[j] for j in range(n0)]
    hi = [(maxs[j] - means[j]) / ranges[j] for j in range(n0)]
    return sizes, Ws, bs, lo, hi

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("net")
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--relufiber", default=os.path.join(os.path.dirname(__file__), "..", "..", "build", "relufiber"))
    ap.add_argument("--skip-relufiber", action="store_true")
    ap.add_argument("--skip-torch", action="store_true")
    ap.add_argument("--method", choices=["persample", "jacobian"], default="persample",
                    help="persample: autograd backward per output + outer products (fast); "
                         "jacobian: torch.autograd.functional.jacobian(vectorize=True)")
    a = ap.parse_args()
    import numpy as np
    sizes, Ws, bs, lo, hi = read_nnet(a.net)
    rng = np.random.default_rng(a.seed)
    X = rng.uniform(lo, hi, size=(a.points, sizes[0]))
    D = sum(sizes[l + 1] * (sizes[l] + 1) for l in range(len(sizes) - 1))
    H = sum(sizes[1:-1])
    out = {"net": os.path.basename(a.net), "points": a.points, "D": D, "H": H, "bound": D - H}
    if not a.skip_torch:
        import torch
        torch.set_num_threads(a.threads)
        params = []
        for W, b in zip(Ws, bs):
            params.append(torch.tensor(W, dtype=torch.float64))
            params.append(torch.tensor(b, dtype=torch.float64))
        flat = torch.cat([p.reshape(-1) for p in params])
        x = torch.tensor(X, dtype=torch.float64)
        shapes = [p.shape for p in params]
        def f(theta):
            k, h = 0, x
            ps = []
            for s in shapes:
                n = int(np.prod(s))
                ps.append(theta[k:k + n].reshape(s))
                k += n
            for l in range(0, len(ps), 2):
                h = h @ ps[l].T + ps[l + 1]
                if l + 2 < len(ps):
                    h = torch.relu(h)
            return h.reshape(-1)
        t0 = time.perf_counter()
        if a.method == "jacobian":
            J = torch.autograd.functional.jacobian(f, flat, vectorize=True)
        else:
            # per-sample gradients by autograd: one backward pass per output
            # gives dF_k/dz^l for every sample (samples are independent), and
            # dF_k/dW^l = (dF_k/dz^l) (h^(l-1))^T, dF_k/db^l = dF_k/dz^l.
            Wt = [p.clone().requires_grad_(False) for p in params]
            rows = []
            for k in range(sizes[-1]):
                hs, zs, h = [], [], x
                for l in range(0, len(Wt), 2):
                    hs.append(h)
                    z = (h @ Wt[l].T + Wt[l + 1]).requires_grad_(True) if l == 0 else h @ Wt[l].T + Wt[l + 1]
                    z.retain_grad()
                    zs.append(z)
                    h = torch.relu(z) if l + 2 < len(Wt) else z
                if not zs[0].requires_grad:
                    raise SystemExit("autograd graph not built")
                h[:, k].sum().backward()
                parts = []
                for l in range(len(zs)):
                    d = zs[l].grad
                    parts.append(torch.einsum("ni,nj->nij", d, hs[l].detach()).reshape(x.shape[0], -1))
                    parts.append(d)
                rows.append(torch.cat(parts, dim=1))
            J = torch.stack(rows, dim=1).reshape(x.shape[0] * sizes[-1], -1)
        t1 = time.perf_counter()
        r = int(torch.linalg.matrix_rank(J).item())
        t2 = time.perf_counter()
        out["torch"] = {"rank": r, "jacobian_s": round(t1 - t0, 3), "svd_rank_s": round(t2 - t1, 3),
                        "total_s": round(t2 - t0, 3), "threads": a.threads,
                        "note": "float64 SVD rank (default tolerance): a numerical estimate, no certificate"}
    if not a.skip_relufiber:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fp:
            for p in X:
                fp.write(" ".join(str(Fraction(float(v))) for v in p) + "\n")
            pf = fp.name
        t0 = time.perf_counter()
        res = subprocess.run([a.relufiber, "fdim", a.net, "--points", pf, "--no-mechanisms", "--json",
                              "--threads", str(a.threads)], capture_output=True, text=True)
        t1 = time.perf_counter()
        os.unlink(pf)
        if res.returncode != 0:
            print(res.stderr, file=sys.stderr)
            sys.exit(1)
        b = json.loads(res.stdout)["batch"]
        out["relufiber"] = {"rank": b["rank"], "exact": b["exact"], "certificate": b["certificate"],
                            "upper": b.get("upper"), "total_s": round(t1 - t0, 3)}
    print(json.dumps(out, indent=1))
    if "torch" in out and "relufiber" in out:
        t, r = out["torch"], out["relufiber"]
        print("\n%-10s %8s %10s %-s" % ("", "rank", "time (s)", "status"))
        print("%-10s %8d %10.2f %s" % ("torch", t["rank"], t["total_s"], "float SVD estimate"))
        print("%-10s %8d %10.2f %s" % ("relufiber", r["rank"], r["total_s"],
              "exact (%s)" % r["certificate"] if r["exact"] else
              "certified interval [%d, %s]" % (r["rank"], r["upper"])))

if __name__ == "__main__":
    main()
