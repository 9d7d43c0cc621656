#!/usr/bin/env bash
# Boot one boot package under QEMU and judge the serial transcript.
#
#   run_scenario.sh NAME KERNEL PKG EXPECT_EXIT TIMEOUT_S [--cpu MODEL] [--ordered] -- PATTERN...
#
# Passes when QEMU exits with EXPECT_EXIT within the timeout, every PATTERN
# (a fixed string) appears in the transcript, and no failure marker does
# (unless the scenario expects a panic). With --ordered each PATTERN must
# also be on a later line than the one before it. Prints the transcript on
# failure.
set -uo pipefail

name=$1 kernel=$2 pkg=$3 expect_exit=$4 timeout_s=$5
shift 5
qemu_opts=()
ordered=0
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    if [ "$1" = "--ordered" ]; then
        ordered=1
    else
        qemu_opts+=("$1")
    fi
    shift
done
[ "${1:-}" = "--" ] && shift

here=$(cd "$(dirname "$0")" && pwd)
qemu="$here/../../tools/capos-qemu"
transcript=$(mktemp)
trap 'rm -f "$transcript"' EXIT

timeout --kill-after=5 "$timeout_s" "$qemu" "$kernel" "$pkg" "${qemu_opts[@]}" \
    </dev/null >"$transcript" 2>&1
status=$?

problems=()
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    problems+=("timed out after ${timeout_s}s")
elif [ "$status" != "$expect_exit" ]; then
    problems+=("QEMU exited with $status, expected $expect_exit")
fi
after=0 # --ordered: line of the previous pattern's match
for pat in "$@"; do
    if ! grep -qF -- "$pat" "$transcript"; then
        problems+=("missing: $pat")
    elif [ "$ordered" = 1 ]; then
        at=$(tail -n +"$((after + 1))" "$transcript" | grep -nF -m1 -- "$pat" | cut -d: -f1)
        if [ -z "$at" ]; then problems+=("out of order: $pat"); else after=$((after + at)); fi
    fi
done
markers=("CHECK FAILED" ": FAIL")
[ "$expect_exit" = 0 ] && markers+=("KERNEL PANIC" "killed:")
for m in "${markers[@]}"; do
    for pat in "$@"; do # a marker the scenario itself expects is no failure
        case "$pat" in *"$m"*) continue 2 ;; esac
    done
    grep -qF -- "$m" "$transcript" && problems+=("found failure marker: $m")
done

if [ ${#problems[@]} -gt 0 ]; then
    echo "scenario $name FAILED:"
    printf '  - %s\n' "${problems[@]}"
    echo "----- transcript -----"
    cat "$transcript"
    echo "----------------------"
    exit 1
fi
echo "scenario $name passed"
