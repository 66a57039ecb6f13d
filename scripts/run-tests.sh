#!/bin/sh
# Install, build with ASan+UBSan, and run the whole test suite: the default
# (fast) suites, then suite 'slow'.
set -e
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
# The plain (non-sanitized, -O2) build warns differently: it must build too.
[ -d build ] || meson setup build
ninja -C build
[ -d build-test ] || meson setup build-test -Db_sanitize=address,undefined -Db_lundef=false
ninja -C build-test
rc=0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Fast suites first (setup 'default' excludes suite 'slow'), then the slow
# suite (z3, cvc5, Singular, Macaulay2, sympy, pdflatex, the fuzzer). Each
# meson run rewrites testlog.json: keep a copy per phase for the summary.
logs=build-test/meson-logs
rm -f "$logs/testlog-default.json" "$logs/testlog-slow.json" "$logs/testlog-full.json"
t0=$(date +%s)
meson test -C build-test --print-errorlogs --num-processes 2 || rc=$?
t1=$(date +%s)
cp "$logs/testlog.json" "$logs/testlog-default.json"
meson test -C build-test --print-errorlogs --num-processes 2 --setup full --suite slow || rc=$?
t2=$(date +%s)
# with --setup full meson names the log testlog-full.json
cp "$logs/testlog-full.json" "$logs/testlog-slow.json"
# The Python package cannot load an ASan-built library into a plain python3
# (its suite skips there): run it against the plain build.
meson test -C build --print-errorlogs --num-processes 2 --suite python || rc=$?
t3=$(date +%s)
cp build/meson-logs/testlog.json "$logs/testlog-python.json"
echo "wall time: default suites $((t1 - t0)) s, slow suite $((t2 - t1)) s, python suite (plain build) $((t3 - t2)) s"
/usr/bin/python3 - "$logs/testlog-default.json" "$logs/testlog-slow.json" "$logs/testlog-python.json" <<'PY'
import json, re, sys
suites = {"OK": 0, "FAIL": 0, "SKIP": 0}
tested = passing = failing = crashing = skipped = 0
lines = [l for f in sys.argv[1:] for l in open(f)]
for line in lines:
    d = json.loads(line)
    r = d.get("result", "FAIL")
    suites[r if r in suites else ("OK" if r == "EXPECTEDFAIL" else "FAIL")] += 1
    text = (d.get("stdout") or "") + (d.get("stderr") or "")
    for m in re.finditer(r"Synthesis: Tested: (\d+) \| Passing: (\d+) \| Failing: (\d+) \| Crashing: (\d+)", text):
        t, p, f, c = map(int, m.groups())
        tested += t; passing += p; failing += f; crashing += c
        skipped += t - p - f - c if t > p + f + c else 0
print("suites: %d passed, %d failed, %d skipped" % (suites["OK"], suites["FAIL"], suites["SKIP"]))
failed = failing + crashing
if suites["FAIL"] and not failed:
    failed = suites["FAIL"]   # a suite died before Criterion's synthesis
print("tests: %d passed, %d failed" % (passing, failed))
PY
exit $rc
