#!/usr/bin/python3
"""relufiber align on planted symmetries (issue 10, item 4), Git Re-Basin style.

Protocol. MLPs 784 -> w1 -> w2 -> 10 (the MNIST shape of the Git Re-Basin
MLP experiments; input 784 for every width), hidden widths (3, 5), (30, 50),
(512, 512), (1024, 1024). Weights: He-normal draws quantised to 8 decimals
(W = M / 10^8 with integer M), biases likewise with scale 0.1, so A is an
exact rational network. Per run: a uniform permutation and positive
rational scalings p/q (1 <= p <= 7, 1 <= q <= 5) of every hidden neuron
give B = g A, written exactly ("num/den"). Measured:

  exact    relufiber align A B --json: recovered = 'equivalent' (residual
           exactly 0) and the planted permutation found in every layer;
  1e-6     every weight and bias of B multiplied by (1 + 1e-6 u), u uniform
           in [-1, 1], written as the nearest double: recovered = planted
           permutation found in every layer (the residual is then ~1e-6);
  sweep    the same with noise 1e-5, 1e-4, ..., 1e-1, 0.3, 1: recovery per level and
           the first level where a run fails;
  WM       the plain weight matching of Git Re-Basin (Ainsworth et al.,
           2023): maximise sum_l <W_l^A, P_l W_l^B P_{l-1}^T> (biases
           included) by coordinate descent over the layers, no scale
           normalisation; each step is a linear assignment solved with
           relufiber's rf_align_lap through ctypes (same solver, only the
           objective differs). Recovered = planted permutation found. Run
           on the same scaled instances, and on permutation-only instances
           (scalings 1) as a control.

Times are CPU seconds (user + sys) per run of the CLI, median over the
runs: reading both networks, aligning, the exact transformation, re-check
and residual, JSON output (CPU time rather than wall time, so that figures
taken on a shared machine stay meaningful).

Usage (from the project root, after building into build/):
  bench_align.py [--runs N] [--big-runs N] [--sweep-runs N] [--wm-big-runs N]
                 [--widths 3x5,30x50,512x512,1024x1024] [--seed S] [--build DIR]
"""
import argparse
import ctypes
import json
import os
import resource
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RF = os.path.join(ROOT, 'build', 'relufiber')
LIB = os.path.join(ROOT, 'build', 'librelufiber.so')
D_IN, D_OUT, Q = 784, 10, 10 ** 8
SWEEP = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 3e-1, 1.0]


def make_net(rng, dims):
    """Integer mantissas M (value M / Q) of the weights and biases."""
    Ws, bs = [], []
    for l in range(len(dims) - 1):
        std = np.sqrt(2.0 / dims[l])
        Ws.append(np.rint(rng.standard_normal((dims[l + 1], dims[l])) * std * Q).astype(np.int64))
        bs.append(np.rint(rng.standard_normal(dims[l + 1]) * 0.1 * Q).astype(np.int64))
    return Ws, bs


def plant(rng, dims, scaled=True):
    perms, ps, qs = [], [], []
    for h in range(1, len(dims) - 1):
        n = dims[h]
        perms.append(rng.permutation(n))
        if scaled:
            ps.append(rng.integers(1, 8, n).astype(np.int64))
            qs.append(rng.integers(1, 6, n).astype(np.int64))
        else:
            ps.append(np.ones(n, np.int64))
            qs.append(np.ones(n, np.int64))
    return perms, ps, qs


def transformed(Ws, bs, perms, ps, qs):
    """B = g A exactly: per layer numerators and denominators (int64 arrays,
    value num / den), neuron i of A at position perm[i] of B, its row times
    p/q and its outgoing column times q/p."""
    L = len(Ws)
    out = []
    for l in range(L):
        num = Ws[l].copy()
        den = np.full(num.shape, Q, np.int64)
        bnum = bs[l].copy()
        bden = np.full(bnum.shape, Q, np.int64)
        if l + 1 < L:                      # rows: this layer's scaling
            num *= ps[l][:, None]
            den *= qs[l][:, None]
            bnum *= ps[l]
            bden *= qs[l]
        if l > 0:                          # columns: the previous layer's
            num *= qs[l - 1][None, :]
            den *= ps[l - 1][None, :]
        if l + 1 < L:
            inv = np.empty_like(perms[l])
            inv[perms[l]] = np.arange(len(perms[l]))
            num, den, bnum, bden = num[inv], den[inv], bnum[inv], bden[inv]
        if l > 0:
            invp = np.empty_like(perms[l - 1])
            invp[perms[l - 1]] = np.arange(len(perms[l - 1]))
            num, den = num[:, invp], den[:, invp]
        out.append((num, den, bnum, bden))
    return out


