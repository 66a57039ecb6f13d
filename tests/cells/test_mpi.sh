#!/bin/sh
# relufiber-mpi against the threaded run (suite 'slow'): for equivalent pairs
# (every region visited) and pairs with a thin bump (usually not equivalent:
# the separating input is found by the enumeration, and all ranks stop), the
# outputs of `mpirun -np P relufiber-mpi equiv` and `relufiber equiv
# --threads 2` are byte-identical with the same exit status; likewise
# `relufiber-mpi regions` and `relufiber info --regions`.
# usage: test_mpi.sh RELUFIBER RELUFIBER_MPI_OR_EMPTY PAIR_GENERATOR
set -u
RF=$1
MPI=$2
GEN=$3
if [ -z "$MPI" ] || [ ! -x "$MPI" ]; then
    echo "SKIP: relufiber-mpi not built (meson -Dmpi=enabled needs libopenmpi-dev)"
    exit 77
fi
if ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: mpirun not found (openmpi-bin)"
    exit 77
fi
# CI runs as root; Open MPI refuses that unless told.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
D=$(mktemp -d "${TMPDIR:-/tmp}/rf-mpi-XXXXXX")
trap 'rm -rf "$D"' EXIT
# Sanitizer builds: Open MPI leaks at MPI_Finalize from MCA components it
# has already unloaded (frames of "unknown module", beyond suppression by
# name), so LeakSanitizer is off inside mpirun only; ASan and UBSan stay on,
# and the split search's own leak checks are the default suite's cells-split.
MPIASAN="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fail=0
yes=0
no=0
check() {   # threaded status, MPI status, name
    if ! cmp -s "$D/thr.out" "$D/mpi.out" || [ "$1" != "$2" ]; then
        echo "FAIL: $3: threaded (exit $1) and MPI (exit $2) differ"
        diff "$D/thr.out" "$D/mpi.out" | head -20
        head -20 "$D/mpi.err"
        fail=1
    else
        echo "ok: $3 (exit $1)"
    fi
}
for kind in write write-bump; do
    for seed in 1 3 4; do
        "$GEN" --$kind $seed "$D/a.rfn" "$D/b.rfn" 8 || exit 1
        "$RF" equiv --exhaustive --quiet --json --threads 2 "$D/a.rfn" "$D/b.rfn" > "$D/thr.out"
        st1=$?
        for np in 2 3; do
            ASAN_OPTIONS="$MPIASAN" mpirun -np $np --oversubscribe "$MPI" equiv --exhaustive --quiet --json \
                "$D/a.rfn" "$D/b.rfn" > "$D/mpi.out" 2> "$D/mpi.err"
            st2=$?
            check $st1 $st2 "equiv $kind seed $seed, $np ranks"
        done
        [ $st1 = 0 ] && yes=$((yes + 1))
        [ $st1 = 1 ] && no=$((no + 1))
    done
done
"$GEN" --write 2 "$D/a.rfn" "$D/b.rfn" 8 || exit 1
"$RF" info --regions --threads 2 "$D/a.rfn" > "$D/thr.out"
st1=$?
ASAN_OPTIONS="$MPIASAN" mpirun -np 2 --oversubscribe "$MPI" regions "$D/a.rfn" > "$D/mpi.out" 2> "$D/mpi.err"
check $st1 $? "regions, 2 ranks"
grep -q "activation regions [1-9]" "$D/mpi.out" || { echo "FAIL: no region count"; fail=1; }
if [ $yes -lt 1 ] || [ $no -lt 1 ]; then
    echo "FAIL: need both verdicts (equivalent $yes, not equivalent $no)"
    fail=1
fi
[ $fail = 0 ] && echo "relufiber-mpi: equal to the threaded run (equivalent $yes, not equivalent $no)"
exit $fail
