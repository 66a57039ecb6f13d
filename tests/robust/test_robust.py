#!/usr/bin/python3
"""Robustness of the relufiber executable under hostile load (issue 14):
budgets on every command, clean out-of-memory, readers that check structure
before buffering, digit caps, the O(n log n) name check, atomic -o under a
file-size limit and SIGTERM, signal cleanup of solver children and their
temporary files (TMPDIR), and batch sweeps (shards merged = one run,
resume, lock, timeouts isolated).

usage: test_robust.py RELUFIBER_BIN SOURCE_ROOT [--slow]
  --slow: the issue's full sizes (100 MB inputs, 200k names, a 1,000-network
  sweep in 4 shards). RF_TEST_SEED seeds the random parts, RF_TEST_MULTIPLIER
  scales the randomized loops (as in tests/rftest.h).
"""
import fcntl
import glob
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time

BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SLOW = "--slow" in sys.argv
SEED = int(os.environ.get("RF_TEST_SEED", "0") or "0", 0) or 14
MULT = float(os.environ.get("RF_TEST_MULTIPLIER", "1") or "1")
EX = os.path.join(ROOT, "examples")
SWEEP = os.path.join(ROOT, "bench", "fdim", "hidden_symmetries_batch.py")
TMP = tempfile.mkdtemp(prefix="rf_robust_")
rng = random.Random(SEED)
# sanitizer builds: no leak report from a child killed on purpose
ENV = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")


def run(args, timeout=120, env=None, preexec=None, stdin=None):
    """(exit code, stdout, stderr, seconds, peak RSS in MB) of relufiber args."""
    t0 = time.monotonic()
    p = subprocess.Popen([BIN] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env or ENV, preexec_fn=preexec, stdin=stdin)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        raise AssertionError(f"relufiber {' '.join(args)[:200]} ran over {timeout} s")
    dt = time.monotonic() - t0
    _, _, ru = os.wait4(p.pid, os.WNOHANG) if False else (0, 0, None)
    return p.returncode, out.decode(errors="replace"), err.decode(errors="replace"), dt


