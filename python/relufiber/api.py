"""The decision and analysis functions, returning Python objects.

Each function takes networks as Network objects or anything
network.as_network accepts (nn.Module, state_dict, path, ONNX model) and
calls one entry point of the C library's flat API (relufiber/flat.h)."""
import json
from fractions import Fraction

from . import _lib
from .network import Network, as_network, to_fraction, _qstr


def _fr(xs):
    return [Fraction(s) if isinstance(s, str) else Fraction(s) for s in xs]


class EquivResult:
    """The verdict of equiv(a, b).

    equivalent: True / False, or None when undecided (a cap was reached);
    method: the procedure that decided ("canonical-form",
    "separating-search", "shallow-canonical", "three-layer", "exhaustive");
    certificate: for equivalent networks, the symmetry as Python data
    (permutation, scalings, moves, or the region list), re-checked by the
    library; certificate_text: the same for humans;
    separating_input: for non-equivalent networks, a list of Fractions x with
    outputs_a = f_A(x) != outputs_b = f_B(x) (both exact);
    below_float_resolution: the networks differ only in parameters that
    round to the same double; raw: the library's JSON object."""

    def __init__(self, d):
        self.raw = d
        v = d.get("verdict")
        self.verdict = v
        self.equivalent = True if v == "equivalent" else False if v == "not_equivalent" else None
        self.method = d.get("method")
        self.certificate = d.get("certificate")
        self.certificate_text = d.get("certificate_text")
        self.reason = d.get("reason")
        self.separating_input = _fr(d["x"]) if "x" in d else None
        self.outputs_a = _fr(d["f_A"]) if "f_A" in d else None
        self.outputs_b = _fr(d["f_B"]) if "f_B" in d else None
        self.below_float_resolution = bool(d.get("below_float_resolution", False))

    def __bool__(self):
        return self.equivalent is True

    @property
    def separating_input_floats(self):
        """The separating input as nearest floats (a view; None if equivalent)."""
        return None if self.separating_input is None else [float(q) for q in self.separating_input]

    def __repr__(self):
        s = "EquivResult(%s, method=%r" % (self.verdict, self.method)
        if self.separating_input is not None:
            s += ", separating_input=[%s]" % ", ".join(str(q) for q in self.separating_input)
        return s + ")"


def equiv(a, b, max_regions=0, time_limit=0, exhaustive=False, box=None, seed=None):
    """Decide exactly whether a and b realize the same function (on R^d0,
    or on box = (lo, hi))."""
    A, B = as_network(a), as_network(b)
    opts = {}
    if max_regions:
        opts["max_regions"] = int(max_regions)
    if time_limit:
        opts["time_limit"] = float(time_limit)
    if exhaustive:
        opts["exhaustive"] = True
    if seed is not None:
        opts["seed"] = int(seed)
    if box is not None:
        lo, hi = box
        opts["lo"] = [_qstr(to_fraction(v)) for v in _points_list([lo])[0]]
        opts["hi"] = [_qstr(to_fraction(v)) for v in _points_list([hi])[0]]
    return EquivResult(_lib.call_json("equiv", A._flat(), B._flat(),
                                      json.dumps(opts) if opts else None))


class CanonResult:
    """canon(net): .network (the canonical Network, same function), .trace
    (the reductions and the neuron map, re-checked), .hidden and
    .canonical_hidden (hidden neuron counts)."""

    def __init__(self, d):
        self.raw = d
        self.network = Network([(l["weight"], l.get("bias")) for l in d["network"]["layers"]])
        self.trace = d["trace"]
        self.hidden = d["hidden"]
        self.canonical_hidden = d["canonical_hidden"]

    def __repr__(self):
        return "CanonResult(%r, hidden %d -> %d)" % (self.network, self.hidden, self.canonical_hidden)


def canon(net, box=None):
    """The canonical form of net (any depth), on R^d0 or, with box = (lo,
    hi), with the reductions proved on that box (the canonical network then
    computes the same function on the box only)."""
    N = as_network(net)
    if box is None:
        return CanonResult(_lib.call_json("canon", N._flat()))
    lo, hi = box
    opts = {"lo": [_qstr(to_fraction(v)) for v in _points_list([lo])[0]],
            "hi": [_qstr(to_fraction(v)) for v in _points_list([hi])[0]]}
    return CanonResult(_lib.call_json("canon_box", N._flat(), json.dumps(opts)))


