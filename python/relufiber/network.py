"""Network: an exact ReLU network, f(x) = A_L relu(... relu(A_1 x)), with
every parameter a fractions.Fraction.

A float (Python float, numpy or torch scalar of any float dtype) is taken as
the exact value of the IEEE double it is: Fraction(0.1) ==
3602879701896397/36028797018963968, the number PyTorch computed with. A
float32 converts exactly to a double, so float32 models are exact too.
"""
import json
import os
from fractions import Fraction
from numbers import Integral, Rational

from . import _lib
from .errors import RelufiberError


def to_fraction(v, where="value"):
    """The exact rational value of v: a Fraction, int, float (its exact
    double), numpy/torch scalar, or a string "p/q" / "0.1" (exact decimal)."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, bool):
        raise RelufiberError("%s: a boolean is not a number" % where)
    if isinstance(v, Integral):
        return Fraction(int(v))
    if isinstance(v, Rational):
        return Fraction(v.numerator, v.denominator)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise RelufiberError("%s: %r is not finite" % (where, v))
        return Fraction(v)
    if isinstance(v, str):
        try:
            return Fraction(v.strip())
        except (ValueError, ZeroDivisionError) as e:
            raise RelufiberError("%s: bad number %r (%s)" % (where, v, e))
    # numpy / torch scalars and 0-d arrays
    item = getattr(v, "item", None)
    if item is not None:
        return to_fraction(item(), where)
    try:
        return to_fraction(float(v), where)
    except (TypeError, ValueError):
        raise RelufiberError("%s: cannot read %r as a number" % (where, v))


def _matrix(m, where):
    """A 2-D nested sequence (or tensor/array) as a list of Fraction rows."""
    if hasattr(m, "detach"):
        m = m.detach().cpu().double().numpy()
    if hasattr(m, "tolist"):
        m = m.tolist()
    rows = [[to_fraction(v, "%s[%d][%d]" % (where, i, j)) for j, v in enumerate(r)]
            for i, r in enumerate(m)]
    if not rows or any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
        raise RelufiberError("%s: expected a non-empty rectangular matrix" % where)
    return rows


def _vector(v, where):
    if hasattr(v, "detach"):
        v = v.detach().cpu().double().numpy()
    if hasattr(v, "tolist"):
        v = v.tolist()
    if not isinstance(v, (list, tuple)):
        v = [v]
    return [to_fraction(x, "%s[%d]" % (where, i)) for i, x in enumerate(v)]


def _qstr(q):
    return str(q.numerator) if q.denominator == 1 else "%d/%d" % (q.numerator, q.denominator)


class Network:
    """A ReLU network with exact rational parameters.

    layers: list of (W, b) with W a list of d_l rows of d_{l-1} Fractions and
    b a list of d_l Fractions; ReLU after every layer but the last."""

    def __init__(self, layers):
        self.layers = []
        prev = None
        for l, (W, b) in enumerate(layers):
            W = _matrix(W, "layers[%d].weight" % l)
            b = [Fraction(0)] * len(W) if b is None else _vector(b, "layers[%d].bias" % l)
            if len(b) != len(W):
                raise RelufiberError("layers[%d]: bias has %d entries, weight has %d rows"
                                     % (l, len(b), len(W)))
            if prev is not None and len(W[0]) != prev:
                raise RelufiberError("layers[%d]: weight has %d columns but layers[%d] has %d "
                                     "outputs (shape mismatch)" % (l, len(W[0]), l - 1, prev))
            prev = len(W)
            self.layers.append((W, b))
        if not self.layers:
            raise RelufiberError("a network needs at least one layer")

    # ---- shape -------------------------------------------------------------
    @property
    def arch(self):
        return [len(self.layers[0][0][0])] + [len(W) for W, _ in self.layers]

    @property
    def depth(self):
        return len(self.layers)

    def __repr__(self):
        return "Network(arch=%s)" % "-".join(map(str, self.arch))

    def __eq__(self, other):
        return isinstance(other, Network) and self.layers == other.layers

    def __hash__(self):
        return hash(self.to_json())

    def parameters(self):
        """All parameters in the library's order (W1 row-major, b1, W2, ...)."""
        out = []
        for W, b in self.layers:
            for r in W:
                out.extend(r)
            out.extend(b)
        return out

    # ---- exact and float views ----------------------------------------------
    def weights(self, l):
        return [list(r) for r in self.layers[l][0]]

    def biases(self, l):
        return list(self.layers[l][1])

    def to_numpy(self, dtype="float64"):
        """[(W, b)] as numpy arrays of nearest floats (a lossy view)."""
        import numpy as np
        return [(np.array([[float(q) for q in r] for r in W], dtype=dtype),
                 np.array([float(q) for q in b], dtype=dtype)) for W, b in self.layers]

    def to_torch(self, dtype=None):
        """An nn.Sequential of Linear/ReLU with the nearest floats (float64
        by default: exact when the parameters are doubles)."""
        import torch
        from torch import nn
        dtype = dtype or torch.float64
        mods = []
        for l, (W, b) in enumerate(self.layers):
            lin = nn.Linear(len(W[0]), len(W), dtype=dtype)
            with torch.no_grad():
                lin.weight.copy_(torch.tensor([[float(q) for q in r] for r in W], dtype=dtype))
                lin.bias.copy_(torch.tensor([float(q) for q in b], dtype=dtype))
            mods.append(lin)
            if l + 1 < len(self.layers):
                mods.append(nn.ReLU())
        return nn.Sequential(*mods)

    def __call__(self, x):
        """Exact output at x (entries as in to_fraction), pure Python."""
        h = _vector(x, "x")
        if len(h) != self.arch[0]:
            raise RelufiberError("x has %d entries, the network has %d inputs" % (len(h), self.arch[0]))
        for l, (W, b) in enumerate(self.layers):
            h = [sum((w * v for w, v in zip(r, h)), Fraction(0)) + c for r, c in zip(W, b)]
            if l + 1 < len(self.layers):
                h = [max(v, Fraction(0)) for v in h]
        return h

    def eval(self, x):
        """Exact output at x computed by the C library."""
        xs = json.dumps([_qstr(q) for q in _vector(x, "x")])
        return [Fraction(s) for s in _lib.call_json("eval", self.to_json(), xs)]

    # ---- text formats --------------------------------------------------------
    def to_json(self, floats=False, indent=None):
        """JSON text. Exact by default: non-integers as strings "p/q" (read
        back exactly by relufiber and by Network.from_json); floats=True
        writes nearest doubles as JSON numbers (lossy unless the parameters
        are doubles)."""
        def enc(q):
            if floats:
                return float(q)
            if q.denominator == 1 and abs(q.numerator) < 2 ** 53:
                return q.numerator
            return _qstr(q)
        d = {"arch": self.arch,
             "layers": [{"weight": [[enc(q) for q in r] for r in W],
                         "bias": [enc(q) for q in b]} for W, b in self.layers]}
        return json.dumps(d, indent=indent)

    def to_rfn(self):
        return _lib.call("write", self.to_json(), "rfn")

    def save(self, path, fmt=None):
        """Write to path: .rfn, .json (exact) or .onnx (float64), by
        extension unless fmt is given ("rfn", "json", "json-floats", "onnx")."""
        path = os.fspath(path)
        fmt = fmt or _fmt_from_path(path)
        if fmt == "onnx":
            from .onnx_io import save_onnx
            save_onnx(self, path)
            return
        if fmt == "rfn":
            text = self.to_rfn()
        elif fmt == "json":
            text = self.to_json(indent=1) + "\n"
        elif fmt == "json-floats":
            text = self.to_json(floats=True, indent=1) + "\n"
        else:
            raise RelufiberError("%s: cannot write format %r (rfn, json, json-floats, onnx)" % (path, fmt))
        with open(path, "w") as f:
            f.write(text)

    @classmethod
    def _from_exact_json(cls, text):
        d = json.loads(text)
        return cls([(l["weight"], l.get("bias")) for l in d["layers"]])

    @classmethod
    def from_json(cls, text, floats="binary"):
        """From JSON text in relufiber's layout (docs/formats.md), read by the
        C library: numbers are the doubles they denote (floats="decimal":
        the written decimals), strings are exact."""
        fmt = "json" if floats == "binary" else "json-decimal"
        return cls._from_exact_json(_lib.call("read", text, fmt, "<json>"))

    @classmethod
    def from_text(cls, text, fmt="auto", name=None):
        """From .rfn / JSON / NNet text (fmt "auto", "rfn", "json",
        "json-decimal", "nnet")."""
        return cls._from_exact_json(_lib.call("read", text, fmt, name or "<input>"))

    @classmethod
    def load(cls, path, fmt=None, layer_order=None):
        """From a file: .rfn, .json, .nnet (through the C readers), .onnx
        (Gemm/MatMul/Add/Relu graphs), .pt/.pth (a state_dict, or a pickled
        nn.Module, loaded with torch.load)."""
        path = os.fspath(path)
        fmt = fmt or _fmt_from_path(path)
        if fmt == "onnx":
            return cls.from_onnx(path)
        if fmt == "torch":
            import torch
            obj = torch.load(path, map_location="cpu")
            if isinstance(obj, dict):
                return cls.from_state_dict(obj, layer_order)
            return cls.from_torch(obj)
        return cls._from_exact_json(_lib.call("read_file", path, fmt or "auto"))

    # ---- PyTorch and ONNX ------------------------------------------------------
    @classmethod
    def from_torch(cls, module):
        """From an nn.Module that is a chain Linear, ReLU, Linear, ..., Linear
        (nested nn.Sequential, Identity, Flatten of a 1-D input and Dropout
        in eval mode are skipped). Raises RelufiberError naming the first
        module that does not fit."""
        from torch import nn
        flat = []

        def walk(m, name):
            if isinstance(m, nn.Sequential):
                for n, c in m.named_children():
                    walk(c, "%s.%s" % (name, n) if name else n)
            else:
                flat.append((name or type(m).__name__, m))
        walk(module, "")
        layers, expect_linear = [], True
        for name, m in flat:
            if isinstance(m, (nn.Identity, nn.Dropout, nn.Flatten)):
                continue
            if isinstance(m, nn.Linear):
                if not expect_linear and layers:
                    raise RelufiberError("layer %s (Linear) follows a Linear without a ReLU "
                                         "between them: not a ReLU network" % name)
                layers.append((m.weight, m.bias))
                expect_linear = False
            elif isinstance(m, nn.ReLU):
                if expect_linear:
                    raise RelufiberError("layer %s (ReLU): expected a Linear layer here" % name)
                expect_linear = True
            else:
                raise RelufiberError("layer %s (%s): unsupported module (Linear and ReLU only)"
                                     % (name, type(m).__name__))
        if not layers:
            raise RelufiberError("the module has no Linear layer")
        if expect_linear:
            raise RelufiberError("the module ends with a ReLU: the last layer must be Linear")
        return cls([(w, b) for w, b in layers])

    @classmethod
    def from_state_dict(cls, sd, layer_order=None):
        """From a state_dict. layer_order lists the layer name prefixes in
        order ("0", "2", "4" for nn.Sequential, "fc1", "fc2" for named
        layers); by default the prefixes of the ".weight" keys in the
        dictionary's order. Each layer needs "<prefix>.weight" and may have
        "<prefix>.bias"."""
        if layer_order is None:
            layer_order = [k[:-len(".weight")] for k in sd if k.endswith(".weight")]
        layers = []
        for l, p in enumerate(layer_order):
            wk, bk = "%s.weight" % p, "%s.bias" % p
            if wk not in sd:
                raise RelufiberError("layer %s: no key %r in the state_dict" % (p, wk))
            W = sd[wk]
            shape = tuple(getattr(W, "shape", ()))
            if len(shape) != 2:
                raise RelufiberError("layer %s: %s has shape %s, expected a matrix" % (p, wk, shape))
            if layers and shape[1] != len(layers[-1][0]):
                raise RelufiberError("layer %s: %s has %d columns but the previous layer %s has "
                                     "%d outputs (wrong layer order or shape mismatch)"
                                     % (p, wk, shape[1], layer_order[l - 1], len(layers[-1][0])))
            try:
                layers.append((_matrix(W, wk), sd[bk] if bk in sd else None))
            except RelufiberError as e:
                raise RelufiberError("layer %s: %s" % (p, e))
        return cls(layers)

    @classmethod
    def from_onnx(cls, model):
        """From an ONNX model (path, bytes or onnx.ModelProto) whose graph is a
        chain of Gemm / MatMul / Add / Relu (Identity, Flatten, Reshape to
        [-1, n] skipped), weights as initializers."""
        from .onnx_io import load_onnx
        return cls(load_onnx(model))

    def to_onnx(self, path=None):
        from .onnx_io import to_onnx_model, save_onnx
        if path is not None:
            save_onnx(self, path)
        return to_onnx_model(self)


def _fmt_from_path(path):
    p = path.lower()
    for ext, f in ((".rfn", "rfn"), (".json", "json"), (".nnet", "nnet"), (".onnx", "onnx"),
                   (".pt", "torch"), (".pth", "torch")):
        if p.endswith(ext):
            return f
    return None


def as_network(x):
    """A Network from a Network, an nn.Module, a state_dict, a path or an
    ONNX ModelProto."""
    if isinstance(x, Network):
        return x
    if isinstance(x, (str, os.PathLike)):
        return Network.load(x)
    if isinstance(x, dict):
        return Network.from_state_dict(x)
    mod = type(x).__module__ or ""
    if mod.startswith("torch"):
        return Network.from_torch(x)
    if mod.startswith("onnx"):
        return Network.from_onnx(x)
    if hasattr(x, "named_children"):   # user-defined nn.Module subclasses
        return Network.from_torch(x)
    raise RelufiberError("cannot make a network from %s" % type(x).__name__)
