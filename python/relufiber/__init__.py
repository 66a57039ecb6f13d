"""relufiber: exact parameter symmetries of ReLU networks, from Python.

A thin pure-Python layer over the C library librelufiber (through ctypes and
its JSON-string API, relufiber/flat.h). Parameters are exact
fractions.Fraction values; a float is read as the exact value of its IEEE
double (the number PyTorch computed with).

    import relufiber as rf
    a = rf.Network.from_torch(model_a)
    r = rf.equiv(a, model_b)          # networks, nn.Modules, paths, ONNX
    r.equivalent, r.method, r.certificate, r.separating_input

See docs/python.md.
"""
from .errors import RelufiberError
from .network import Network, as_network, to_fraction
from .api import (equiv, canon, align, embed, fdim, fiber, identifiable, conserve, version, Law, Conserved,
                  EquivResult, CanonResult, AlignResult, EmbedResult, FdimResult, Fiber, Component, Identifiability)

__all__ = ["RelufiberError", "Network", "as_network", "to_fraction", "equiv", "canon", "align", "embed",
           "fdim", "fiber", "identifiable", "conserve", "version", "Law", "Conserved", "EquivResult", "CanonResult",
           "AlignResult", "EmbedResult", "FdimResult", "Fiber", "Component", "Identifiability"]
