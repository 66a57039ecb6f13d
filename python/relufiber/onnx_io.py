"""ONNX <-> Network: chains of Gemm / MatMul / Add / Relu.

Reading follows the data path from the graph's one real input: affine nodes
(Gemm, MatMul with a constant right factor, Add/Sub of a constant) compose
exactly into the current layer, Relu closes it; Identity, Dropout, Flatten,
Reshape and Unsqueeze/Squeeze on the data path are shape plumbing and
skipped. Weights are initializers or Constant nodes, read as the exact
values of their floats (float16/32/64 all convert exactly). Any other
operator on the data path raises RelufiberError naming the node.
"""
from fractions import Fraction

from .errors import RelufiberError

_PASS = {"Identity", "Dropout", "Flatten", "Reshape", "Squeeze", "Unsqueeze"}


def _onnx():
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError:
        raise RelufiberError("reading ONNX needs the onnx Python package "
                             "(Debian: apt-get install python3-onnx)")
    return onnx, numpy_helper


def _frac_array(a):
    """A numpy array as nested lists of exact Fractions."""
    import numpy as np
    a = np.asarray(a)
    if a.dtype.kind == "f":
        a = a.astype(np.float64)   # exact for float16/32
        return _map(a.tolist(), Fraction)
    if a.dtype.kind in "iu":
        return _map(a.tolist(), Fraction)
    raise RelufiberError("unsupported ONNX tensor type %s" % a.dtype)


def _map(x, f):
    return [_map(v, f) for v in x] if isinstance(x, list) else f(x)


def load_onnx(model):
    onnx, numpy_helper = _onnx()
    if isinstance(model, (bytes, bytearray)):
        model = onnx.load_from_string(bytes(model))
    elif not hasattr(model, "graph"):
        model = onnx.load(str(model))
    g = model.graph
    const = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    inputs = [i.name for i in g.input if i.name not in const]
    if len(inputs) != 1:
        raise RelufiberError("ONNX graph: expected one data input, found %d (%s)"
                             % (len(inputs), ", ".join(inputs)))
    cur = inputs[0]
    layers = []
    A = None          # pending affine map: y = A x + c (None: identity)
    c = None
    width = None      # current data width (known after the first weight)

    def where(k, node):
        return "ONNX node %d (%s, op %s)" % (k, node.name or "unnamed", node.op_type)

    def attr(node, name, default):
        for a in node.attribute:
            if a.name == name:
                return onnx.helper.get_attribute_value(a)
        return default

    def apply_w(W, k, node):
        """y = W x composed after the pending map; W as Fraction rows."""
        nonlocal A, c, width
        n_in = len(W[0])
        if width is not None and n_in != width:
            raise RelufiberError("%s: weight has %d inputs but the data has width %d "
                                 "(shape mismatch)" % (where(k, node), n_in, width))
        if A is None:
            A = [list(r) for r in W]
            c = [Fraction(0)] * len(W)
        else:
            A = [[sum((r[t] * A[t][j] for t in range(n_in)), Fraction(0))
                  for j in range(len(A[0]))] for r in W]
            c = [sum((r[t] * c[t] for t in range(n_in)), Fraction(0)) for r in W]
        width = len(W)

    def add_c(v, k, node, sign=1):
        nonlocal c
        vals = v if isinstance(v, list) else [v]
        while len(vals) == 1 and isinstance(vals[0], list):
            vals = vals[0]
        if A is None:
            raise RelufiberError("%s: a bias before any weight is not supported" % where(k, node))
        if len(vals) == 1 and width != 1:
            vals = vals * width
        if len(vals) != width:
            raise RelufiberError("%s: bias has %d entries, the layer has %d outputs"
                                 % (where(k, node), len(vals), width))
        c = [ci + sign * vi for ci, vi in zip(c, vals)]

    for k, node in enumerate(g.node):
        op = node.op_type
        if op == "Constant":
            v = attr(node, "value", None)
            if v is None:
                raise RelufiberError("%s: only tensor constants are supported" % where(k, node))
            const[node.output[0]] = numpy_helper.to_array(v)
            continue
        if cur not in node.input:
            if all(i in const or i == "" for i in node.input):
                raise RelufiberError("%s: computation on constants is not supported "
                                     "(export with do_constant_folding=True)" % where(k, node))
            continue   # a branch that does not touch the data path
        if op in _PASS:
            pass
        elif op == "Gemm":
            if attr(node, "transA", 0):
                raise RelufiberError("%s: transA=1 is not supported" % where(k, node))
            if node.input[0] != cur or node.input[1] not in const:
                raise RelufiberError("%s: expected Gemm(data, constant weight)" % where(k, node))
            B = _frac_array(const[node.input[1]])
            W = B if attr(node, "transB", 0) else [list(r) for r in zip(*B)]
            alpha = Fraction(attr(node, "alpha", 1.0))
            beta = Fraction(attr(node, "beta", 1.0))
            if alpha != 1:
                W = [[alpha * v for v in r] for r in W]
            apply_w(W, k, node)
            if len(node.input) > 2 and node.input[2]:
                if node.input[2] not in const:
                    raise RelufiberError("%s: the bias C must be a constant" % where(k, node))
                C = _frac_array(const[node.input[2]])
                C = _map(C, lambda q: beta * q)
                add_c(C, k, node)
        elif op == "MatMul":
            if node.input[0] != cur or node.input[1] not in const:
                raise RelufiberError("%s: expected MatMul(data, constant weight)" % where(k, node))
            B = _frac_array(const[node.input[1]])
            if not (isinstance(B, list) and B and isinstance(B[0], list)):
                raise RelufiberError("%s: the weight must be a matrix" % where(k, node))
            apply_w([list(r) for r in zip(*B)], k, node)
        elif op in ("Add", "Sub"):
            other = [i for i in node.input if i != cur]
            if len(other) != 1 or other[0] not in const:
                raise RelufiberError("%s: expected %s(data, constant)" % (where(k, node), op))
            if op == "Sub" and node.input[0] != cur:
                raise RelufiberError("%s: constant - data is not supported" % where(k, node))
            add_c(_frac_array(const[other[0]]), k, node, -1 if op == "Sub" else 1)
        elif op == "Relu":
            if A is None:
                raise RelufiberError("%s: Relu before any affine layer" % where(k, node))
            layers.append((A, c))
            A = c = None
        else:
            raise RelufiberError("%s: unsupported operator on the data path "
                                 "(supported: Gemm, MatMul, Add, Sub, Relu, and shape plumbing)"
                                 % where(k, node))
        cur = node.output[0]
    outs = [o.name for o in g.output]
    if cur not in outs:
        raise RelufiberError("ONNX graph: the data path ends at %r, which is not a graph output (%s)"
                             % (cur, ", ".join(outs)))
    if A is None:
        raise RelufiberError("ONNX graph: the network must end with an affine layer, not a Relu")
    layers.append((A, c))
    return layers


