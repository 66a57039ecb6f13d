#!/bin/sh
# Install every Debian package relufiber's build, tests and cross-checks need.
# Idempotent; run as root (or with sudo available).
set -e
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Build and test dependencies (required).
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    build-essential meson ninja-build pkg-config \
    libflint-dev libflint-arb-dev libgmp-dev libmpfr-dev \
    libcdd-dev libjansson-dev libcriterion-dev \
    z3 valgrind python3 >/dev/null
# Cross-check clients (optional: tests that need one skip visibly without it).
if [ "${RF_MINIMAL:-0}" != "1" ]; then
    for p in clang libclang-rt-14-dev singular macaulay2 cvc5 python3-sympy poppler-utils \
             python3-pytest python3-numpy python3-torch python3-onnx; do
        $SUDO apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 \
            || echo "install-deps: optional package $p not available; its cross-checks will be skipped"
    done
    # LaTeX with its recommended fonts, so pdflatex runs out of the box.
    $SUDO apt-get install -y -qq texlive-latex-base >/dev/null 2>&1 \
        || echo "install-deps: texlive-latex-base not available; the LaTeX compile test will be skipped"
    # TikZ (pgf) for the pictures of 'relufiber draw' (rendered in the slow suite).
    $SUDO apt-get install -y -qq --no-install-recommends texlive-pictures >/dev/null 2>&1 \
        || echo "install-deps: texlive-pictures not available; the draw rendering test will be skipped"
fi
# SageMath (about 2.5 minutes): recomputes fiber dimensions in the slow
# suite next to Macaulay2 and Singular.
if [ "${RF_MINIMAL:-0}" != "1" ]; then
    $SUDO apt-get install -y -qq --no-install-recommends sagemath >/dev/null 2>&1 \
        || echo "install-deps: sagemath not available; its dimension cross-check will be skipped"
fi
# Open MPI for relufiber-mpi (optional: meson -Dmpi=auto builds it when found;
# its slow test skips visibly without it).
if [ "${RF_MINIMAL:-0}" != "1" ]; then
    $SUDO apt-get install -y -qq --no-install-recommends libopenmpi-dev openmpi-bin >/dev/null 2>&1 \
        || echo "install-deps: Open MPI not available; relufiber-mpi and its test will be skipped"
fi
