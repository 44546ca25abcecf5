#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/*.cpp) with clang and runs each for a bounded time
# on a seed corpus. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
# Env: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (build parallelism, default 2),
# FUZZ_OPT_FLAGS (optimisation and debug flags, default "-O2 -g -DNDEBUG"; CI builds at -O0 with
# line tables, a third faster to compile, and fuzzes fewer inputs per second).
# Crashes are saved as BUILD_DIR/fuzz-artifacts/TARGET-crash-*; the script exits 1 on any.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}
# Instrument the whole core library (not only the harness) so libFuzzer sees its coverage.
sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${FUZZ_OPT_FLAGS:--O2 -g -DNDEBUG}" \
    -DMENSA_BUILD_FUZZ=ON -DMENSA_BUILD_GUI=OFF -DMENSA_BUILD_TESTS=ON -DMENSA_BUILD_BENCH=OFF \
    -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
targets=()
for src in tests/fuzz/*.cpp; do
    targets+=("$(basename "$src" .cpp)")
done
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "${targets[@]}"
status=0
for target in "${targets[@]}"; do
    exe=$(find "$build" -type f -name "$target" -perm -u+x | head -n 1)
    corpus="$build/fuzz-corpus/$target"
    artifacts="$build/fuzz-artifacts"
    mkdir -p "$corpus" "$artifacts"
    # Seeds: the repo's real files of the target's input kind, plus what targets that know
    # MENSA_FUZZ_WRITE_SEEDS write (-runs=0 only replays the corpus).
    case "$target" in
        *onnx*) cp sample_models/*.onnx "$corpus/" ;;
        *spec*) cp resources/accelerators/*.textproto "$corpus/" ;;
        *[Ff]amil*) cp resources/families.textproto "$corpus/" ;;
        *project*) printf '{"format":"mensa-studio-project","version":1,"models":[]}' >"$corpus/empty.mensa" ;;
        *formatters*) printf '\x00\x00\x00\x00\x00\x00\xf0\x7f\x00\x00\x00\x00\x00\x00\xf8\x7f' >"$corpus/inf-nan" ;;
    esac
    MENSA_FUZZ_WRITE_SEEDS="$corpus" "$exe" -runs=0 "$corpus" >/dev/null 2>&1 || true
    echo "== $target: fuzzing for ${seconds}s ($(ls "$corpus" | wc -l) corpus files)"
    if ! "$exe" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$artifacts/$target-" "$corpus" 2>"$build/$target.log"; then
        echo "!! $target failed; see $build/$target.log and $artifacts/" >&2
        tail -n 40 "$build/$target.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$target.log" || true
    fi
done
exit $status
