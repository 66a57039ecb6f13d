#!/bin/sh
# Install test: 'meson install' the build dir into a temporary DESTDIR, then
# build tests/install/demo.c against the installed headers and library using
# only 'pkg-config relufiber', run it, and check the soname and man page.
# usage: test_install.sh BUILDDIR SRCDIR PREFIX LIBDIR MANDIR SANITIZE [MESON...]
set -eu
builddir=$1 srcdir=$2 prefix=$3 libdir=$4 mandir=$5 sanitize=$6
shift 6
[ $# -gt 0 ] || set -- meson
CC=${CC:-cc}

fail() { echo "install test: FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rf-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
dest=$tmp/root

"$@" install -C "$builddir" --destdir "$dest" --no-rebuild --quiet \
    || fail "meson install"

# libdir and mandir may be relative to the prefix (meson's default).
case $libdir in /*) ;; *) libdir=$prefix/$libdir ;; esac
case $mandir in /*) ;; *) mandir=$prefix/$mandir ;; esac

pcdir=$dest$libdir/pkgconfig
[ -f "$pcdir/relufiber.pc" ] || fail "no $pcdir/relufiber.pc"
echo "--- relufiber.pc"; cat "$pcdir/relufiber.pc"

# pkg-config for a DESTDIR install: the sysroot is prepended to -I and -L.
PKG_CONFIG_PATH=$pcdir
PKG_CONFIG_SYSROOT_DIR=$dest
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
cflags=$(pkg-config --cflags relufiber) || fail "pkg-config --cflags"
libs=$(pkg-config --libs relufiber) || fail "pkg-config --libs"
pkg-config --static --libs relufiber >/dev/null || fail "pkg-config --static --libs"
echo "--- cflags: $cflags"
echo "--- libs:   $libs"
echo "--- static: $(pkg-config --static --libs relufiber)"

san=
if [ "$sanitize" != "none" ] && [ -n "$sanitize" ]; then
    san="-fsanitize=$sanitize"
fi

echo "--- sanitizer flags: ${san:-(none)}"
# shellcheck disable=SC2086  # word splitting of the flags is intended
$CC -std=c17 -Wall -Wextra -Werror $san -o "$tmp/demo" \
    "$srcdir/tests/install/demo.c" $cflags $libs || fail "compiling demo.c"

out=$(LD_LIBRARY_PATH=$dest$libdir "$tmp/demo" "$srcdir/examples/shallow_2_3_1.rfn") || fail "running demo"
echo "--- demo output"; echo "$out"
expected='f(1, 1/3) = 2
self-equivalent: yes'
[ "$out" = "$expected" ] || fail "demo output differs from: $expected"

lib=$dest$libdir/librelufiber.so.0
[ -e "$lib" ] || fail "no $lib"
# The demo must load the installed library, not the build dir's.
if command -v ldd >/dev/null 2>&1; then
    LD_LIBRARY_PATH=$dest$libdir ldd "$tmp/demo" \
        | grep -q "librelufiber\.so\.0 => $dest$libdir/" \
        || fail "demo does not resolve librelufiber.so.0 into $dest$libdir"
fi
if command -v readelf >/dev/null 2>&1; then
    readelf -d "$lib" | grep -q 'SONAME.*\[librelufiber\.so\.0\]' \
        || fail "soname of $lib is not librelufiber.so.0"
    echo "--- soname: librelufiber.so.0"
else
    echo "--- readelf not found: soname check skipped"
fi

page=$dest$mandir/man1/relufiber.1
[ -s "$page" ] || fail "no man page $page"
if command -v groff >/dev/null 2>&1; then
    errs=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || fail "groff on $page"
    [ -z "$errs" ] || fail "groff warnings on $page: $errs"
    groff -man -Tutf8 "$page" 2>/dev/null | grep -q 'relufiber equiv' \
        || fail "rendered man page lacks the equiv section"
    echo "--- man page renders with groff"
elif command -v man >/dev/null 2>&1; then
    man -l "$page" >/dev/null || fail "man -l $page"
    echo "--- man page renders with man -l"
else
    echo "--- neither groff nor man: rendering check skipped"
fi
# The Python package (python/meson.build), when meson found an interpreter:
# importable from the installed tree, loading the installed library.
pkg=$(find "$dest$prefix" -path '*/relufiber/__init__.py' 2>/dev/null | head -n 1)
if [ -n "$pkg" ]; then
    [ -x "$dest$prefix/bin/relufiber-convert" ] || fail "no $dest$prefix/bin/relufiber-convert"
    [ -f "$(dirname "$pkg")/_config.py" ] || fail "no _config.py next to $pkg"
    if [ "$sanitize" != "none" ] && [ -n "$sanitize" ]; then
        echo "--- python package installed (import check skipped: sanitizer build)"
    elif command -v python3 >/dev/null 2>&1; then
        v=$(PYTHONPATH=$(dirname "$(dirname "$pkg")") RELUFIBER_LIB=$lib \
            python3 -c 'import relufiber; print(relufiber.version()["library"])') \
            || fail "import of the installed python package"
        echo "--- python package: relufiber $v"
    fi
else
    echo "--- python package not installed (no interpreter found by meson)"
fi
echo "install test: OK"
