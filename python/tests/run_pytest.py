#!/usr/bin/env python3
"""Runs pytest on the given folder; exit status 77 (meson: skipped) when
pytest is not installed."""
import os
import sys

if os.environ.get("RF_PY_SKIP"):
    print("python tests skipped: " + os.environ["RF_PY_SKIP"])
    sys.exit(77)

try:
    import pytest
except ImportError:
    print("python tests skipped: pytest is not installed (Debian: python3-pytest)")
    sys.exit(77)

sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", *sys.argv[1:]]))
