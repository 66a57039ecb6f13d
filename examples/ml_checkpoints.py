#!/usr/bin/env python3
"""An ML-facing worked example: checkpoints, a pruned model and a
functional-dimension sweep over training, exactly, from Python.

Run from the project root after building:
    RELUFIBER_LIB=build/librelufiber.so PYTHONPATH=python python3 examples/ml_checkpoints.py
Needs torch (Debian: python3-torch). Trains a 4-16-16-1 MLP on synthetic
data for a few seconds, then:
  1. the same run, hidden neurons permuted and rescaled by powers of two
     (what a re-ordering export or a weight-space symmetry does): equivalent,
     with the symmetry as certificate;
  2. a second training run from another seed: not equivalent, with an
     exact separating input and both exact outputs;
  3. pruning on the data box [-3, 3]^4: the canonical form on the box
     (neurons proved dead or constant there by exact bounds, removed with a
     certificate), and magnitude pruning of the 30% smallest weights: not
     equivalent on the box, with the size of the change at an exact input;
  4. the functional dimension (certified rank of the parameter Jacobian at
     500 data points) at checkpoints during training, against its upper
     bound D - H.
"""
import copy

import torch

import relufiber as rf


def make_model(seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(),
                               torch.nn.Linear(16, 16), torch.nn.ReLU(),
                               torch.nn.Linear(16, 1))


def train(model, steps, checkpoints=()):
    g = torch.Generator().manual_seed(1234)         # the same data for every run
    X = torch.rand(1024, 4, generator=g) * 6 - 3
    Y = torch.sin(X[:, :1]) * X[:, 1:2] - torch.relu(X[:, 2:3] - X[:, 3:4])
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    saved = {}
    for step in range(steps + 1):
        if step in checkpoints:
            saved[step] = copy.deepcopy(model)
        if step == steps:
            break
        idx = torch.randint(0, 1024, (64,), generator=g)
        loss = ((model(X[idx]) - Y[idx]) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return saved, X


def permuted_copy(model, seed):
    """The same function: hidden neurons permuted, rescaled by 2^k > 0."""
    m = copy.deepcopy(model)
    lin = [x for x in m if isinstance(x, torch.nn.Linear)]
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for a, b in zip(lin[:-1], lin[1:]):
            p = torch.randperm(a.out_features, generator=g)
            s = 2.0 ** torch.randint(-3, 4, (a.out_features,), generator=g).double()
            a.weight.copy_((a.weight.double()[p] * s[:, None]).float())
            a.bias.copy_((a.bias.double()[p] * s).float())
            b.weight.copy_((b.weight.double()[:, p] / s[None, :]).float())
    return m


def magnitude_pruned(model, fraction):
    m = copy.deepcopy(model)
    with torch.no_grad():
        for x in m:
            if isinstance(x, torch.nn.Linear):
                w = x.weight
                k = int(fraction * w.numel())
                cut = w.abs().flatten().kthvalue(max(k, 1)).values
                w[w.abs() <= cut] = 0.0
    return m


def main():
    model_saved, X = train(make_model(0), 600, checkpoints=(0, 50, 150, 300, 600))
    model = model_saved[600]
    other, _ = train(make_model(1), 600, checkpoints=(600,))
    other = other[600]

    print("1. same run, permuted and rescaled")
    r = rf.equiv(model, permuted_copy(model, 7))
    print("   equivalent:", r.equivalent, "| method:", r.method)

    print("2. a second training run")
    r = rf.equiv(model, other)
    x = r.separating_input
    print("   equivalent:", r.equivalent, "| method:", r.method)
    print("   separating input:", [str(v) for v in x])
    print("   f_A(x) = %s ~ %.6g,  f_B(x) = %s ~ %.6g" % (r.outputs_a[0], float(r.outputs_a[0]),
                                                      r.outputs_b[0], float(r.outputs_b[0])))

    print("3. pruning, on the data box [-3, 3]^4")
    box = ([-3] * 4, [3] * 4)
    c = rf.canon(model, box=box)
    print("   canonical form on the box (certified reductions): %d hidden neurons -> %d"
          % (c.hidden, c.canonical_hidden))
    r = rf.equiv(model, magnitude_pruned(model, 0.3), box=box)
    d = abs(float(r.outputs_a[0] - r.outputs_b[0])) if r.equivalent is False else 0.0
    print("   30%% magnitude pruning: equivalent: %s | method: %s | |f_A - f_B| = %.3g at %s"
          % (r.equivalent, r.method, d, [str(v) for v in (r.separating_input or [])]))

    print("4. functional dimension during training (500 data points)")
    pts = X[:500]
    for step, m in sorted(model_saved.items()):
        f = rf.fdim(m, pts)
        print("   step %4d: rank %d%s (upper bound D - H = %d)"
              % (step, f.rank, " exact" if f.exact else " (lower bound)", f.bound))


if __name__ == "__main__":
    main()