class AlignResult:
    """align(a, b): .network (B permuted and positively rescaled towards A;
    the same function as B, exactly), .perms (per hidden layer, 0-based:
    neuron i of B goes to position perms[h][i]), .scales (Fractions > 0),
    .unique (per layer: the matching is the unique optimum), .max_abs and
    .max_rel (exact parameter deviation from A), .equivalent (residual 0:
    then the aligned B equals A, a certificate of equivalence)."""

    def __init__(self, d):
        self.raw = d
        self.equivalent = d["equivalent"]
        self.max_abs = Fraction(d["max_abs"])
        self.max_rel = Fraction(d["max_rel"])
        self.perms = [l["perm"] for l in d["layers"]]
        self.scales = [[Fraction(v) for v in l["scale"]] for l in d["layers"]]
        self.unique = [l["unique"] for l in d["layers"]]
        self.network = Network([(l["weight"], l.get("bias")) for l in d["network"]["layers"]])

    def __repr__(self):
        return "AlignResult(equivalent=%r, max_rel=%.3g)" % (self.equivalent, float(self.max_rel))


def align(a, b):
    """Align b to a: the permutation and positive scalings per hidden layer
    that bring b closest to a (docs/align.md)."""
    A, B = as_network(a), as_network(b)
    return AlignResult(_lib.call_json("align", A._flat(), B._flat()))


class EmbedResult:
    """embed(net, points=None): .phi (list of (path, Fraction)); a path is
    (start_layer, start, nodes): start_layer 0 = input coordinate `start`,
    l >= 1 = the bias of neuron `start` of layer l; nodes the neurons visited
    down to the output (0-based). .dphi_rank (.dphi_rank_exact), .D, .H; with
    points: .sample_rank, .sample_rank_exact, .locally_identifiable (True only
    when certified)."""

    def __init__(self, d):
        self.raw = d
        self.D, self.H = d["D"], d["H"]
        self.dphi_rank, self.dphi_rank_exact = d["dphi_rank"], d["dphi_rank_exact"]
        self.phi = [((p["start_layer"], p["start"], tuple(p["nodes"])), Fraction(p["value"]))
                    for p in d["phi"]]
        self.sample_rank = d.get("sample_rank")
        self.sample_rank_exact = d.get("sample_rank_exact")
        self.locally_identifiable = d.get("locally_identifiable")

    def __repr__(self):
        return "EmbedResult(%d paths, dphi_rank %d)" % (len(self.phi), self.dphi_rank)


def embed(net, points=None, seed=0):
    """The rescaling-invariant path embedding Phi(theta) and, with points,
    local identifiability from those samples (docs/embedding.md)."""
    N = as_network(net)
    pj = None
    if points is not None:
        pj = json.dumps([[_qstr(to_fraction(v)) for v in p] for p in _points_list(points)])
    return EmbedResult(_lib.call_json("embed", N._flat(), pj, int(seed)))


def _points_list(points):
    """Points from a torch tensor, numpy array or nested lists, as lists of
    exact values (floats kept as floats: the C side reads their doubles)."""
    if hasattr(points, "detach"):
        points = points.detach().cpu().double().numpy()
    if hasattr(points, "tolist"):
        points = points.tolist()
    out = []
    for p in points:
        if hasattr(p, "tolist"):
            p = p.tolist()
        if not isinstance(p, (list, tuple)):
            p = [p]
        out.append(list(p))
    return out


class FdimResult:
    """fdim(net, points): .rank (a certified lower bound; exact when .exact),
    .bound (D - H, the generic upper bound), .deficit = bound - rank,
    .certificate (how the rank was certified), .raw."""

    def __init__(self, d):
        self.raw = d
        self.rank = d["rank"]
        self.exact = d["exact"]
        self.certificate = d["certificate"]
        self.bound = d["bound"]
        self.D, self.H = d["D"], d["H"]
        self.deficit = self.bound - self.rank
        self.note = d.get("note", "")

    def __int__(self):
        return self.rank

    def __repr__(self):
        return "FdimResult(rank=%d, exact=%s, bound=%d)" % (self.rank, self.exact, self.bound)


def fdim(net, points, seed=0):
    """Batch functional dimension of net at the points (a torch tensor, numpy
    array or list of vectors; floats are their exact double values)."""
    pts = [[_qstr(to_fraction(v, "points[%d][%d]" % (i, j))) for j, v in enumerate(p)]
           for i, p in enumerate(_points_list(points))]
    return FdimResult(_lib.call_json("fdim", as_network(net)._flat(), json.dumps(pts), int(seed)))


