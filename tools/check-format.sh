#!/usr/bin/env bash
# Fails when a C source or header of ours is not clang-format clean.
# Generated goldens and third-party recipe files are excluded.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.h' | grep -v -E '^(idl/golden|third_party)/')
clang-format --dry-run -Werror "${files[@]}"
echo "format: ${#files[@]} files clean"
