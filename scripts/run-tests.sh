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
# One plain closing line counting the suites (Criterion's own per-test
# counts are in build-test/meson-logs/testlog.txt).
/usr/bin/python3 - build-test/meson-logs/testlog.json <<'PY'
import json, sys
counts = {"OK": 0, "FAIL": 0, "SKIP": 0}
for line in open(sys.argv[1]):
    r = json.loads(line).get("result", "FAIL")
    key = r if r in counts else ("OK" if r == "EXPECTEDFAIL" else "FAIL")
    counts[key] += 1
print("suites: %d passed, %d failed, %d skipped" % (counts["OK"], counts["FAIL"], counts["SKIP"]))
PY
exit $rc