class Component:
    """One component of a fiber: .name, .description, .dimension,
    .equations and .inequalities as (polynomial text, label) and
    (polynomial text, sense, label)."""

    def __init__(self, d):
        self.raw = d
        self.name = d.get("name")
        self.description = d.get("description")
        self.dimension = d.get("dimension")
        self.equations = [(e["poly"], e.get("label")) for e in d.get("equations", [])]
        self.inequalities = [(e["poly"], e.get("sense"), e.get("label"))
                             for e in d.get("inequalities", [])]

    def to_sympy(self, symbols=None):
        """(equations, inequalities) as SymPy: a list of Eq(p, 0) and a list
        of relationals p > 0, p >= 0, p != 0, ..."""
        import sympy
        from sympy.parsing.sympy_parser import (parse_expr, standard_transformations,
                                                convert_xor)
        tr = standard_transformations + (convert_xor,)
        loc = symbols or {}

        def P(s):
            return parse_expr(s, local_dict=loc, transformations=tr)
        rel = {">": sympy.Gt, ">=": sympy.Ge, "<": sympy.Lt, "<=": sympy.Le,
               "!=": sympy.Ne, "=": sympy.Eq}
        eqs = [sympy.Eq(P(p), 0) for p, _ in self.equations]
        ineqs = [rel.get(s, sympy.Gt)(P(p), 0) for p, s, _ in self.inequalities]
        return eqs, ineqs

    def __repr__(self):
        return "Component(%r, dimension=%s)" % (self.name, self.dimension)


class Fiber:
    """fiber(net): the set of parameters realizing net's function, a union of
    .components; .variables (names), .notes, .to_sympy(), .to_latex()."""

    def __init__(self, d, net_json):
        self.raw = d
        self._net_json = net_json
        self.title = d.get("title")
        self.notes = d.get("notes", [])
        self.variables = [v["name"] for v in d.get("variables", [])]
        self.components = [Component(c) for c in d.get("components", [])]

    def symbols(self):
        import sympy
        return {n: sympy.Symbol(n, real=True) for n in self.variables}

    def to_sympy(self):
        """[(equations, inequalities)] per component, on shared real symbols."""
        syms = self.symbols()
        return [c.to_sympy(syms) for c in self.components]

    def to_latex(self):
        return _lib.call("fiber", self._net_json, "latex")

    def export(self, fmt):
        """The fiber in any export format of the library (m2, singular,
        maple, mathematica, sympy, sage, smt2, latex, json)."""
        return _lib.call("fiber", self._net_json, fmt)

    def __repr__(self):
        return "Fiber(%d components)" % len(self.components)


def fiber(net):
    """The fiber of net's function (one hidden layer, or three layers with a
    bottleneck); RelufiberError (kind "unsupported") otherwise."""
    j = as_network(net)._flat()
    return Fiber(_lib.call_json("fiber", j, "json"), j)


class Identifiability:
    """identifiable(net): .generic_identifiable, .decided, .conditions (each a
    dict with name, polynomial, exact value, holds)."""

    def __init__(self, d):
        self.raw = d
        self.generic_identifiable = d.get("generic_identifiable")
        self.decided = d.get("decided")
        self.conditions = d.get("conditions", [])
        for c in self.conditions:
            if isinstance(c.get("value"), str):
                try:
                    c["value"] = Fraction(c["value"])
                except ValueError:
                    pass

    def __bool__(self):
        return bool(self.generic_identifiable)

    def __repr__(self):
        return "Identifiability(generic_identifiable=%s)" % self.generic_identifiable


def identifiable(net):
    """Generic identifiability of a one-hidden-layer network."""
    return Identifiability(_lib.call_json("identifiable", as_network(net)._flat()))


class Law:
    """A conserved quantity: .name, .why (the symmetry behind it), .kind
    ("global", "local" or "none": a comparison quantity, not conserved),
    .poly (text in the parameter names), .value (exact, at the network),
    .to_sympy()."""

    def __init__(self, d):
        self.raw = d
        self.name, self.why, self.kind = d["name"], d["why"], d["kind"]
        self.poly = d["poly"]
        self.value = Fraction(d["value"])

    def to_sympy(self, symbols=None):
        from sympy.parsing.sympy_parser import (parse_expr, standard_transformations,
                                                convert_xor)
        return parse_expr(self.poly, local_dict=symbols or {},
                          transformations=standard_transformations + (convert_xor,))

    def __repr__(self):
        return "Law(%s = %s: %s)" % (self.name, self.value, self.poly)


class Conserved(list):
    """conserve(net): a list of Law, with .variables (the parameter names)
    and .to_sympy() (the laws as SymPy expressions on shared real symbols,
    with their values: [(expr, value)])."""

    def __init__(self, d):
        super().__init__(Law(x) for x in d["laws"])
        self.raw = d
        self.variables = d["variables"]

    def to_sympy(self):
        import sympy
        syms = {n: sympy.Symbol(n, real=True) for n in self.variables}
        return [(law.to_sympy(syms), law.value) for law in self]


def conserve(net, data=None):
    """Conserved quantities of gradient flow: the balance laws of the
    architecture, or with data (inputs as a tensor, array or list) the laws
    for that data set; each with its exact value at net."""
    d = None
    if data is not None:
        d = json.dumps([[_qstr(to_fraction(v, "data[%d][%d]" % (i, j))) for j, v in enumerate(p)]
                        for i, p in enumerate(_points_list(data))])
    return Conserved(_lib.call_json("conserve", as_network(net)._flat(), d))


def version():
    return _lib.call_json("version")
