"""The package's exception."""


class RelufiberError(Exception):
    """An error of relufiber: bad input (with the file, line or JSON path the
    C library names), an unsupported architecture, a converter problem
    (naming the layer or ONNX node), or an internal error (a bug).

    .kind is "input error", "I/O error", "unsupported", "internal error" or
    "error" (Python-side problems)."""

    def __init__(self, message, kind=None):
        super().__init__(message)
        self.message = message
        if kind is None:
            kind = "error"
            for k in ("input error", "I/O error", "unsupported", "internal error"):
                if message.startswith(k + ": "):
                    kind = k
                    break
        self.kind = kind
