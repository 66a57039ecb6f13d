#!/bin/sh
# Install, build with ASan+UBSan, and run the whole test suite.
set -e
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
[ -d build-test ] || meson setup build-test -Db_sanitize=address,undefined -Db_lundef=false
ninja -C build-test
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-test --print-errorlogs --num-processes 2
