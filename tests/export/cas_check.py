#!/usr/bin/env python3
"""Slow test of `relufiber fiber --cas-check` (irreducibility per component).
Independent oracle: Macaulay2 `decompose`, driven by this script from the M2
export, on each component's equations saturated by the product of its strict
inequalities, auxiliaries eliminated. For every component of the examples
(fibers of at most 64 components) and of random shallow nets (seed
RF_TEST_SEED, count 10 x RF_TEST_MULTIPLIER):
  - relufiber (Singular minAssGTZ) says "yes" exactly when M2 finds one
    minimal prime of the stated dimension (>= 0); its dimension is M2's;
  - "unknown (k minimal primes ...)" has k equal to M2's count;
  - relufiber's own M2 mode agrees with its Singular mode.
Also: a hand-built system (x*y = 0: 2 primes, unknown; with x > 0: yes; a
projection through an auxiliary: yes), a missing tool (PATH without
Singular) gives "unknown (Singular not found on PATH)", a tiny
--cas-time-limit and --time-limit give "unknown (... time limit ...)", and
no temporary file is left behind. Prints the time per example."""
import json, os, random, re, shutil, subprocess, sys, tempfile, time
from fractions import Fraction

BIN, EX = os.environ["RF_BIN"], os.environ["RF_EXAMPLES"]
seed = int(os.environ.get("RF_TEST_SEED", "0") or "0", 0)
mult = float(os.environ.get("RF_TEST_MULTIPLIER", "1") or "1")
for t in ("Singular", "M2"):
    if not shutil.which(t):
        print("skip: %s not installed" % t)
        sys.exit(77)
tmp = tempfile.mkdtemp(prefix="rf_cascheck_")
env = dict(os.environ, TMPDIR=tmp)
LINE = re.compile(r"^component (\d+) \((.*)\): irreducible: (yes over Q|yes|unknown) \((.*)\)( \[[0-9.]+ s\])?$")


def cas_lines(args, tool="singular", extra=(), env_=env):
    r = subprocess.run([BIN] + list(extra) + args + ["--cas-check=" + tool],
                       capture_output=True, text=True, env=env_, timeout=1200)
    assert r.returncode == 0, "%s: %s" % (args, r.stderr)
    out = [LINE.match(l) for l in (r.stdout + r.stderr).split("\n") if ": irreducible: " in l]
    assert all(out), r.stdout
    # "yes over Q" (not absolutely irreducible, or not checked) is a yes
    return [("yes" if m.group(3).startswith("yes") else m.group(3), m.group(4)) for m in out]


def oracle(m2file):
    """per component: (number of minimal primes, their dimensions) by M2"""
    drv = os.path.join(tmp, "oracle.m2")
    open(drv, "w").write(
        'load "%s"\n'
        'scan(rfComponents, c -> (\n'
        '  s := promote(product(select(c#"inequalities", q -> q#1 != ">="), q -> q#0), rfR);\n'
        '  J := saturate(c#"ideal", s);\n'
        '  if #rfAux > 0 then J = eliminate(rfAux, J);\n'
        '  P := decompose J;\n'
        '  print("ORACLE " | toString(#P) | concatenate apply(P, p -> " " | toString(dim p - #rfAux)))));\n'
        'exit 0\n' % m2file)
    r = subprocess.run(["M2", "--script", drv], capture_output=True, text=True, timeout=1200)
    return [[int(x) for x in l.split()[1:]] for l in r.stdout.split("\n") if l.startswith("ORACLE ")]


def check(args, stated, m2file, label, both=True):
    t0 = time.time()
    sing = cas_lines(args, "singular")
    ts = time.time() - t0
    ora = oracle(m2file)
    assert len(sing) == len(stated) == len(ora), "%s: %d %d %d" % (label, len(sing), len(stated), len(ora))
    yes = 0
    absolute["n"] += sum("absolutely irreducible" in why for _, why in sing)
    for k, ((v, why), d, o) in enumerate(zip(sing, stated, ora)):
        n, dims = o[0], o[1:]
        if v == "yes":
            yes += 1
            assert n == 1 and d >= 0 and dims[0] == d, "%s comp %d: yes but M2 %s stated %d" % (label, k + 1, o, d)
            assert "1 minimal prime over Q, dimension %d" % d in why
        else:
            assert not (n == 1 and d >= 0 and dims[0] == d), "%s comp %d: M2 proves %s, relufiber: %s" % (label, k + 1, o, why)
            if n >= 2:
                assert "%d minimal primes" % n in why, "%s comp %d: %s vs M2 %s" % (label, k + 1, why, o)
    if both:
        m2 = cas_lines(args, "m2")
        assert [v for v, _ in m2] == [v for v, _ in sing], "%s: M2 mode %s, Singular mode %s" % (label, m2, sing)
    return yes, ts


