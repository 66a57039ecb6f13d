#!/usr/bin/env python3
"""Exact network surgery for the equivalence benchmarks and tests.

Reads and writes relufiber's .rfn text format with fractions.Fraction, so
every copy is exact. Operations (applied in the order given):
  --perm-scale        random permutation and positive scalings p/q of every
                      hidden layer (the function is unchanged)
  --pow2-scale        the same with power-of-two scalings
  --perturb EPS       move one random weight (or --all: every weight) by the
                      relative amount EPS (an exact decimal, e.g. 1e-12)
  --output-weight     with --perturb: move an output-layer weight
  --add-dead          add a dead neuron (row <= 0, bias < 0) to hidden
                      layers >= 2, and one with zero row, bias -1, to layer 1
  --add-twin          split one neuron into two positive twins
Usage: netmod.py IN.rfn OUT.rfn [--seed S] OPS...
"""
import random
import sys
from fractions import Fraction


def read_rfn(path):
    toks = []
    for line in open(path):
        line = line.split('#', 1)[0].strip()
        if line:
            toks.append(line.split())
    arch = [int(t) for t in toks[0][1:]]
    L = len(arch) - 1
    Ws, bs, k = [], [], 1
    for l in range(L):
        assert toks[k][0] == 'W%d' % (l + 1)
        k += 1
        W = []
        for i in range(arch[l + 1]):
            W.append([Fraction(t) for t in toks[k]])
            k += 1
        assert toks[k][0] == 'b%d' % (l + 1)
        b = [Fraction(t) for t in toks[k][1:]]
        k += 1
        Ws.append(W)
        bs.append(b)
    return Ws, bs


def write_rfn(path, Ws, bs):
    arch = [len(Ws[0][0])] + [len(W) for W in Ws]
    with open(path, 'w') as f:
        f.write('arch ' + ' '.join(map(str, arch)) + '\n')
        for l, (W, b) in enumerate(zip(Ws, bs)):
            f.write('W%d\n' % (l + 1))
            for row in W:
                f.write(' '.join(str(x) for x in row) + '\n')
            f.write('b%d ' % (l + 1) + ' '.join(str(x) for x in b) + '\n')


def perm_scale(Ws, bs, rng, pow2):
    for h in range(len(Ws) - 1):
        n = len(Ws[h])
        p = list(range(n))
        rng.shuffle(p)
        s = [Fraction(2) ** rng.randint(-3, 3) if pow2 else
             Fraction(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(n)]
        W = [None] * n
        b = [None] * n
        for i in range(n):
            W[p[i]] = [x * s[i] for x in Ws[h][i]]
            b[p[i]] = bs[h][i] * s[i]
        Ws[h], bs[h] = W, b
        nxt = Ws[h + 1]
        for r in range(len(nxt)):
            row = [None] * n
            for i in range(n):
                row[p[i]] = nxt[r][i] / s[i]
            nxt[r] = row


def perturb(Ws, bs, rng, eps, everything, output):
    layers = [len(Ws) - 1] if output else range(len(Ws))
    cells = [(l, i, j) for l in layers for i in range(len(Ws[l])) for j in range(len(Ws[l][i]))
             if Ws[l][i][j] != 0]
    chosen = cells if everything else [rng.choice(cells)]
    for (l, i, j) in chosen:
        sgn = 1 if rng.random() < 0.5 else -1
        Ws[l][i][j] += sgn * eps * abs(Ws[l][i][j])


def add_dead(Ws, bs, rng):
    for h in range(len(Ws) - 1):
        d = len(Ws[h][0])
        if h == 0:
            row, bias = [Fraction(0)] * d, Fraction(-1)
        else:
            row, bias = [Fraction(-rng.randint(0, 3), rng.randint(1, 4)) for _ in range(d)], Fraction(-1, 2)
        Ws[h].append(row)
        bs[h].append(bias)
        for r in Ws[h + 1]:
            r.append(Fraction(rng.randint(-5, 5), 3))


def add_twin(Ws, bs, rng):
    h = rng.randrange(len(Ws) - 1)
    i = rng.randrange(len(Ws[h]))
    c = Fraction(rng.randint(1, 5), rng.randint(1, 5))
    Ws[h].append([x * c for x in Ws[h][i]])
    bs[h].append(bs[h][i] * c)
    # split the outgoing column: v = v1 + c v2  with v2 = v / (2c), v1 = v / 2
    for r in Ws[h + 1]:
        v = r[i]
        r[i] = v / 2
        r.append(v / (2 * c))


def main(argv):
    src, dst = argv[1], argv[2]
    args = argv[3:]
    seed = 1
    if '--seed' in args:
        seed = int(args[args.index('--seed') + 1])
    rng = random.Random(seed)
    Ws, bs = read_rfn(src)
    k = 0
    while k < len(args):
        a = args[k]
        if a == '--seed':
            k += 1
        elif a in ('--perm-scale', '--pow2-scale'):
            perm_scale(Ws, bs, rng, a == '--pow2-scale')
        elif a == '--perturb':
            k += 1
            perturb(Ws, bs, rng, Fraction(args[k]), '--all' in args, '--output-weight' in args)
        elif a == '--add-dead':
            add_dead(Ws, bs, rng)
        elif a == '--add-twin':
            add_twin(Ws, bs, rng)
        elif a in ('--all', '--output-weight'):
            pass
        else:
            sys.exit('netmod.py: unknown option ' + a)
        k += 1
    write_rfn(dst, Ws, bs)


if __name__ == '__main__':
    main(sys.argv)
