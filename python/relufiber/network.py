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


def _enc(q):
    """A Fraction for the exact JSON: small integers as numbers, else "p/q"."""
    if q.denominator == 1 and abs(q.numerator) < 2 ** 53:
        return q.numerator
    return _qstr(q)


def _tok(q):
    """_enc as JSON text."""
    n, d = q.numerator, q.denominator
    if d == 1 and -2 ** 53 < n < 2 ** 53:
        return str(n)
    return '"%d"' % n if d == 1 else f'"{n}/{d}"'


class Network:
    """A ReLU network with exact rational parameters.

    layers: list of (W, b) with W a list of d_l rows of d_{l-1} Fractions and
    b a list of d_l Fractions; ReLU after every layer but the last."""

    def __init__(self, layers):
        self._float = None     # [(W, b)] float64 numpy arrays (float-backed networks)
        self._layers = []
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
            self._layers.append((W, b))
        if not self._layers:
            raise RelufiberError("a network needs at least one layer")

    @classmethod
    def _from_floats(cls, arrays, names=None):
        """A float-backed network: [(W, b)] of float64 numpy arrays (b may be
        None). The exact Fractions are made on first use of .layers; until
        then the C library receives the doubles themselves (JSON numbers,
        read as their exact values), which is much faster for large models."""
        import numpy as np
        net = cls.__new__(cls)
        net._layers = None
        fl, prev = [], None
        for l, (W, b) in enumerate(arrays):
            name = names[l] if names else "layers[%d]" % l
            W = np.ascontiguousarray(W, dtype=np.float64)
            if W.ndim != 2 or W.size == 0:
                raise RelufiberError("%s: weight has shape %s, expected a non-empty matrix"
                                     % (name, tuple(W.shape)))
            b = np.zeros(W.shape[0]) if b is None else np.ascontiguousarray(b, dtype=np.float64).reshape(-1)
            if b.shape[0] != W.shape[0]:
                raise RelufiberError("%s: bias has %d entries, weight has %d rows"
                                     % (name, b.shape[0], W.shape[0]))
            if prev is not None and W.shape[1] != prev:
                raise RelufiberError("%s: weight has %d columns but the previous layer has %d "
                                     "outputs (shape mismatch)" % (name, W.shape[1], prev))
            if not (np.isfinite(W).all() and np.isfinite(b).all()):
                raise RelufiberError("%s: a parameter is NaN or infinite" % name)
            prev = W.shape[0]
            fl.append((W, b))
        if not fl:
            raise RelufiberError("a network needs at least one layer")
        net._float = fl
        return net

    @property
    def layers(self):
        """[(W, b)]: rows of Fractions and a list of Fractions per layer."""
        if self._layers is None:
            self._layers = [([[Fraction(v) for v in r] for r in W.tolist()],
                             [Fraction(v) for v in b.tolist()]) for W, b in self._float]
            self._float = None   # .layers may be modified in place from now on
        return self._layers

    # ---- shape -------------------------------------------------------------
    @property
    def arch(self):
        if self._float is not None:
            return [int(self._float[0][0].shape[1])] + [int(W.shape[0]) for W, _ in self._float]
        return [len(self.layers[0][0][0])] + [len(W) for W, _ in self.layers]

    @property
    def depth(self):
        return len(self._float) if self._float is not None else len(self.layers)

    def __repr__(self):
        return "Network(arch=%s)" % "-".join(map(str, self.arch))

    def __eq__(self, other):
        if not isinstance(other, Network):
            return False
        if self._float is not None and other._float is not None:
            import numpy as np
            return len(self._float) == len(other._float) and all(
                a.shape == c.shape and np.array_equal(a, c) and np.array_equal(b, d)
                for (a, b), (c, d) in zip(self._float, other._float))
        return self.layers == other.layers

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
        if self._float is not None:
            return [(W.astype(dtype), b.astype(dtype)) for W, b in self._float]
        return [(np.array([[float(q) for q in r] for r in W], dtype=dtype),
                 np.array([float(q) for q in b], dtype=dtype)) for W, b in self.layers]

    def to_torch(self, dtype=None):
        """An nn.Sequential of Linear/ReLU with the nearest floats (float64
        by default: exact when the parameters are doubles)."""
        import torch
        from torch import nn
        dtype = dtype or torch.float64
        mods = []
        if self._float is not None:
            for l, (W, b) in enumerate(self._float):
                lin = nn.Linear(W.shape[1], W.shape[0], dtype=dtype)
                with torch.no_grad():
                    lin.weight.copy_(torch.from_numpy(W).to(dtype))
                    lin.bias.copy_(torch.from_numpy(b).to(dtype))
                mods.append(lin)
                if l + 1 < len(self._float):
                    mods.append(nn.ReLU())
            return nn.Sequential(*mods)
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
        return [Fraction(s) for s in _lib.call_json("eval", self._flat(), xs)]

    # ---- text formats --------------------------------------------------------
    def to_json(self, floats=False, indent=None):
        """JSON text. Exact by default: non-integers as strings "p/q" (read
        back exactly by relufiber and by Network.from_json), except that a
        float-backed network (from torch, a state_dict) writes its doubles as
        JSON numbers, which relufiber reads as their exact values; floats=True
        writes nearest doubles (lossy unless the parameters are doubles)."""
        arch = self.arch
        if self._float is not None:
            # the arrays are private (never handed out), so the text is cached
            key = ("json", indent)
            cache = self.__dict__.setdefault("_cache", {})
            if key not in cache:
                d = {"arch": arch, "layers": [{"weight": W.tolist(), "bias": b.tolist()}
                                              for W, b in self._float]}
                cache[key] = json.dumps(d, indent=indent)
            return cache[key]
        if floats:
            d = {"arch": arch, "layers": [{"weight": [[float(q) for q in r] for r in W],
                                           "bias": [float(q) for q in b]} for W, b in self.layers]}
            return json.dumps(d, indent=indent)
        if indent is not None:
            d = {"arch": arch, "layers": [{"weight": [[_enc(q) for q in r] for r in W],
                                           "bias": [_enc(q) for q in b]} for W, b in self.layers]}
            return json.dumps(d, indent=indent)
        # fast path: the text built directly (the values need no escaping)
        parts = ['{"arch": %s, "layers": [' % json.dumps(arch)]
        for l, (W, b) in enumerate(self.layers):
            parts.append('%s{"weight": [' % (", " if l else ""))
            parts.append(", ".join("[" + ", ".join(map(_tok, r)) + "]" for r in W))
            parts.append('], "bias": [' + ", ".join(map(_tok, b)) + "]}")
        parts.append("]}")
        return "".join(parts)

    def _flat(self):
        """The network for the C library: the compact float64 form (base64 of
        the little-endian doubles, rf_flat docs) for float-backed networks,
        else the exact JSON."""
        if self._float is None:
            return self.to_json()
        cache = self.__dict__.setdefault("_cache", {})
        if "flat" not in cache:
            import base64
            import numpy as np
            theta = np.concatenate([np.concatenate([W.ravel(), b]) for W, b in self._float])
            cache["flat"] = '{"arch": %s, "float64": "%s"}' % (
                json.dumps(self.arch),
                base64.b64encode(theta.astype("<f8").tobytes()).decode("ascii"))
        return cache["flat"]

    def to_rfn(self):
        return _lib.call("write", self._flat(), "rfn")

    def to_nnet(self, lo=None, hi=None):
        """NNet text (the format of the verification tools): no input or
        output normalisation (means 0, ranges 1), input bounds lo/hi (lists;
        default -1e9 / 1e9). Exact: every number is written as its exact
        decimal, so a parameter whose denominator is not of the form
        2^a 5^b (1/3, say) cannot be written and raises RelufiberError;
        every double qualifies."""
        n0 = self.arch[0]
        lo = [Fraction(-10**9)] * n0 if lo is None else [to_fraction(v) for v in lo]
        hi = [Fraction(10**9)] * n0 if hi is None else [to_fraction(v) for v in hi]

        def dec(q, where):
            q = Fraction(q)
            d, a, b = q.denominator, 0, 0
            while d % 2 == 0:
                d //= 2
                a += 1
            while d % 5 == 0:
                d //= 5
                b += 1
            if d != 1:
                raise RelufiberError("to_nnet: %s = %s has no finite decimal expansion; "
                                     "NNet files hold decimals" % (where, q))
            k = max(a, b)
            n = q.numerator * (10 ** k) // q.denominator
            s = str(abs(n)).rjust(k + 1, "0")
            t = s[:len(s) - k] + ("." + s[len(s) - k:] if k else "")
            return ("-" if n < 0 else "") + t

        arch = self.arch
        out = ["// written by relufiber (exact decimals; no normalisation)",
               "%d,%d,%d,%d," % (len(arch) - 1, arch[0], arch[-1], max(arch)),
               ",".join(str(v) for v in arch) + ",",
               "0,",
               ",".join(dec(v, "lo[%d]" % i) for i, v in enumerate(lo)) + ",",
               ",".join(dec(v, "hi[%d]" % i) for i, v in enumerate(hi)) + ",",
               ",".join(["0"] * (n0 + 1)) + ",",
               ",".join(["1"] * (n0 + 1)) + ","]
        for l, (W, b) in enumerate(self.layers):
            for i, row in enumerate(W):
                out.append(",".join(dec(v, "W%d[%d][%d]" % (l + 1, i, j)) for j, v in enumerate(row)) + ",")
            for i, v in enumerate(b):
                out.append(dec(v, "b%d[%d]" % (l + 1, i)) + ",")
        return "\n".join(out) + "\n"

    def save(self, path, fmt=None):
        """Write to path: .rfn, .json (exact), .nnet (exact decimals, see
        to_nnet) or .onnx (float64), by extension unless fmt is given
        ("rfn", "json", "json-floats", "nnet", "onnx")."""
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
        elif fmt == "nnet":
            text = self.to_nnet()
        else:
            raise RelufiberError("%s: cannot write format %r (rfn, json, json-floats, nnet, onnx)" % (path, fmt))
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
            # containers (nn.Sequential, or any module with submodules that
            # is not itself a layer): their children in registration order
            if isinstance(m, nn.Sequential) or (
                    not isinstance(m, (nn.Linear, nn.ReLU)) and any(True for _ in m.children())):
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
                    raise RelufiberError("layer %s (Linear) follows a Linear without an nn.ReLU "
                                         "module between them (a functional relu in forward() "
                                         "is not visible: use Network.from_state_dict(model."
                                         "state_dict(), layer_order), which puts a ReLU between "
                                         "consecutive layers)" % name)
                layers.append((m.weight, m.bias, "layer %s (Linear)" % name))
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
        return cls._from_floats([(_np(w), None if b is None else _np(b)) for w, b, _ in layers],
                                [n for _, _, n in layers])

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
            if layers and shape[1] != tuple(layers[-1][0].shape)[0]:
                raise RelufiberError("layer %s: %s has %d columns but the previous layer %s has "
                                     "%d outputs (wrong layer order or shape mismatch)"
                                     % (p, wk, shape[1], layer_order[l - 1],
                                        tuple(layers[-1][0].shape)[0]))
            layers.append((W, sd[bk] if bk in sd else None, "layer %s" % p))
        if all(_is_float_tensor(W) and (b is None or _is_float_tensor(b)) for W, b, _ in layers):
            return cls._from_floats([(_np(W), None if b is None else _np(b)) for W, b, _ in layers],
                                    [n for _, _, n in layers])
        out = []
        for W, b, n in layers:
            try:
                out.append((_matrix(W, n + ".weight"), b))
            except RelufiberError as e:
                raise RelufiberError("%s: %s" % (n, e))
        return cls(out)

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


def _np(t):
    """A tensor or array as a float64 numpy array (exact for every float type)."""
    import numpy as np
    if hasattr(t, "detach"):
        return t.detach().cpu().double().numpy()
    return np.asarray(t, dtype=np.float64)


def _is_float_tensor(t):
    dt = getattr(t, "dtype", None)
    if dt is None:
        return False
    if hasattr(t, "detach"):
        return bool(getattr(dt, "is_floating_point", False))
    return getattr(dt, "kind", "") == "f"


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
