#!/bin/sh
# Install, build, and run the main job on the bundled example network
# examples/shallow_2_3_1.rfn: canonical form, fiber, identifiability,
# functional dimension, and two certified equivalence decisions.
set -e
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
[ -d build ] || meson setup build
ninja -C build
RF=./build/relufiber
NET=examples/shallow_2_3_1.rfn
step() { printf '\n$ relufiber %s\n' "$*"; }
step info "$NET";      $RF info "$NET"
step canon "$NET";     $RF canon "$NET"
step fiber "$NET";     $RF fiber "$NET"
step identifiable "$NET"
$RF identifiable "$NET" || [ $? -eq 1 ]          # 1 = not identifiable (it has twin neurons)
step fdim "$NET" --random 200 --seed 1
$RF fdim "$NET" --random 200 --seed 1
step equiv "$NET" examples/shallow_2_3_1_sym.rfn
$RF equiv "$NET" examples/shallow_2_3_1_sym.rfn   # 0 = equivalent
step equiv "$NET" examples/shallow_2_3_1_pert.rfn
$RF equiv "$NET" examples/shallow_2_3_1_pert.rfn || [ $? -eq 1 ]   # 1 = not equivalent
step equiv examples/three_e3_a.rfn examples/three_e3_perm.rfn
$RF equiv examples/three_e3_a.rfn examples/three_e3_perm.rfn
