#!/usr/bin/env bash
# Checks that every tracked C++ source and header (git ls-files *.cpp *.h) is formatted as the root
# .clang-format says. Changes nothing; prints the files that differ and exits 1 if there are any.
# Usage: scripts/check-format.sh   Env: CLANG_FORMAT (default clang-format; version 14 or newer).
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format=${CLANG_FORMAT:-clang-format}
command -v "$clang_format" >/dev/null || { echo "check-format: $clang_format not found" >&2; exit 2; }
# Fail early, with clang-format's own message, if it cannot read the style file.
"$clang_format" --style=file --dump-config </dev/null >/dev/null

differ=()
checked=0
while IFS= read -r -d '' file; do
    checked=$((checked + 1))
    if ! "$clang_format" --style=file --dry-run --Werror "$file" >/dev/null 2>&1; then
        differ+=("$file")
    fi
done < <(git ls-files -z -- '*.cpp' '*.h')

if ((${#differ[@]})); then
    printf '%s\n' "${differ[@]}"
    echo "check-format: ${#differ[@]} of $checked files differ from .clang-format" \
         "(fix: $clang_format -i FILE...)" >&2
    exit 1
fi
echo "check-format: all $checked files match .clang-format"