def to_onnx_model(net, opset=13):
    """An ONNX model (float64 Gemm/Relu chain, input "x" of shape [N, d0],
    output "y"). Parameters are stored as nearest doubles: exact when they
    are doubles (every network read from floats is)."""
    onnx, numpy_helper = _onnx()
    import numpy as np
    from onnx import helper, TensorProto
    nodes, inits = [], []
    cur = "x"
    for l, (W, b) in enumerate(net.layers):
        wn, bn, out = "W%d" % (l + 1), "b%d" % (l + 1), "z%d" % (l + 1)
        inits.append(numpy_helper.from_array(np.array([[float(q) for q in r] for r in W],
                                                      dtype=np.float64), wn))
        inits.append(numpy_helper.from_array(np.array([float(q) for q in b], dtype=np.float64), bn))
        last = l + 1 == len(net.layers)
        nodes.append(helper.make_node("Gemm", [cur, wn, bn], ["y" if last else out], transB=1))
        if not last:
            nodes.append(helper.make_node("Relu", [out], ["h%d" % (l + 1)]))
            cur = "h%d" % (l + 1)
    arch = net.arch
    graph = helper.make_graph(
        nodes, "relufiber",
        [helper.make_tensor_value_info("x", TensorProto.DOUBLE, ["N", arch[0]])],
        [helper.make_tensor_value_info("y", TensorProto.DOUBLE, ["N", arch[-1]])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="relufiber")
    return model


def save_onnx(net, path):
    onnx, _ = _onnx()
    onnx.save(to_onnx_model(net), str(path))