def peak_mb(args, **kw):
    """Run in a fresh child and return (exit code, stderr, seconds, peak RSS MB)."""
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        errf = os.open(os.path.join(TMP, "peak.err"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(errf, 2)
        os.execve(BIN, [BIN] + args, ENV)
    _, status, ru = os.wait4(pid, 0)
    dt = time.monotonic() - t0
    with open(os.path.join(TMP, "peak.err"), errors="replace") as f:
        err = f.read()
    return os.waitstatus_to_exitcode(status), err, dt, ru.ru_maxrss / 1024.0


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def write(path, text, mode="w"):
    with open(path, mode) as f:
        f.write(text)
    return path


def big_file(name, head, unit, nbytes, tail):
    """head + unit repeated to about nbytes + tail, written in chunks."""
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(head)
        chunk = unit * max(1, (1 << 20) // len(unit))
        n = 0
        while n < nbytes:
            f.write(chunk)
            n += len(chunk)
        f.write(tail)
    return path


def rand_q(r):
    return f"{r.randint(-9, 9)}/{r.randint(1, 9)}"


def rand_net(path, arch, r):
    lines = ["arch " + " ".join(map(str, arch))]
    for l in range(len(arch) - 1):
        lines.append(f"W{l + 1}")
        for _ in range(arch[l + 1]):
            lines.append(" ".join(rand_q(r) for _ in range(arch[l])))
        lines.append(f"b{l + 1} " + " ".join(rand_q(r) for _ in range(arch[l + 1])))
    return write(path, "\n".join(lines) + "\n")


# ---------------------------------------------------------------- readers

def test_dev_zero():
    rc, err, dt, mb = peak_mb(["info", "/dev/zero"])
    check(rc == 2 and "NUL byte" in err, f"/dev/zero: exit {rc}, {err!r}")
    check(dt < 5 and mb < 100, f"/dev/zero: {dt:.2f} s, {mb:.0f} MB (must stop at once)")


def test_huge_inputs():
    size = (100 if SLOW else 12) << 20
    cases = [
        ("ignored key", big_file("key.json", '{"junk": "', "a", size,
                                 '", "layers": [{"weight": [[1]], "bias": [0]}]}'),
         "ignored key"),
        ("JSON array", big_file("arr.json", '{"junk": [0', ",0", size // 2 * 2 if SLOW else size,
                                '], "layers": [{"weight": [[1]], "bias": [0]}]}'),
         "more than 1000000 elements"),
        (".rfn line", big_file("line.rfn", "arch 2 1\nW1\n", "1 ", size, "\nb1 0\n"),
         "row 1 of W1 has"),
        ("NNet row", big_file("row.nnet", "1,2,1,2,\n2,1,\n0,\n-1,-1,\n1,1,\n0,0,0,\n1,1,1,\n",
                              "1,", size, "\n0,\n"), "expected 2 values"),
    ]
    for what, path, msg in cases:
        rc, err, dt, mb = peak_mb(["info", path])
        fsize = os.path.getsize(path) / (1 << 20)
        check(rc == 2 and msg in err, f"{what}: exit {rc}, {err[:300]!r}")
        # the file itself is buffered once; nothing proportional on top of it
        # (ASan keeps freed buffers in quarantine: the growing read buffer's
        # earlier copies stay counted, up to its 256 MB quarantine)
        asan = "address" in os.environ.get("RF_SANITIZE", "")
        check(mb < (3.2 if asan else 1.6) * fsize + 60, f"{what}: peak {mb:.0f} MB for a {fsize:.0f} MB file")
        print(f"  {what}: {fsize:.0f} MB refused in {dt:.2f} s, peak {mb:.0f} MB")
    # a legitimate JSON network with a small ignored key still reads
    p = write(os.path.join(TMP, "ok.json"),
              '{"meta": {"note": "' + "x" * 1000 + '"}, "layers": [{"weight": [[1, 2]], "bias": [3]}]}')
    rc, out, err, _ = run(["info", p])
    check(rc == 0 and "arch 2 1" in out, f"small ignored key: {rc} {err}")


def test_points_nul_and_empty():
    net = os.path.join(EX, "fdim_deep_2_4_4_1.rfn")
    p = write(os.path.join(TMP, "nul.pts"), "1,2\n3,4\n\0 5,6\n", "w")
    for cmd in (["fdim", "--points", p, net], ["embed", "--points", p, net]):
        rc, out, err, _ = run(cmd)
        check(rc == 2 and "NUL" in err and ":3:" in err, f"{cmd[0]} NUL points: {rc} {err!r}")
    e = write(os.path.join(TMP, "empty.pts"), "# nothing\n\n")
    rc, out, err, _ = run(["fdim", "--points", e, net])
    check(rc == 2 and "no points" in err and "exact" not in out, f"empty points: {rc} {out!r}")


def test_digit_cap():
    r = random.Random(SEED + 1)
    for trial in range(max(1, int(3 * MULT))):
        cap = 20000
        n = r.choice([cap - 1, cap, cap + 1, 3 * cap])
        big = str(r.randint(1, 9)) + "".join(str(r.randint(0, 9)) for _ in range(n - 1))
        p = write(os.path.join(TMP, "dig.rfn"), f"arch 1 1 1\nW1\n{big}\nb1 1\nW2\n1/{big}\nb2 0\n")
        rc, out, err, dt = run(["info", p])
        if n <= cap:
            check(rc == 0, f"{n} digits refused: {err[:200]}")
        else:
            check(rc == 2 and "too many digits" in err and "RELUFIBER_MAX_DIGITS" in err,
                  f"{n} digits: exit {rc} {err[:200]!r}")
            env = dict(ENV, RELUFIBER_MAX_DIGITS=str(n))
            rc, out, err, dt = run(["info", p], env=env)
            check(rc == 0, f"RELUFIBER_MAX_DIGITS={n}: {rc} {err[:200]}")
    # the exact value survives at the cap: eval at x = 1 gives big * (1/big) = 1
    big = "7" * 20000
    p = write(os.path.join(TMP, "dig2.rfn"), f"arch 1 1 1\nW1\n{big}\nb1 0\nW2\n1/{big}\nb2 0\n")
    rc, out, err, _ = run(["eval", p, "1", "--json"])
    check(rc == 0 and '"1"' in out.replace(" ", ""), f"eval at the cap: {rc} {out[:200]} {err[:200]}")


def system_json(n, dup=None):
    names = [f"v{i}" for i in range(n)]
    if dup is not None:
        names[dup[1]] = names[dup[0]]
    return json.dumps({"variables": [{"name": s, "kind": "param"} for s in names],
                       "components": [{"name": "c", "equations":
                                       [{"index": 0, "poly": f"{names[-1]} - 1"}],
                                       "inequalities": []}]})


def test_duplicate_names():
    n = 200000 if SLOW else 40000
    p = write(os.path.join(TMP, "sys.json"), system_json(n))
    rc, out, err, dt = run(["export", "--to", "json", p, "-o", os.devnull], timeout=120)
    check(rc == 0, f"{n} names: {rc} {err[:300]}")
    check(dt < (30 if SLOW else 15), f"{n} names took {dt:.1f} s (quadratic?)")
    print(f"  {n} variable names: {dt:.2f} s")
    # fuzz finding: a power of a sum with huge coefficients is refused before
    # it is expanded (it took over 2 GB)
    q = write(os.path.join(TMP, "pow.json"), json.dumps(
        {"variables": [{"name": "x"}], "components": [{"name": "c", "equations":
         [{"index": 0, "poly": "(x - 1)^88888"}], "inequalities": []}]}))
    rc, err, dt, mb = peak_mb(["export", "--to", "json", q])
    check(rc == 2 and "power too large" in err and mb < 200, f"(x - 1)^88888: {rc} {mb:.0f} MB {err[:200]}")
    # fuzz finding: a product of powers past the exponent cap parsed but
    # did not read back; now refused at once, like a literal power
    q = write(os.path.join(TMP, "deg.json"), json.dumps(
        {"variables": [{"name": "x"}, {"name": "y"}], "components": [{"name": "c", "equations":
         [{"index": 0, "poly": "((x^2)^22 - y) * x^99999"}], "inequalities": []}]}))
    rc, out, err, dt = run(["export", "--to", "json", q])
    check(rc == 2 and "exponent too large" in err, f"degree product: {rc} {err[:200]}")
    r = random.Random(SEED + 2)
    for _ in range(max(1, int(3 * MULT))):
        i, j = sorted(r.sample(range(2000), 2))
        q = write(os.path.join(TMP, "dup.json"), system_json(2000, (i, j)))
        rc, out, err, _ = run(["export", "--to", "json", q])
        check(rc == 2 and f"variables[{j}]: duplicate name 'v{i}'" in err,
              f"duplicate at {i},{j}: {rc} {err[:300]!r}")


# ---------------------------------------------------------------- budgets

def slow_net():
    p = os.path.join(TMP, "slow", "nets", "w6_k4_0000.rfn")
    if not os.path.exists(p):
        subprocess.run([sys.executable, SWEEP, "make", os.path.join(TMP, "slow"), "--nets", "1",
                        "--widths", "6", "--depths", "4"], check=True, capture_output=True)
    return p


def test_time_limit():
    net = slow_net()
    for lim in (0.3, 1.0):
        rc, out, err, dt = run(["fdim", "--true", "--all-regions", net, "--time-limit", str(lim)])
        check(rc == 2 and "unknown" in err and "time limit" in err, f"limit {lim}: {rc} {err!r}")
        check(lim - 0.05 <= dt < lim + 2, f"limit {lim}: stopped after {dt:.2f} s")
    # every command takes both options (they may come anywhere)
    cmds = ["eval", "info", "convert", "canon", "equiv", "align", "fiber", "identifiable", "fdim",
            "embed", "export", "conserve", "draw", "batch", "batch-merge"]
    for c in cmds:
        rc, out, err, _ = run(["--time-limit", "30", c, "--memory-limit", "500", "--help"])
        check(rc == 0 and "usage" in out, f"{c} with budgets: {rc} {err[:200]}")
    rc, out, err, _ = run(["info", os.path.join(EX, "shallow_2_3_1.rfn"), "--time-limit", "5",
                           "--memory-limit", "100"])
    check(rc == 0 and "arch 2 3 1" in out, f"info with budgets: {rc} {err}")
    for bad in (["--time-limit", "-1"], ["--memory-limit", "x"], ["--time-limit"]):
        rc, out, err, _ = run(["info"] + bad)
        check(rc == 2 and "non-negative" in err, f"{bad}: {rc} {err}")


def test_memory_limit():
    row = big_file("row.json", '{"layers": [{"weight": [[1', ',1', 1 << 20, ']], "bias": [0]}]}')
    rc, out, err, dt = run(["info", row, "--memory-limit", "8"])
    check(rc == 2 and "out of memory" in err and "memory limit of 8 MB" in err,
          f"memory limit: {rc} {err!r}")
    rc, out, err, dt = run(["info", row, "--memory-limit", "400"])
    check(rc == 0 and "arch 524289 1" in out, f"memory limit 400 MB: {rc} {out[:100]} {err[:200]}")
    # out of memory without a limit: an address-space cap makes FLINT's
    # allocations fail; the hooks turn that into exit 2, not abort (134)
    if "address" not in os.environ.get("RF_SANITIZE", ""):
        big = big_file("oom.json", '{"layers": [{"weight": [[', '"1/3",', 8 << 20, '"1"]], "bias": [0]}]}')

        def cap_as():
            resource.setrlimit(resource.RLIMIT_AS, (200 << 20, 200 << 20))
        rc, out, err, dt = run(["info", big], preexec=cap_as)
        check(rc in (0, 2) and rc != 134 and "Traceback" not in err, f"RLIMIT_AS: {rc} {err[:300]}")
        check(rc == 0 or "out of memory" in err or "error" in err, f"RLIMIT_AS: {rc} {err[:300]}")


# ---------------------------------------------------------------- atomic -o

def leftovers(d):
    return [f for f in os.listdir(d) if ".tmp-" in f]


def test_atomic_fsize():
    d = tempfile.mkdtemp(dir=TMP)
    net = rand_net(os.path.join(d, "big.rfn"), [30, 60, 60, 1], random.Random(SEED + 3))
    outs = {"convert": (["convert", net], "rfn"), "fiber": (["fiber", os.path.join(EX, "shallow_2_3_1.rfn")], "txt"),
            "export": (["export", "--to", "sympy", os.path.join(EX, "shallow_2_3_1.rfn")], "py")}
    for name, (args, ext) in outs.items():
        target = write(os.path.join(d, f"old.{ext}"), "OLD CONTENT\n")

        def small_fsize():
            resource.setrlimit(resource.RLIMIT_FSIZE, (600, 600))
        cmd = args + ["-o", target] if name != "convert" else args + [target]
        rc, out, err, _ = run(cmd, preexec=small_fsize)
        check(rc == 2, f"{name} over RLIMIT_FSIZE: exit {rc} (want 2, not a signal) {err[:200]}")
        with open(target) as f:
            check(f.read() == "OLD CONTENT\n", f"{name}: the old file was changed")
        check(not leftovers(d), f"{name}: temporary files left: {leftovers(d)}")
        rc, out, err, _ = run(cmd)
        check(rc == 0 and os.path.getsize(target) > 600, f"{name} without a limit: {rc} {err[:200]}")
    # options are validated before anything is opened
    target = write(os.path.join(d, "keep.txt"), "KEEP\n")
    rc, out, err, _ = run(["fiber", os.path.join(EX, "shallow_2_3_1.rfn"), "--format", "bogus", "-o", target])
    check(rc == 2 and open(target).read() == "KEEP\n", "fiber --format bogus changed -o FILE")


def test_atomic_sigterm():
    d = tempfile.mkdtemp(dir=TMP)
    net = rand_net(os.path.join(d, "huge.rfn"), [300, 300, 300, 1], random.Random(SEED + 4))
    target = os.path.join(d, "out.json")
    caught = 0
    for attempt in range(int(40 * MULT) + 1):
        write(target, "OLD\n")
        p = subprocess.Popen([BIN, "convert", net, target], env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while p.poll() is None and not leftovers(d):
            time.sleep(0.0005)
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        rc = p.wait()
        content = open(target).read()
        if rc == -signal.SIGTERM:
            caught += 1
            check(content == "OLD\n", "SIGTERM mid-write changed the target")
        else:
            check(rc == 0 and content.startswith("{"), f"convert: exit {rc}")
        check(not leftovers(d), f"SIGTERM left {leftovers(d)}")
        if caught >= 3:
            break
    check(caught >= 1, "never caught convert while its temporary file existed")
    print(f"  SIGTERM mid-write: {caught} kills, target intact, no temporary file")


def test_solver_cleanup():
    """equiv --cross-check with a solver that hangs: SIGINT (and an expired
    --time-limit) kill it and remove the query file from $TMPDIR."""
    d = tempfile.mkdtemp(dir=TMP)
    fake = os.path.join(d, "bin")
    os.mkdir(fake)
    tmpdir = os.path.join(d, "tmp")
    os.mkdir(tmpdir)
    pidfile = os.path.join(d, "solver.pid")
    write(os.path.join(fake, "z3"), f"#!/bin/sh\necho $$ > {pidfile}\nexec sleep 60\n")
    os.chmod(os.path.join(fake, "z3"), 0o755)
    env = dict(ENV, PATH=fake + ":" + os.environ["PATH"], TMPDIR=tmpdir)
    a, b = os.path.join(EX, "shallow_2_3_1.rfn"), os.path.join(EX, "shallow_2_3_1_sym.rfn")
    for how in ("SIGINT", "SIGTERM", "time-limit"):
        if os.path.exists(pidfile):
            os.remove(pidfile)
        extra = ["--time-limit", "0.1"] if how == "time-limit" else []
        p = subprocess.Popen([BIN, "equiv", a, b, "--cross-check", "z3"] + extra, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        t0 = time.monotonic()
        while not os.path.exists(pidfile) and time.monotonic() - t0 < 20:
            time.sleep(0.01)
        check(os.path.exists(pidfile), "the fake solver did not start")
        time.sleep(0.1)
        check(any(f.startswith("relufiber-smt-") for f in os.listdir(tmpdir)),
              "the query file is not in $TMPDIR")
        if how != "time-limit":
            p.send_signal(getattr(signal, how))
        p.wait(timeout=30)
        spid = int(open(pidfile).read())
        time.sleep(0.1)
        alive = True
        try:
            os.kill(spid, 0)
            with open(f"/proc/{spid}/stat") as f:
                alive = f.read().split()[2] != "Z"
        except (ProcessLookupError, FileNotFoundError):
            alive = False
        check(not alive, f"{how}: the solver (pid {spid}) is still running")
        check(not os.listdir(tmpdir), f"{how}: left {os.listdir(tmpdir)} in $TMPDIR")


# ---------------------------------------------------------------- batch

def untimed(v):
    """v without its timings (keys time, time_*), which differ run to run."""
    if isinstance(v, dict):
        return {k: untimed(x) for k, x in v.items() if k != "time" and not k.startswith("time_")}
    if isinstance(v, list):
        return [untimed(x) for x in v]
    return v


def records(path):
    with open(path) as f:
        return [untimed(json.loads(l)) for l in f]


def test_batch_shards(nets):
    d = tempfile.mkdtemp(dir=TMP)
    per = max(1, nets // 8)
    subprocess.run([sys.executable, SWEEP, "make", d, "--nets", str(per), "--widths", "2,3",
                    "--depths", "1,2,3,4", "--fd", "batch", "--points", "40",
                    "--seed", str(SEED)], check=True, capture_output=True)
    jobs = os.path.join(d, "jobs.jsonl")
    t0 = time.monotonic()
    rc, _, err, _ = run(["batch", jobs, "-o", os.path.join(d, "one.jsonl"), "--quiet"], timeout=900)
    t1 = time.monotonic() - t0
    check(rc == 0, f"batch: {rc} {err[-300:]}")
    for k in range(4):
        rc, _, err, _ = run(["batch", jobs, "-o", os.path.join(d, f"s{k}.jsonl"), "--shard",
                             f"{k}/4", "--quiet"], timeout=900)
        check(rc == 0, f"shard {k}: {rc} {err[-300:]}")
    rc, t_one, err, _ = run(["batch-merge", os.path.join(d, "one.jsonl"), "-o", os.path.join(d, "m1.jsonl")])
    check(rc == 0, err)
    shards = [os.path.join(d, f"s{k}.jsonl") for k in (2, 0, 3, 1)]
    rc, t_four, err, _ = run(["batch-merge"] + shards + ["-o", os.path.join(d, "m4.jsonl")])
    check(rc == 0, err)
    check(t_one == t_four, f"tables differ:\n{t_one}\n{t_four}")
    m1, m4 = records(os.path.join(d, "m1.jsonl")), records(os.path.join(d, "m4.jsonl"))
    check(len(m1) == 8 * per and m1 == m4, "merged records differ")
    check(all(r["status"] == "ok" for r in m1), "a job failed")
    # independent oracle for the table: recount from the records
    for r in m1:
        out = r["output"]
        check(out["batch"]["rank"] <= out["bound"] == out["D"] - out["H"], f"rank > bound in {r['id']}")
    full = sum(r["output"]["batch"]["rank"] == r["output"]["bound"] for r in m1)
    at = sum(int(l.rsplit("[", 1)[1].rstrip("]")) for l in t_one.splitlines()[1:])
    check(full == at, f"table says {at} at D - H, records say {full}")
    print(f"  {len(m1)} networks: one run {t1:.1f} s; 4 shards merged = one run")


def test_batch_resume_lock_timeout():
    d = tempfile.mkdtemp(dir=TMP)
    subprocess.run([sys.executable, SWEEP, "make", d, "--nets", "6", "--widths", "2,3",
                    "--depths", "1,2", "--fd", "batch", "--points", "20"], check=True,
                   capture_output=True)
    jobs = os.path.join(d, "jobs.jsonl")
    out = os.path.join(d, "out.jsonl")
    # a killed run leaves a partial last line: cut off, the job rerun
    rc, _, err, _ = run(["batch", jobs, "-o", out, "--quiet", "--shard", "0/2"])
    check(rc == 0, err)
    n0 = len(open(out).readlines())
    write(out, '{"id": "w3_k2_0005", "index": 23, "sta', "a")
    rc, _, err, _ = run(["batch", jobs, "-o", out])
    check(rc == 0 and "incomplete last line" in err, f"resume: {rc} {err[-300:]}")
    recs = records(out)
    ids = [r["id"] for r in recs]
    check(len(ids) == 24 and len(set(ids)) == 24, f"resume: {len(ids)} records, {len(set(ids))} ids")
    check(f"{n0} skipped" in err, f"resume did not skip the {n0} earlier jobs: {err[-200:]}")
    # the lock keeps a second run out
    with open(out + ".lock", "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        rc, _, err, _ = run(["batch", jobs, "-o", out])
        check(rc == 2 and "lock" in err, f"lock: {rc} {err}")
    # a job over its time limit is recorded, retried, and the run goes on
    net = slow_net()
    tj = write(os.path.join(d, "t.jsonl"),
               json.dumps({"id": "slow", "command": "fdim", "network": net,
                           "options": ["--true", "--all-regions"]}) + "\n" +
               json.dumps({"id": "fast", "command": "info", "network":
                           os.path.join(EX, "shallow_2_3_1.rfn")}) + "\n" +
               json.dumps({"id": "bad", "command": "fdim", "network": "missing.rfn"}) + "\n")
    to = os.path.join(d, "t.out")
    rc, _, err, _ = run(["batch", tj, "-o", to, "--job-time-limit", "0.3", "--retry", "1"])
    check(rc == 0, err)
    recs = records(to)
    st = [(r["id"], r["status"], r["attempt"]) for r in recs]
    check(st == [("slow", "timeout", 1), ("slow", "timeout", 2), ("fast", "ok", 1), ("bad", "error", 1)],
          f"statuses: {st}")
    # a rerun with --retry 2 tries the timed-out job once more, nothing else
    rc, _, err, _ = run(["batch", tj, "-o", to, "--job-time-limit", "0.3", "--retry", "2"])
    check(rc == 0 and len(records(to)) == 5 and records(to)[-1]["attempt"] == 3, f"retry: {err[-300:]}")
    rc, table, err, _ = run(["batch-merge", to, "--json"])
    t = json.loads(table)
    check(t["jobs"] == 3 and sum(r["timeout"] for r in t["rows"]) == 1, table)
    # bad job files name the line
    bad = write(os.path.join(d, "bad.jsonl"), '{"command": "info"}\n{"id": 3}\n')
    rc, _, err, _ = run(["batch", bad, "-o", os.path.join(d, "x")])
    check(rc == 2 and "bad.jsonl:2:" in err, err)
    dup = write(os.path.join(d, "dup.jsonl"), '{"id": "a", "command": "info"}\n\n{"id": "a", "command": "eval"}\n')
    rc, _, err, _ = run(["batch", dup, "-o", os.path.join(d, "x")])
    check(rc == 2 and "dup.jsonl:3:" in err and "already used on line 1" in err, err)


def main():
    tests = [test_dev_zero, test_huge_inputs, test_points_nul_and_empty, test_digit_cap,
             test_duplicate_names, test_time_limit, test_memory_limit, test_atomic_fsize,
             test_atomic_sigterm, test_solver_cleanup,
             lambda: test_batch_shards(1000 if SLOW else 120), test_batch_resume_lock_timeout]
    names = ["dev_zero", "huge_inputs", "points_nul_and_empty", "digit_cap", "duplicate_names",
             "time_limit", "memory_limit", "atomic_fsize", "atomic_sigterm", "solver_cleanup",
             "batch_shards", "batch_resume_lock_timeout"]
    only = [a for a in sys.argv[3:] if not a.startswith("--")]
    failed = 0
    for name, t in zip(names, tests):
        if only and name not in only:
            continue
        t0 = time.monotonic()
        try:
            t()
            print(f"ok   {name} ({time.monotonic() - t0:.2f} s)")
        except AssertionError as e:
            failed += 1
            print(f"FAIL {name}: {e} (RF_TEST_SEED={SEED})")
    subprocess.run(["rm", "-rf", TMP])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
