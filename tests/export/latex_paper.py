#!/usr/bin/env python3
"""Slow test: the LaTeX of fibers is paper-ready. For each example, the
standalone document (latex-doc) and an article that \\input's the block
(latex) compile with pdflatex, the log has no Overfull box, and the PDF text
(pdftotext) shows every component "Component k" for k = 1..n (n read from
the JSON export). The legend is typeset: every label code used (E1..E5 of
the three-layer fibers, kinks[...] of the shallow ones) has its entry in the
PDF. With --latex-names (exact names and patterns) the custom symbols are
used and the documents still compile with no overfull box.
Skips (77) if pdflatex or pdftotext is missing."""
import json, os, re, shutil, subprocess, sys, tempfile

BIN, EX = os.environ["RF_BIN"], os.environ["RF_EXAMPLES"]
for tool in ("pdflatex", "pdftotext"):
    if not shutil.which(tool):
        print("skip: %s not installed" % tool)
        sys.exit(77)
tmp = tempfile.mkdtemp(prefix="rf_latex_")
ARTICLE = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
           "Some text of the paper.\n\\input{block}\nMore text.\n\\end{document}\n")
NAMES = os.path.join(tmp, "names.txt")
open(NAMES, "w").write("# custom symbols\nW1_1_1 \\omega\nW<l>_<i>_<j> w^{[<l>]}_{<i>,<j>}\n"
                       "b<l>_<i> \\beta^{[<l>]}_{<i>}\n")
checked = 0
for names in (False, True):
  for ex in ("three_e3_generic.rfn", "shallow_flip_b.rfn", "shallow_2_3_1.rfn",
             "three_e2_a.rfn", "three_e6_a.rfn"):
      net = os.path.join(EX, ex)
      r = subprocess.run([BIN, "fiber", "--format", "json", net], capture_output=True, text=True)
      assert r.returncode == 0, ex + ": " + r.stderr
      n = len(json.loads(r.stdout)["components"])
      assert n >= 1
      extra = ["--latex-names", NAMES] if names else []
      subprocess.run([BIN, "fiber", "--format", "latex-doc", net, "-o", os.path.join(tmp, "doc.tex")] + extra, check=True)
      subprocess.run([BIN, "fiber", "--format", "latex", net, "-o", os.path.join(tmp, "block.tex")] + extra, check=True)
      src = open(os.path.join(tmp, "block.tex")).read()
      if names:
          assert "w^{[2]}_{" in src and "W^{(" not in src and "b^{(" not in src, ex + ": names not mapped"
      labels = " ".join(l["label"] or "" for c in json.loads(r.stdout)["components"]
                        for l in c["equations"] + c["inequalities"])
      codes = sorted(set(re.findall(r"\b(E[1-5]) ", labels)))
      names_ = " ".join(c["name"] for c in json.loads(r.stdout)["components"])
      open(os.path.join(tmp, "paper.tex"), "w").write(ARTICLE)
      body = [l for l in open(os.path.join(tmp, "doc.tex")).read().split("\n") if not l.startswith("%")]
      for ascii_form in (r"(?<!\\)theta'", r"S_n1 x S_n2", r"mu\\_j"):
          assert not any(re.search(ascii_form, l) for l in body), "%s: untypeset '%s'" % (ex, ascii_form)
      assert not re.search(r"\\quad -[^=]*\\geq 0", "\n".join(body)), ex + ": -p >= 0 written"
      for doc in ("doc", "paper"):
          r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", doc + ".tex"],
                             cwd=tmp, capture_output=True, text=True, timeout=300)
          assert r.returncode == 0, "%s %s: pdflatex failed\n%s" % (ex, doc, r.stdout[-2000:])
          log = open(os.path.join(tmp, doc + ".log"), errors="replace").read()
          assert "Overfull" not in log, "%s %s: %s" % (ex, doc, re.findall(r"Overfull.*", log))
          text = subprocess.run(["pdftotext", doc + ".pdf", "-"], cwd=tmp, capture_output=True,
                                text=True).stdout
          for k in range(1, n + 1):
              assert re.search(r"Component %d\b" % k, text), "%s %s: component %d missing" % (ex, doc, k)
          assert not re.search(r"Component %d\b" % (n + 1), text)
          assert "Legend" in text, "%s %s: no legend" % (ex, doc)
          for code in codes:
              assert re.search(r"^%s first layer|^%s crossing|^%s sign|^%s the always|^%s output" % ((code,) * 5),
                               text, re.M), "%s %s: legend lacks %s" % (ex, doc, code)
          if "kinks[" in names_:
              assert "kinks[a+b- . . . ]" in text or "kinks[a+b-" in text, "%s %s: legend lacks kinks" % (ex, doc)
          checked += 1
      print("%s%s: %d components, legend %s, standalone and \\input compile, no overfull box"
            % (ex, " (--latex-names)" if names else "", n, codes))
assert checked == 20
shutil.rmtree(tmp)