def write_exact(path, dims, layers):
    with open(path, 'w') as f:
        f.write('arch ' + ' '.join(map(str, dims)) + '\n')
        for l, (num, den, bnum, bden) in enumerate(layers):
            f.write('W%d\n' % (l + 1))
            for r in range(num.shape[0]):
                f.write(' '.join('%d/%d' % (a, b) for a, b in zip(num[r].tolist(), den[r].tolist())))
                f.write('\n')
            f.write('b%d ' % (l + 1) + ' '.join('%d/%d' % (a, b) for a, b in zip(bnum.tolist(), bden.tolist())) + '\n')


def write_float(path, dims, Wf, bf):
    with open(path, 'w') as f:
        f.write('arch ' + ' '.join(map(str, dims)) + '\n')
        for l in range(len(Wf)):
            f.write('W%d\n' % (l + 1))
            for r in range(Wf[l].shape[0]):
                f.write(' '.join(repr(x) for x in Wf[l][r].tolist()) + '\n')
            f.write('b%d ' % (l + 1) + ' '.join(repr(x) for x in bf[l].tolist()) + '\n')


def as_float(layers):
    Wf = [num / den for (num, den, _, _) in layers]
    bf = [bnum / bden for (_, _, bnum, bden) in layers]
    return Wf, bf


def noisy(rng, Wf, bf, eps):
    return ([W * (1 + eps * rng.uniform(-1, 1, W.shape)) for W in Wf],
            [b * (1 + eps * rng.uniform(-1, 1, b.shape)) for b in bf])


def run_align(pa, pb):
    """Run the CLI; returns its JSON and its CPU time (user + sys of the
    child: robust on a loaded machine, where wall time is not)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run([RF, 'align', '--json', pa, pb], capture_output=True, text=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    dt = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if r.returncode != 0:
        sys.exit('relufiber align failed: %s' % r.stderr)
    return json.loads(r.stdout), dt


def perm_found(res, perms):
    for h, P in enumerate(perms):
        got = np.array(res['hidden_layers'][h]['perm']) - 1    # B neuron -> position
        if not np.array_equal(got[P], np.arange(len(P))):
            return False
    return True


# ---- Git Re-Basin weight matching (no scale normalisation) -------------

class Lap:
    def __init__(self):
        self.lib = ctypes.CDLL(LIB)
        self.lib.rf_align_lap.restype = ctypes.c_double
        self.lib.rf_align_lap.argtypes = [ctypes.POINTER(ctypes.c_long),
                                          ctypes.POINTER(ctypes.c_double), ctypes.c_long]

    def maximise(self, S):
        n = S.shape[0]
        C = np.ascontiguousarray(-S, dtype=np.float64)
        col = np.zeros(n, dtype=np.int64)
        self.lib.rf_align_lap(col.ctypes.data_as(ctypes.POINTER(ctypes.c_long)),
                              C.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), n)
        return col                                   # A neuron i <- B neuron col[i]


def weight_matching(lap, WA, bA, WB, bB, rng, sweeps=20):
    """Ainsworth et al.'s weight matching for an MLP: sel[h][i] = the B
    neuron matched with A's neuron i of hidden layer h."""
    H = len(WA) - 1
    sel = [np.arange(WA[h].shape[0]) for h in range(H)]
    for _ in range(sweeps):
        changed = False
        for h in rng.permutation(H):
            Win = WB[h] if h == 0 else WB[h][:, sel[h - 1]]
            S = WA[h] @ Win.T + np.outer(bA[h], bB[h])
            Wout = WB[h + 1] if h + 1 == H else WB[h + 1][sel[h + 1], :]
            S += WA[h + 1].T @ Wout
            new = lap.maximise(S)
            old = np.sum(S[np.arange(len(new)), sel[h]])
            if np.sum(S[np.arange(len(new)), new]) > old + 1e-12 * (1 + abs(old)):
                sel[h] = new
                changed = True
        if not changed:
            break
    return sel


