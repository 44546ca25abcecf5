#!/usr/bin/env bash
# Whole-process import speed: the median CPU time (user+sys) and peak RSS of
#   mensa simulate resnet50.onnx --accel edge_tpu
# on the sample ResNet-50 written with its weights (~98 MB), over RUNS runs (default 20).
# CPU time comes from bash's `times` (getrusage of the finished child, millisecond figures;
# /usr/bin/time prints only centiseconds), peak RSS from /usr/bin/time -v in a second run.
# Usage: scripts/bench-import.sh [RUNS]    Env: MENSA (default build/app/cli/mensa), MODEL
# (an .onnx file to measure instead of the generated ResNet-50).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
mensa=${MENSA:-build/app/cli/mensa}
if [ ! -x /usr/bin/time ]; then
    echo "bench-import: /usr/bin/time is missing (scripts/install-deps.sh installs the time package)" >&2
    exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
model=${MODEL:-}
if [ -z "$model" ]; then
    "$mensa" generate-samples --with-weights --out "$dir/samples" >/dev/null
    model=$dir/samples/resnet50.onnx
fi
command=("$mensa" simulate "$model" --accel edge_tpu)
"${command[@]}" >/dev/null # warms the page cache; fails the script if the model does not run

# Children's user+sys seconds, as printed by `times` ("0m0.012s 0m0.004s"), in ms.
childCpuMs() { tail -n 1 | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.1f\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for ((i = 0; i < runs; ++i)); do
    (
        "${command[@]}" >/dev/null
        times
    ) | childCpuMs >>"$dir/cpu"
    /usr/bin/time -v -o "$dir/time" "${command[@]}" >/dev/null
    awk -F': ' '/Maximum resident set size/ { printf "%.1f\n", $2 / 1024 }' "$dir/time" >>"$dir/rss"
done
echo "model: $model ($(($(stat -c %s "$model") / 1048576)) MiB)"
echo "mensa simulate MODEL --accel edge_tpu, median of $runs runs:" \
    "CPU $(median <"$dir/cpu") ms (user+sys), peak RSS $(median <"$dir/rss") MiB"
echo "  CPU ms, sorted: $(sort -n "$dir/cpu" | tr '\n' ' ')"