def fiber_files(net):
    m2 = os.path.join(tmp, "f.m2")
    r = subprocess.run([BIN, "fiber", "--format", "m2", net, "-o", m2], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    j = subprocess.run([BIN, "fiber", "--format", "json", net], capture_output=True, text=True)
    comps = json.loads(j.stdout)["components"]
    return m2, [c["dimension"] if c["dimension"] is not None else -1 for c in comps]


total_yes = total = 0
absolute = {"n": 0}
for f in sorted(os.listdir(EX)):
    if not f.endswith(".rfn"):
        continue
    net = os.path.join(EX, f)
    ff = fiber_files(net)
    if ff is None or len(ff[1]) > 64:
        print("%s: %s" % (f, "no fiber" if ff is None else "%d components, skipped" % len(ff[1])))
        continue
    yes, ts = check(["fiber", net], ff[1], ff[0], f, both=len(ff[1]) <= 8)
    total_yes += yes
    total += len(ff[1])
    print("%s: %d components, %d irreducible (yes), Singular --cas-check %.2f s (%.3f s per component)"
          % (f, len(ff[1]), yes, ts, ts / max(1, len(ff[1]))))
print("examples: %d components, %d yes (%d of them absolutely irreducible by Singular absPrimdecGTZ); "
      "every verdict agrees with M2 decompose" % (total, total_yes, absolute["n"]))
assert total >= 60 and total_yes >= 40

# random shallow nets
rng = random.Random(seed)
vals = [Fraction(p, q) for p in range(-3, 4) for q in (1, 2)]
nrand = max(1, int(10 * mult))
for it in range(nrand):
    d0, n = rng.choice([1, 2]), rng.choice([1, 2, 3])
    rows = []
    for i in range(n):
        if i > 0 and rng.random() < 0.3:
            j = rng.randrange(i)
            s = rng.choice([1, 2, Fraction(1, 2), -1])
            rows.append([s * x for x in rows[j]])
        else:
            rows.append([rng.choice(vals) for _ in range(d0 + 1)])
    net = os.path.join(tmp, "r%d.rfn" % it)
    with open(net, "w") as fh:
        fh.write("arch %d %d 1\nW1\n" % (d0, n))
        for r_ in rows:
            fh.write(" ".join(str(x) for x in r_[:d0]) + "\n")
        fh.write("b1 " + " ".join(str(r_[d0]) for r_ in rows) + "\n")
        fh.write("W2\n" + " ".join(str(rng.choice(vals)) for _ in range(n)) + "\nb2 %s\n" % rng.choice(vals))
    ff = fiber_files(net)
    if ff is None:
        continue
    try:
        check(["fiber", net], ff[1], ff[0], "random %d" % it, both=False)
    except AssertionError:
        print("FAIL (seed %d iter %d)" % (seed, it))
        print(open(net).read())
        raise
print("random nets: %d checked (seed %d)" % (nrand, seed))

# hand-built system: two primes / saturation / projection through an auxiliary
sysf = os.path.join(tmp, "sys.json")
json.dump({"format": "relufiber-system", "version": 1, "title": "t", "notes": [],
           "variables": [{"name": "x", "kind": "param"}, {"name": "y", "kind": "param"},
                         {"name": "t1", "kind": "aux"}],
           "components": [
               {"name": "cross", "description": "", "dimension": 1,
                "equations": [{"index": 0, "poly": "x*y", "label": None}], "inequalities": []},
               {"name": "half", "description": "", "dimension": 1,
                "equations": [{"index": 0, "poly": "x*y", "label": None}],
                "inequalities": [{"index": 1, "poly": "x", "sense": ">", "label": None}]},
               {"name": "proj", "description": "", "dimension": 1,
                "equations": [{"index": 0, "poly": "x - t1^2", "label": None},
                              {"index": 1, "poly": "y*t1 - 1", "label": None}],
                "inequalities": [{"index": 2, "poly": "t1", "sense": ">", "label": None}]},
               {"name": "twolines", "description": "", "dimension": 1,
                "equations": [{"index": 0, "poly": "x^2 - 2*y^2", "label": None}], "inequalities": []}]},
          open(sysf, "w"))
for tool in ("singular", "m2"):
    v = cas_lines(["export", "--to", "json", sysf, "-o", os.path.join(tmp, "o.json")], tool)
    assert [x for x, _ in v] == ["unknown", "yes", "yes", "yes"], v
    assert "2 minimal primes" in v[0][1], v
    if tool == "singular":   # x^2 - 2 y^2: irreducible over Q, two lines over Q(sqrt 2)
        assert "absolutely irreducible" in v[1][1] and "absolutely irreducible" in v[2][1], v
        assert "2 conjugate components" in v[3][1], v
    raw = subprocess.run([BIN, "export", "--to", "json", sysf, "-o", os.path.join(tmp, "o.json"),
                          "--cas-check=" + tool], capture_output=True, text=True, env=env).stdout
    assert "component 4 (twolines): irreducible: yes over Q (" in raw, raw
print("hand-built system: cross unknown (2 primes), half yes (saturated), projection yes, "
      "x^2 - 2y^2 yes over Q with 2 conjugate components")

# a missing tool, the time limits
empty = os.path.join(tmp, "empty")
os.mkdir(empty)
v = cas_lines(["fiber", os.path.join(EX, "shallow_2_3_1.rfn")], "singular",
              env_=dict(env, PATH=empty))
assert all(x == "unknown" and "Singular not found" in why for x, why in v), v
v = cas_lines(["fiber", os.path.join(EX, "shallow_2_3_1.rfn"), "--cas-time-limit", "0.001"])
assert all(x == "unknown" and "time limit" in why for x, why in v), v
g5 = os.path.join(EX, "three_g5_cancel.rfn")
t0 = time.time()
subprocess.run([BIN, "fiber", g5, "-o", os.devnull], check=True, timeout=1200)
tf = time.time() - t0                 # the fiber alone (slow under sanitizers)
limit = 2 * tf + 5
t0 = time.time()
v = cas_lines(["fiber", g5], extra=["--time-limit", "%.1f" % limit])
el = time.time() - t0
assert len(v) > 1000 and el < limit + 5, (len(v), el, limit)
assert sum(x == "unknown" and "time limit" in why for x, why in v) >= len(v) - 5, v[:3]
print("missing tool, --cas-time-limit and --time-limit %.1f s (%d components in %.1f s): unknown"
      % (limit, len(v), el))
left = [f for f in os.listdir(tmp) if f.startswith("relufiber-cas")]
assert not left, left
shutil.rmtree(tmp)
