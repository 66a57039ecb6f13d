#!/usr/bin/env python3
"""Consistency check of the reference manual (docs/api/) against the headers.

Usage: check_api.py SOURCE_ROOT

Fails (exit status 1, one line per problem) when
  1. a public symbol of include/relufiber/*.h (function, type, struct tag,
     macro, enum constant, extern variable whose name starts with rf_ / RF_,
     plus RELUFIBER_VERSION) is not mentioned in any docs/api/*.md file;
  2. a header declares an rf_ / RF_ name that does not carry the prefix of
     its header (folder = header = prefix, docs/conventions.md), unless the
     name is in ALLOWED_PREFIX_EXCEPTIONS below;
  3. a Markdown file under docs/ or the top-level README.md links outside the
     repository: a link target that is an absolute path, a file: URL, a
     relative path leaving the repository root or naming a file the
     repository does not have; the same for bare ../ paths written in the
     text (code spans included), and absolute paths under /work, /home,
     /tmp, ... anywhere in the text; http(s) and mailto links are allowed;
  4. a C source file src/*/*.c does not open with a comment (each file
     states the theorem or the job it implements).
Only the Python standard library is used.
"""

import os
import re
import sys

# Header -> prefixes its rf_ / RF_ names must carry (compared case-blind,
# so "rf_sys_" covers both rf_sys_init and RF_SYS_...).
HEADER_PREFIXES = {
    "err.h": ["rf_err_"],
    "rational.h": ["rf_q_"],
    "qvec.h": ["rf_qvec_"],
    "text.h": ["rf_text_"],
    "net.h": ["rf_net_"],
    "system.h": ["rf_sys_"],
    "equiv.h": ["rf_equiv_"],
    "sym.h": ["rf_sym_"],
    "io.h": ["rf_io_"],
    "cells.h": ["rf_cells_"],
    "canon.h": ["rf_canon_"],
    "align.h": ["rf_align_"],
    "export.h": ["rf_export_"],
    "shallow.h": ["rf_shallow_"],
    "three.h": ["rf_three_"],
    "fdim.h": ["rf_fdim_"],
    "conserve.h": ["rf_conserve_"],
    "decide.h": ["rf_decide_"],
    "flat.h": ["rf_flat_"],
    "draw.h": ["rf_draw_"],
    # The umbrella header declares nothing; version.h the version macros.
    "relufiber.h": [],
    "version.h": ["relufiber_"],
}

# Names that do not carry their header's prefix. Each entry is a known
# deviation (docs/conventions.md, "Known deviations"); the headers are owned
# elsewhere, so the names are listed here instead of being renamed.
ALLOWED_PREFIX_EXCEPTIONS = {
    # The success code is shared by every module, deliberately short.
    "err.h": {"RF_OK"},
}

PUBLIC = re.compile(r"^(rf_|RF_)")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"),
                  text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def strip_bodies(text):
    """Remove the bodies of inline functions (braces after a ')' at depth
    0), replacing them by ';' so the signature becomes a declaration."""
    out = []
    depth = 0
    i = 0
    skip = False
    last = ""
    while i < len(text):
        c = text[i]
        if depth == 0 and c == "{":
            prev = "".join(out).rstrip()
            if prev.endswith(")"):
                skip = True
                out.append(";")
            else:
                out.append(c)
            depth = 1
        elif depth > 0 and c == "{":
            depth += 1
            if not skip:
                out.append(c)
        elif depth > 0 and c == "}":
            depth -= 1
            if depth == 0 and skip:
                skip = False
            elif not skip:
                out.append(c)
        elif not skip:
            out.append(c)
        i += 1
        last = c
    return "".join(out)


def header_symbols(path):
    """Public names declared in a header, in order of appearance."""
    raw = open(path, encoding="utf-8").read()
    text = strip_comments(raw)
    names = []

    def add(n):
        if n not in names:
            names.append(n)

    # Macros (header guards and the extern "C" dance excluded).
    lines = []
    for line in text.split("\n"):
        s = line.strip()
        m = re.match(r"#\s*define\s+([A-Za-z_]\w*)", s)
        if m:
            n = m.group(1)
            if PUBLIC.match(n) or (n.startswith("RELUFIBER_")
                                   and not n.endswith("_H")):
                add(n)
        if s.startswith("#"):
            lines.append("")
            continue
        lines.append(line)
    # join continuation lines of macros were dropped with their '#' line;
    # remove any leftover continuation bodies
    body = "\n".join(lines)
    body = body.replace('extern "C" {', "").replace("}\n#endif", "")
    body = strip_bodies(body)

    # Enum constants.
    for m in re.finditer(r"\benum\b[^{;]*\{([^}]*)\}", body):
        for item in m.group(1).split(","):
            mm = re.match(r"\s*([A-Za-z_]\w*)", item)
            if mm:
                add(mm.group(1))
    # Struct / enum tags.
    for m in re.finditer(r"\b(?:struct|enum)\s+(rf_\w+)", body):
        add(m.group(1))
    # Typedef names: "} name;", "typedef X name;", "typedef X name[1];",
    # "typedef R (*name)(...);".
    for m in re.finditer(r"\}\s*(rf_\w+)\s*;", body):
        add(m.group(1))
    for m in re.finditer(r"\btypedef\b([^;{}]*);", body):
        decl = m.group(1)
        fp = re.search(r"\(\s*\*\s*(\w+)\s*\)", decl)
        if fp:
            add(fp.group(1))
            continue
        tn = re.search(r"(\w+)\s*(?:\[[^\]]*\])?\s*$", decl)
        if tn:
            add(tn.group(1))
    # Functions and extern variables: top-level statements.
    flat = re.sub(r"\{[^{}]*\}", " ", body)   # struct/enum bodies
    flat = re.sub(r"\{[^{}]*\}", " ", flat)
    for stmt in flat.split(";"):
        s = " ".join(stmt.split())
        if not s or s.startswith("typedef"):
            continue
        m = re.search(r"\b(\w+)\s*\(", s)
        if m and not s.startswith("struct " + m.group(1)):
            add(m.group(1))
            continue
        m = re.search(r"\bextern\b.*?\b(\w+)\s*(?:\[[^\]]*\])?\s*$", s)
        if m:
            add(m.group(1))
    return [n for n in names
            if PUBLIC.match(n) or n.startswith("RELUFIBER_")]


