#!/usr/bin/env python3
"""Equivalence on real networks, side by side (issue 10 benchmarks).

For each case: relufiber equiv wall time, the read-and-evaluate limit (the
time of 'relufiber info' on both files: reading the networks), and z3 on the
QF_LRA query where it is feasible. Cases:
  - ACAS Xu (the two networks of ../shared/nets): permuted + positively
    rescaled copies (equivalent), one weight moved by 1e-12 (not
    equivalent), one output weight moved by 1e-12; SEEDS seeds each;
  - PyTorch MLPs trained here on synthetic data (no downloads): 784-256-256-10
    (permuted copy; a second training run), 5-16-16-1 and 3-8-4-1 (permuted
    copies).
Usage: bench_equiv.py [--seeds N] [--quick] (from the project root, after
building into build/). Prints a table; exits 1 on a wrong verdict.
"""
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RF = os.path.join(ROOT, 'build', 'relufiber')
NETMOD = os.path.join(ROOT, 'bench', 'equiv', 'netmod.py')
NETS = os.path.join(ROOT, '..', 'shared', 'nets')
ACAS = ['ACASXU_run2a_1_2_batch_2000.nnet', 'ACASXU_run2a_3_3_batch_2000.nnet']


def run(args, timeout=600):
    t = time.perf_counter()
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    return p.returncode, time.perf_counter() - t, p.stdout + p.stderr


def method(out):
    for line in out.splitlines():
        if '(decided by ' in line:
            return line.split('(decided by ')[1].rstrip(')')
    return '?'


def write_torch_rfn(path, model):
    import torch
    lin = [m for m in model if isinstance(m, torch.nn.Linear)]
    arch = [lin[0].in_features] + [m.out_features for m in lin]
    with open(path, 'w') as f:
        f.write('arch ' + ' '.join(map(str, arch)) + '\n')
        for l, m in enumerate(lin):
            f.write('W%d\n' % (l + 1))
            W = m.weight.detach().double().tolist()
            for row in W:
                f.write(' '.join(str(Fraction(x)) for x in row) + '\n')
            f.write('b%d ' % (l + 1) + ' '.join(str(Fraction(x)) for x in m.bias.detach().double().tolist()) + '\n')


def train_mlp(widths, seed, steps):
    import torch
    torch.manual_seed(seed)
    layers = []
    for a, b in zip(widths[:-1], widths[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    g = torch.Generator().manual_seed(1234)     # the same synthetic data for every run
    X = torch.randn(2048, widths[0], generator=g)
    teacher = torch.randn(widths[0], widths[-1], generator=g)
    Y = torch.relu(X @ teacher) - 0.5 * (X @ teacher)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(steps):
        idx = torch.randint(0, 2048, (128,))
        loss = ((model(X[idx]) - Y[idx]) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def case(rows, name, a, b, expect, z3=False):
    rc, t, out = run([RF, 'equiv', '--quiet', a, b])
    _, tr, _ = run([RF, 'info', a])
    _, tr2, _ = run([RF, 'info', b])
    ok = rc == (0 if expect else 1)
    z = ''
    if z3:
        rz, tz, outz = run([RF, 'equiv', '--quiet', '--cross-check', 'z3', '--timeout', '20000', a, b])
        line = [l for l in outz.splitlines() if l.startswith('cross-check')]
        z = ('%.2f s: ' % (tz - t)) + (line[0].split(': ', 1)[1][:40] if line else '?')
    rows.append((name, 'equivalent' if rc == 0 else 'not equivalent' if rc == 1 else 'error/unknown',
                 method(out), t, tr + tr2, max(0.0, t - tr - tr2), ok, z))
    return ok


def main():
    seeds = 20
    if '--seeds' in sys.argv:
        seeds = int(sys.argv[sys.argv.index('--seeds') + 1])
    quick = '--quick' in sys.argv
    rows = []
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for net in ACAS:
            src = os.path.join(NETS, net)
            if not os.path.exists(src):
                print('skipping %s (not found)' % src)
                continue
            base = os.path.join(tmp, net + '.rfn')
            subprocess.run([RF, 'convert', src, base], check=True)
            stats = {}
            for kind, ops, expect in (('perm+scale', ['--perm-scale'], True),
                                      ('weight +1e-12', ['--perturb', '1e-12'], False),
                                      ('output weight +1e-12', ['--perturb', '1e-12', '--output-weight'], False)):
                for s in range(1, seeds + 1):
                    cp = os.path.join(tmp, 'c.rfn')
                    subprocess.run([sys.executable, NETMOD, base, cp, '--seed', str(s)] + ops, check=True)
                    sub = []
                    ok = case(sub, '%s %s s%d' % (net[:17], kind, s), base, cp, expect, z3=(s == 1 and kind != 'perm+scale' and not quick))
                    bad += not ok
                    st = stats.setdefault(kind, [0, 0, [], [], set(), ''])
                    st[0] += 1
                    st[1] += ok
                    st[2].append(sub[0][3])
                    st[3].append(sub[0][5])
                    st[4].add(sub[0][2])
                    if sub[0][7]:
                        st[5] = sub[0][7]
            for kind, st in stats.items():
                med = sorted(st[3])[len(st[3]) // 2]
                rows.append(('%s %s (%d seeds)' % (net[:17], kind, st[0]), '%d/%d right' % (st[1], st[0]),
                             '/'.join(sorted(st[4])), max(st[2]), float('nan'), max(st[3]), st[1] == st[0],
                             'beyond read: median %.3f s; ' % med + st[5]))
        try:
            import torch  # noqa: F401
            have_torch = True
        except ImportError:
            have_torch = False
        if have_torch:
            for widths, steps in (([784, 256, 256, 10], 300), ([5, 16, 16, 1], 500), ([3, 8, 4, 1], 500)):
                nm = '-'.join(map(str, widths))
                a = os.path.join(tmp, nm + '_a.rfn')
                write_torch_rfn(a, train_mlp(widths, 1, steps))
                p = os.path.join(tmp, nm + '_p.rfn')
                subprocess.run([sys.executable, NETMOD, a, p, '--seed', '7', '--pow2-scale'], check=True)
                bad += not case(rows, 'torch %s permuted+scaled copy' % nm, a, p, True)
                b = os.path.join(tmp, nm + '_b.rfn')
                write_torch_rfn(b, train_mlp(widths, 2, steps))
                bad += not case(rows, 'torch %s second training run' % nm, a, b, False,
                                z3=(widths[0] < 100 and not quick))
    print('(seed rows: the maximum over the seeds of wall and beyond-read times; the median in the last column)')
    print('%-52s %-16s %-20s %9s %9s %11s  %s' % ('case', 'verdict', 'method', 'wall s', 'read s',
                                                  'beyond read', 'z3 (cross-check, extra s)'))
    for r in rows:
        if '(' not in r[0] and ' s' in r[0] and r[0].split()[-1].startswith('s') and seeds > 1:
            continue   # per-seed rows are summarised
        print('%-52s %-16s %-20s %9.3f %9s %11.3f  %s%s' % (r[0][:52], r[1], r[2][:20], r[3],
              '-' if r[4] != r[4] else '%.3f' % r[4], r[5], r[7], '' if r[6] else '  WRONG'))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
