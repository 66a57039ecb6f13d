#!/bin/sh
# Builds the libFuzzer harnesses (clang, ASan + UBSan + libFuzzer) and runs
# each for SECONDS (default 60) from the seed corpora in corpus/<fmt>/ and the
# files of examples/ (read-only extra seeds). HARNESSES="rfn q" runs a subset.
# Exits non-zero on any crash, leak, sanitizer report or timeout. The per-input
# timeout is generous (120 s; every input of at most 4096 bytes takes
# milliseconds) so that a loaded machine does not produce false alarms.
#   tests/fuzz/run.sh [SECONDS]       BUILD_DIR=... to choose the work dir
set -u
SECS=${1:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${BUILD_DIR:-${TMPDIR:-/tmp}/relufiber-fuzz}
CC=${CLANG:-clang}
mkdir -p "$OUT/obj" "$OUT/artifacts"

# No libFuzzer runtime (Debian: libclang-rt-<v>-dev)? Then skip (77 = skip
# for meson).
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void) d; (void) n; return 0; }\n' \
    > "$OUT/probe.c"
if ! $CC -fsanitize=fuzzer,address,undefined "$OUT/probe.c" -o "$OUT/probe" 2>/dev/null; then
    echo "fuzz: $CC cannot build libFuzzer targets here; skipped" >&2
    exit 77
fi

CFLAGS="-g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer-no-link,address,undefined
        -fno-sanitize-recover=all -fno-omit-frame-pointer -I$ROOT/include -I$ROOT/src/cli"
LIBS="-lflint -lflint-arb -lgmp -lmpfr -ljansson -lcddgmp -lm -lpthread"

# the library and the CLI's parsing helpers, in a static archive so that
# the linker takes only the objects the harnesses use; an object is rebuilt
# only when its source is newer
CLI_PARTS="common.c points_opts.c ml_convert.c guard.c smt_run.c option_loop.c"
objs=""
for src in "$ROOT"/src/*/*.c; do
    case "$src" in
        "$ROOT"/src/cli/*) case " $CLI_PARTS " in *" $(basename "$src") "*) ;; *) continue ;; esac ;;
    esac
    o="$OUT/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o"
    if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find "$ROOT/include" "$ROOT/src" -name '*.h' -newer "$o" 2>/dev/null | head -1)" ]; then
        $CC $CFLAGS -c "$src" -o "$o" || { echo "fuzz: cannot compile $src" >&2; exit 2; }
    fi
    objs="$objs $o"
done
rm -f "$OUT/librf.a"
ar rcs "$OUT/librf.a" $objs

status=0
for fmt in ${HARNESSES:-rfn json nnet sys poly points q args smt}; do
    bin="$OUT/fuzz_$fmt"
    $CC $CFLAGS -fsanitize=fuzzer "$HERE/fuzz_$fmt.c" "$OUT/librf.a" $LIBS -o "$bin" ||
        { echo "fuzz: cannot build $bin" >&2; exit 2; }
    mkdir -p "$OUT/corpus/$fmt"
    dict=""
    [ -f "$HERE/$fmt.dict" ] && dict="-dict=$HERE/$fmt.dict"
    echo "fuzz: $fmt for ${SECS}s"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" "$OUT/corpus/$fmt" "$HERE/corpus/$fmt" "$ROOT/examples" \
        $dict -max_total_time="$SECS" -max_len=4096 -rss_limit_mb=2048 -timeout=120 \
        -error_exitcode=1 -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$fmt-" \
        > "$OUT/$fmt.log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$OUT/$fmt.log" | grep -o '[0-9]*$')
    if [ $rc -ne 0 ]; then
        echo "fuzz: $fmt FAILED (exit $rc), log: $OUT/$fmt.log" >&2
        tail -40 "$OUT/$fmt.log" >&2
        status=1
    else
        echo "fuzz: $fmt ok, ${execs:-?} runs in ${SECS}s"
    fi
done
exit $status