def wm_found(sel, perms):
    # A's neuron i is at position perms[h][i] of B
    return all(np.array_equal(sel[h], perms[h]) for h in range(len(perms)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--runs', type=int, default=100)
    ap.add_argument('--big-runs', type=int, default=None,
                    help='runs for widths >= 512 (default: --runs)')
    ap.add_argument('--sweep-runs', type=int, default=20)
    ap.add_argument('--wm-big-runs', type=int, default=None)
    ap.add_argument('--widths', default='3x5,30x50,512x512,1024x1024')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'),
                    help='build directory holding relufiber and librelufiber.so')
    a = ap.parse_args()
    global RF, LIB
    RF = os.path.join(a.build, 'relufiber')
    LIB = os.path.join(a.build, 'librelufiber.so')
    if not os.path.exists(RF):
        sys.exit('build relufiber first (ninja -C build)')
    lap = Lap()
    rng = np.random.default_rng(a.seed)
    tmp = tempfile.mkdtemp(prefix='rf_bench_align_')
    pa, pb = os.path.join(tmp, 'a.rfn'), os.path.join(tmp, 'b.rfn')
    rows = []
    for spec in a.widths.split(','):
        w1, w2 = map(int, spec.split('x'))
        dims = [D_IN, w1, w2, D_OUT]
        big = max(w1, w2) >= 512
        runs = a.big_runs if (big and a.big_runs is not None) else a.runs
        wm_runs = a.wm_big_runs if (big and a.wm_big_runs is not None) else runs
        sweep_runs = min(a.sweep_runs, runs)
        ex_ok = no_ok = wm_ok = wm_perm_ok = 0
        t_ex, t_no, res_no = [], [], []
        sweep_ok = {e: 0 for e in SWEEP}
        for r in range(runs):
            Ws, bs = make_net(rng, dims)
            write_exact(pa, dims, [(W, np.full(W.shape, Q, np.int64), b, np.full(b.shape, Q, np.int64))
                                   for W, b in zip(Ws, bs)])
            perms, ps, qs = plant(rng, dims)
            layers = transformed(Ws, bs, perms, ps, qs)
            write_exact(pb, dims, layers)
            res, dt = run_align(pa, pb)
            t_ex.append(dt)
            ex_ok += bool(res['equivalent']) and perm_found(res, perms)
            Wf, bf = as_float(layers)
            Wn, bn = noisy(rng, Wf, bf, 1e-6)
            write_float(pb, dims, Wn, bn)
            res, dt = run_align(pa, pb)
            t_no.append(dt)
            ok = perm_found(res, perms)
            no_ok += ok
            res_no.append(res['max_rel_decimal'])
            if r < sweep_runs:
                for e in SWEEP:
                    Wn, bn = noisy(rng, Wf, bf, e)
                    write_float(pb, dims, Wn, bn)
                    res, _ = run_align(pa, pb)
                    sweep_ok[e] += perm_found(res, perms)
            if r < wm_runs:
                WA = [W / Q for W in Ws]
                bA = [b / Q for b in bs]
                sel = weight_matching(lap, WA, bA, Wf, bf, rng)
                wm_ok += wm_found(sel, perms)
                perms1, ps1, qs1 = plant(rng, dims, scaled=False)
                W1, b1 = as_float(transformed(Ws, bs, perms1, ps1, qs1))
                sel = weight_matching(lap, WA, bA, W1, b1, rng)
                wm_perm_ok += wm_found(sel, perms1)
            print('  %s run %d/%d done' % (spec, r + 1, runs), file=sys.stderr, flush=True)
        first_fail = next((e for e in SWEEP if sweep_ok[e] < sweep_runs), None) if sweep_runs else 'n/a'
        rows.append((spec, runs, ex_ok, np.median(t_ex), no_ok, np.median(res_no), np.median(t_no),
                     sweep_runs, sweep_ok, first_fail, wm_runs, wm_ok, wm_perm_ok))
    print('\nrelufiber align, MLP 784-w1-w2-10, planted permutation + positive scalings p/q '
          '(p <= 7, q <= 5), seed %d' % a.seed)
    hdr = ('%-10s %5s %11s %9s %11s %11s %9s   %-40s %-10s %14s %14s'
           % ('widths', 'runs', 'exact rec.', 'cpu/run', '1e-6 rec.', 'resid(rel)', 'cpu/run',
              'noise sweep (recovered / runs)', 'fails at', 'WM scaled', 'WM perm-only'))
    print(hdr)
    print('-' * len(hdr))
    for (spec, runs, ex_ok, tex, no_ok, rno, tno, sr, sok, ff, wr, wok, wpok) in rows:
        sweep = ' '.join('%g:%d' % (e, sok[e]) for e in SWEEP)
        print('%-10s %5d %5d/%-5d %8.2fs %5d/%-5d %11.2e %8.2fs   %-40s %-10s %8d/%-5d %8d/%-5d'
              % (spec, runs, ex_ok, runs, tex, no_ok, runs, rno, tno, sweep + ' /%d' % sr,
                 ff if isinstance(ff, str) else (('%g' % ff) if ff is not None else 'none <= 1'), wok, wr, wpok, wr))
    for f in (pa, pb):
        if os.path.exists(f):
            os.remove(f)
    os.rmdir(tmp)


if __name__ == '__main__':
    main()
