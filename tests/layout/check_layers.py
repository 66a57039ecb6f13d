#!/usr/bin/env python3
"""Module layering check: no folder includes a header of a folder above it.

The module order (docs/conventions.md), bottom to top. A folder may include
the public headers of its own level and of the levels below, never above.
Every public header belongs to exactly one folder; every .c file of a folder
includes only headers of allowed folders (its own private headers are fine).
Also checks that the umbrella header includes every public header.
Usage: check_layers.py SOURCE_ROOT
"""
import os
import re
import sys

LEVELS = [
    ["core"],
    ["sym", "io", "cells", "canon", "align"],
    ["export", "shallow"],
    ["three"],
    ["fdim"],
    ["conserve"],
    ["decide"],
    ["flat", "draw"],
    ["cli"],
]
# public header -> owning folder
OWNER = {
    "err.h": "core", "rational.h": "core", "qvec.h": "core", "text.h": "core",
    "net.h": "core", "system.h": "core", "equiv.h": "core", "version.h": "core",
    "sym.h": "sym", "io.h": "io", "cells.h": "cells", "canon.h": "canon", "align.h": "align", "export.h": "export",
    "shallow.h": "shallow", "three.h": "three", "fdim.h": "fdim",
    "conserve.h": "conserve", "decide.h": "decide", "flat.h": "flat",
    "draw.h": "draw",
    "relufiber.h": "cli",   # the umbrella header: only the CLI may use it
}


def level(folder):
    for i, group in enumerate(LEVELS):
        if folder in group:
            return i
    raise KeyError(folder)


def main(root):
    errors = []
    inc_dir = os.path.join(root, "include", "relufiber")
    headers = sorted(h for h in os.listdir(inc_dir) if h.endswith(".h"))
    for h in headers:
        if h not in OWNER:
            errors.append("include/relufiber/%s: public header with no owning folder "
                          "in tests/layout/check_layers.py" % h)
    src = os.path.join(root, "src")
    folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for d in folders:
        try:
            level(d)
        except KeyError:
            errors.append("src/%s: folder missing from the module order" % d)
    pat = re.compile(r'#\s*include\s*[<"]relufiber/([A-Za-z0-9_]+\.h)[>"]')

    def check_file(path, folder, rel):
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = pat.search(line)
                if not m:
                    continue
                h = m.group(1)
                owner = OWNER.get(h)
                if owner is None:
                    errors.append("%s:%d: includes unknown header relufiber/%s" % (rel, n, h))
                elif level(owner) > level(folder):
                    errors.append("%s:%d: %s/ includes relufiber/%s of %s/, a module above it"
                                  % (rel, n, folder, h, owner))

    for d in folders:
        for fn in sorted(os.listdir(os.path.join(src, d))):
            if fn.endswith((".c", ".h")):
                check_file(os.path.join(src, d, fn), d, "src/%s/%s" % (d, fn))
    for h in headers:
        if h in OWNER and h != "relufiber.h":
            check_file(os.path.join(inc_dir, h), OWNER[h], "include/relufiber/" + h)
    with open(os.path.join(inc_dir, "relufiber.h")) as f:
        umbrella = set(pat.findall(f.read()))
    for h in headers:
        if h != "relufiber.h" and h not in umbrella:
            errors.append("include/relufiber/relufiber.h: does not include relufiber/%s" % h)
    for e in errors:
        print(e)
    print("layering: %d folders, %d public headers, %d problem(s)"
          % (len(folders), len(headers), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
