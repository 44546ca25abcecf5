#!/usr/bin/env bash
# Spec mutation check: changes each numeric field of each built-in accelerator spec in turn
# (doubled, then halved; 0 becomes 1) in a scratch copy of the source tree, runs the
# cost-model tests against it, and lists every change that leaves all of them green. Exits 1
# when any does: such a constant is not pinned by any test, so a wrong value there would go
# unnoticed. A change that cannot alter any result (an equivalent mutant) is listed with the
# reason in scripts/mutate-specs.equivalent and not counted.
#   scripts/mutate-specs.sh [TEST_BINARY [SPEC_NAME...]]
#     TEST_BINARY defaults to build/tests/mensa_core_tests; SPEC_NAMEs (e.g. edge_tpu mensa)
#     limit the check to those built-in specs (default: every one).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
tests=${1:-$src/build/tests/mensa_core_tests}
shift || true
specs=()
for name in "$@"; do specs+=("$src/resources/accelerators/$name.textproto"); done
[ ${#specs[@]} -gt 0 ] || specs=("$src"/resources/accelerators/*.textproto)
# The tests that evaluate built-in specs; a mutant caught here is caught by the full suite.
filter='HandDerived*:SystolicCostModel*:SpecCostModel*:RowStationaryCostModel*:Simulation*'
filter+=':ScaleSim*:HostLink*:PublishedValidation*:AcceleratorSystem*:GpuCostModel*:DlaCostModel*'
filter+=':ProcessorSpec*:CpuCluster*:MaeExplorer*:PipeItSearch*'
[ -x "$tests" ] || { echo "mutate-specs: no test binary at $tests (build first)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for entry in "$src"/*; do
  [ "$(basename "$entry")" = resources ] || ln -s "$entry" "$work/"
done
mkdir -p "$work/resources"
for entry in "$src"/resources/*; do
  [ "$(basename "$entry")" = accelerators ] || ln -s "$entry" "$work/resources/"
done
cp -r "$src/resources/accelerators" "$work/resources/"

run_tests() {
  MENSA_SOURCE_DIR="$work" MENSA_RESOURCES_DIR="$work/resources/accelerators" \
    "$tests" --gtest_filter="$filter" --gtest_fail_fast >/dev/null 2>&1
}
run_tests || { echo "mutate-specs: the tests fail on the unchanged specs" >&2; exit 2; }

# Lines holding a numeric field: "  name: 12.5   # comment".
numeric='^[[:space:]]*[a-z_]+:[[:space:]]*-?[0-9][0-9.eE+-]*[[:space:]]*(#.*)?$'
equivalent="$src/scripts/mutate-specs.equivalent"
mutants=0
survivors=()
for spec in "${specs[@]}"; do
  [ -f "$spec" ] || { echo "mutate-specs: no built-in spec $spec" >&2; exit 2; }
  copy="$work/resources/accelerators/$(basename "$spec")"
  while IFS=: read -r line field; do
    # The field's path ("noc.bandwidth_bytes_per_cycle"): its innermost enclosing block.
    name=$(awk -v target="$line" 'NR < target && /\{/ {
        match($0, /[a-z_]+/); stack[++depth] = substr($0, RSTART, RLENGTH) }
      NR < target && /\}/ { depth-- }
      NR == target { match($0, /[a-z_]+/); field = substr($0, RSTART, RLENGTH) }
      END { print (depth > 0 ? stack[depth] "." : "") field }' "$spec")
    for how in double halve; do
      awk -v target="$line" -v how="$how" 'NR == target {
          match($0, /:[[:space:]]*-?[0-9][0-9.eE+-]*/)
          head = substr($0, 1, RSTART); tail = substr($0, RSTART + RLENGTH)
          text = substr($0, RSTART + 1, RLENGTH - 1); value = text + 0
          if (how == "double") changed = value == 0 ? 1 : 2 * value
          else if (text ~ /[.eE]/) changed = value / 2
          else changed = value == 0 ? 1 : int(value / 2)
          $0 = head " " sprintf("%.12g", changed) tail
        } { print }' "$spec" > "$copy"
      mutants=$((mutants + 1))
      if grep -qE "^$(basename "$spec") $name $how " "$equivalent"; then
        continue
      fi
      if run_tests; then
        survivors+=("$(basename "$spec"):$line: $how $(echo "$field" | sed 's/#.*//;s/[[:space:]]*$//')")
      fi
    done
  done < <(grep -nE "$numeric" "$spec" | sed -E 's/^([0-9]+):[[:space:]]*/\1:/')
  cp "$spec" "$copy"
done

echo "mutate-specs: ${#survivors[@]} of $mutants mutants survive the cost-model tests"
for s in "${survivors[@]}"; do echo "  survives: $s"; done
[ "${#survivors[@]}" -eq 0 ]
