#!/bin/sh
# Install, build with ASan+UBSan, and run the whole test suite.
set -e
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
# The plain (non-sanitized, -O2) build warns differently: it must build too.
[ -d build ] || meson setup build
ninja -C build
[ -d build-test ] || meson setup build-test -Db_sanitize=address,undefined -Db_lundef=false
ninja -C build-test
rc=0
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-test --print-errorlogs --num-processes 2 || rc=$?
# Plain closing lines: the meson suites, then Criterion's per-test counts
# summed over all suites (the last line is the overall count).
/usr/bin/python3 - build-test/meson-logs/testlog.json <<'PY'
import json, re, sys
suites = {"OK": 0, "FAIL": 0, "SKIP": 0}
tested = passing = failing = crashing = skipped = 0
for line in open(sys.argv[1]):
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
