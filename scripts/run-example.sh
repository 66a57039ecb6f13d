#!/bin/sh
# Install, build, and run the main job on the bundled example network.
set -e
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
[ -d build ] || meson setup build
ninja -C build
./build/relufiber info examples/shallow_2_3_1.rfn
./build/relufiber canon examples/shallow_2_3_1.rfn || true
./build/relufiber fiber examples/shallow_2_3_1.rfn || true
