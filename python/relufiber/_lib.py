"""Loading librelufiber and calling its flat API (relufiber/flat.h).

Every C entry point used here takes and returns NUL-terminated strings
(JSON text), so no FLINT object crosses the ctypes boundary. The library is
found, in this order, at $RELUFIBER_LIB (a path to librelufiber.so), next
to this package's install prefix (the libdir recorded at install time in
_config.py), and through the dynamic loader (librelufiber.so.0).
"""
import ctypes
import ctypes.util
import json
import os

from .errors import RelufiberError

_lib = None


def _candidates():
    env = os.environ.get("RELUFIBER_LIB")
    if env:
        yield env
        return
    try:
        from . import _config  # written by meson install
        libdir = getattr(_config, "LIBDIR", None)
        if libdir:
            yield os.path.join(libdir, "librelufiber.so.0")
            yield os.path.join(libdir, "librelufiber.so")
    except ImportError:
        pass
    here = os.path.dirname(os.path.abspath(__file__))
    # the source tree next to a build directory named build/
    yield os.path.join(here, "..", "..", "build", "librelufiber.so")
    yield "librelufiber.so.0"
    found = ctypes.util.find_library("relufiber")
    if found:
        yield found


def lib():
    """The loaded library (loaded once, on first use)."""
    global _lib
    if _lib is not None:
        return _lib
    errors = []
    for path in _candidates():
        try:
            L = ctypes.CDLL(path)
        except OSError as e:
            errors.append("%s: %s" % (path, e))
            continue
        _declare(L)
        _lib = L
        return L
    raise RelufiberError("cannot load librelufiber (set RELUFIBER_LIB to the path of "
                         "librelufiber.so): " + "; ".join(errors))


def _declare(L):
    c, p, pp = ctypes.c_char_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)
    sig = {
        "rf_flat_version": [],
        "rf_flat_read": [c, c, c, pp],
        "rf_flat_read_file": [c, c, pp],
        "rf_flat_write": [c, c, pp],
        "rf_flat_eval": [c, c, pp],
        "rf_flat_equiv": [c, c, c, pp],
        "rf_flat_canon": [c, pp],
        "rf_flat_canon_box": [c, c, pp],
        "rf_flat_align": [c, c, pp],
        "rf_flat_embed": [c, c, ctypes.c_ulong, pp],
        "rf_flat_fdim": [c, c, ctypes.c_ulong, pp],
        "rf_flat_fiber": [c, c, pp],
        "rf_flat_identifiable": [c, pp],
        "rf_flat_conserve": [c, c, pp],
    }
    for name, args in sig.items():
        f = getattr(L, name)
        f.argtypes = args
        f.restype = p   # keep the pointer: it must be freed by rf_flat_free
    L.rf_flat_free.argtypes = [p]
    L.rf_flat_free.restype = None


def _b(s):
    if s is None:
        return None
    return s.encode("utf-8") if isinstance(s, str) else s


def call(name, *args):
    """Call rf_flat_<name>(args..., &errmsg); return the result text, or
    raise RelufiberError with the library's message."""
    L = lib()
    f = getattr(L, "rf_flat_" + name)
    err = ctypes.c_void_p(None)
    cargs = [_b(a) if (a is None or isinstance(a, (str, bytes))) else a for a in args]
    if name == "version":
        r = f()
    else:
        r = f(*cargs, ctypes.byref(err))
    if not r:
        msg = "relufiber: unknown error"
        if err.value:
            msg = ctypes.string_at(err.value).decode("utf-8", "replace")
            L.rf_flat_free(err.value)
        raise RelufiberError(msg)
    try:
        return ctypes.string_at(r).decode("utf-8")
    finally:
        L.rf_flat_free(r)


def call_json(name, *args):
    return json.loads(call(name, *args))