def doc_text(root):
    api = os.path.join(root, "docs", "api")
    chunks = []
    if os.path.isdir(api):
        for fn in sorted(os.listdir(api)):
            if fn.endswith(".md"):
                chunks.append(open(os.path.join(api, fn),
                                   encoding="utf-8").read())
    return "\n".join(chunks)


def check_symbols(root, problems):
    inc = os.path.join(root, "include", "relufiber")
    docs = doc_text(root)
    documented = set(re.findall(r"[A-Za-z_]\w*", docs))
    for fn in sorted(os.listdir(inc)):
        if not fn.endswith(".h"):
            continue
        syms = header_symbols(os.path.join(inc, fn))
        prefixes = HEADER_PREFIXES.get(fn)
        if prefixes is None:
            problems.append("include/relufiber/%s: header has no prefix "
                            "entry in check_api.py" % fn)
            prefixes = []
        allowed = ALLOWED_PREFIX_EXCEPTIONS.get(fn, set())
        for s in syms:
            if s not in documented:
                problems.append("include/relufiber/%s: %s is not documented "
                                "in docs/api/" % (fn, s))

            if s in allowed:
                continue
            if not any(s.lower().startswith(p) for p in prefixes):
                problems.append("include/relufiber/%s: %s does not carry "
                                "the header prefix %s" %
                                (fn, s, " or ".join(prefixes) or "(none)"))
        for s in sorted(allowed - set(syms)):
            problems.append("check_api.py: stale exception %s for %s"
                            % (s, fn))


LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFDEF = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.M)
BARE_UP = re.compile(r"(?<![\w./])((?:\.\./)+[\w.\-/]*)")
BARE_ABS = re.compile(r"(?<![\w.:/])(file:/\S*|/(?:work|home|Users|mnt|tmp"
                      r"|root)/[\w.\-/]*)")


def outside(root, base, target):
    """Does relative link target leave the repository root?"""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return False
    full = os.path.normpath(os.path.join(base, path))
    rootn = os.path.normpath(root)
    return not (full == rootn or full.startswith(rootn + os.sep))


def exists(base, target):
    path = target.split("#", 1)[0].split("?", 1)[0]
    return not path or os.path.exists(os.path.join(base, path))


def check_links(root, problems):
    files = [os.path.join(root, "README.md")]
    for d, _, fns in os.walk(os.path.join(root, "docs")):
        files += [os.path.join(d, f) for f in fns if f.endswith(".md")]
    for path in sorted(files):
        if not os.path.exists(path):
            continue
        rel = os.path.relpath(path, root)
        base = os.path.dirname(path)
        text = open(path, encoding="utf-8").read()
        for n, line in enumerate(text.split("\n"), 1):
            targets = [m.group(1) for m in LINK.finditer(line)]
            targets += [m.group(1) for m in REFDEF.finditer(line)]
            for t in targets:
                low = t.lower()
                if re.match(r"^(https?|mailto):", low) or t.startswith("#"):
                    continue
                if re.match(r"^[a-z][a-z0-9+.\-]*:", low):
                    problems.append("%s:%d: link to a non-public scheme: %s"
                                    % (rel, n, t))
                elif t.startswith("/") or t.startswith("~"):
                    problems.append("%s:%d: link to an absolute path: %s"
                                    % (rel, n, t))
                elif outside(root, base, t):
                    problems.append("%s:%d: link leaves the repository: %s"
                                    % (rel, n, t))
                elif not exists(base, t):
                    problems.append("%s:%d: link to a missing file: %s"
                                    % (rel, n, t))
            for m in BARE_UP.finditer(line):
                t = m.group(1)
                if t in targets:
                    continue      # already checked as a link target
                if outside(root, base, t):
                    problems.append("%s:%d: path leaves the repository: %s"
                                    % (rel, n, t))
                elif not exists(base, t):
                    problems.append("%s:%d: path to a missing file (outside "
                                    "this repository?): %s" % (rel, n, t))
            for m in BARE_ABS.finditer(line):
                problems.append("%s:%d: absolute path outside the "
                                "repository: %s" % (rel, n, m.group(1)))


def check_sources(root, problems):
    src = os.path.join(root, "src")
    for d in sorted(os.listdir(src)):
        dd = os.path.join(src, d)
        if not os.path.isdir(dd):
            continue
        for fn in sorted(os.listdir(dd)):
            if not fn.endswith(".c"):
                continue
            head = open(os.path.join(dd, fn), encoding="utf-8").read()
            head = head.lstrip()
            if not (head.startswith("/*") or head.startswith("//")):
                problems.append("src/%s/%s: does not open with a comment"
                                % (d, fn))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: check_api.py SOURCE_ROOT\n")
        return 2
    root = os.path.abspath(argv[1])
    problems = []
    check_symbols(root, problems)
    check_links(root, problems)
    check_sources(root, problems)
    seen = set()
    problems = [p for p in problems if not (p in seen or seen.add(p))]
    for p in problems:
        print(p)
    if problems:
        print("check_api: %d problem(s)" % len(problems))
        return 1
    print("check_api: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
