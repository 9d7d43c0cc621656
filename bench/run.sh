#!/usr/bin/env bash
# capOS-C kernel IPC and boot benchmark, side by side with the Linux baseline.
#
# Usage: bench/run.sh [--reuse-linux] [--out FILE]     (default bench/results/ipc.json)
#
#   --reuse-linux  read bench/results/linux-baseline.json instead of running
#                  bench/linux/run.sh (which otherwise runs first, ~2 min)
#
# Builds the kernel and the benchmark package (cmake + make in the build
# directory, ${CAPOS_BUILD_DIR:-<repo>/build}), then boots
# bench/guest/ipc_bench.c as init through tools/capos-qemu, the one shared
# QEMU command, and writes one JSON object to FILE:
#   capos.tcg     3 plain-TCG boots: host wall ms from QEMU spawn to the
#                 CAPOS-INIT-READY serial line (median + samples) and the
#                 endpoint round-trip cost (rdtsc ticks, ns)
#   capos.icount  2 boots with --icount (-icount shift=0): guest ns == guest
#                 instructions, so ns per round trip = instructions per round
#                 trip; run1/run2 show repeatability
#   linux         the Linux baseline (pipe and unix-socket ping-pong) run under
#                 the same machine flags (checked: config.same_machine_flags)
#   ratios        capOS / Linux for each comparable figure (< 1: capOS cheaper)
# Every QEMU run is bounded by timeout(1) (CAPOS_BENCH_TIMEOUT, default 60 s);
# a failing run prints its serial transcript and the script exits non-zero.
# Serial transcripts: ${CAPOS_CACHE:-<repo>/.cache}/capos-bench/runs/.
# Benchmarks are not tests: nothing here asserts on timing.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD=${CAPOS_BUILD_DIR:-$REPO/build}
CACHE=${CAPOS_CACHE:-$REPO/.cache}/capos-bench
OUT=$REPO/bench/results/ipc.json
LINUX_JSON=$REPO/bench/results/linux-baseline.json
TIMEOUT_S=${CAPOS_BENCH_TIMEOUT:-60}
TCG_BOOTS=3
ICOUNT_RUNS=2
REUSE_LINUX=0
ORIG_ARGS=("$@")

log() { printf '[capos-bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
usage() { sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while (($#)); do
	case $1 in
	--reuse-linux) REUSE_LINUX=1; shift ;;
	--out) [[ $# -ge 2 ]] || die "--out needs a FILE"; OUT=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
[[ $OUT = /* ]] || OUT=$PWD/$OUT

for tool in jq timeout qemu-system-x86_64 cmake make; do
	command -v "$tool" >/dev/null || die "$tool not found (bench/linux/run.sh installs qemu and jq)"
done

# rel PATH: PATH relative to the repo when inside it (recorded commands carry
# no machine paths).
rel() { local p=$1; [[ $p == "$REPO"/* ]] && p=${p#"$REPO"/}; printf '%s' "$p"; }

# Post: $KERNEL and $PKG are built and current; COMMIT and DIRTY describe the
# source tree they were built from.
build() {
	log "building in $(rel "$BUILD")"
	COMMIT=$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)
	DIRTY=false
	[[ -z $(git -C "$REPO" status --porcelain 2>/dev/null) ]] || DIRTY=true
	cmake -S "$REPO" -B "$BUILD" >/dev/null
	[[ -f $BUILD/bench/Makefile ]] ||
		die "the build has no bench/ directory: add 'add_subdirectory(bench)' to CMakeLists.txt"
	make -C "$BUILD" -j"$(nproc)" --no-print-directory kernel bench_pkgs >/dev/null
	KERNEL=$BUILD/guest/kernel.bin
	PKG=$BUILD/guest/bench/ipc-bench.pkg
	[[ -f $KERNEL && -f $PKG ]] || die "build did not produce $(rel "$KERNEL") and $(rel "$PKG")"
}

# The exact qemu-system-x86_64 argv tools/capos-qemu execs for ARGS, as a JSON
# array: capos-qemu runs once against a stand-in qemu that only prints it.
capos_qemu_argv_json() {
	local shim
	shim=$(mktemp -d)
	printf '#!/bin/sh\nprintf "%%s\\n" qemu-system-x86_64 "$@"\n' >"$shim/qemu-system-x86_64"
	chmod +x "$shim/qemu-system-x86_64"
	(cd "$REPO" && PATH=$shim:$PATH tools/capos-qemu "$@") | jq -R . | jq -s .
	rm -rf "$shim"
}

# run_capos NAME [CAPOS-QEMU OPTION...]
# Boots once (cwd = repo, relative paths); transcript in $CACHE/runs/NAME.log.
# Sets BOOT_MS (host ms to the READY line) and RUN_LOG. Fails (printing the
# transcript) unless QEMU exited 0 after CAPOS-BENCH-DONE.
run_capos() {
	local name=$1 status
	shift
	RUN_LOG=$CACHE/runs/$name.log
	log "boot $name"
	status=$(cd "$REPO" && python3 "$SCRIPT_DIR/linux/serial_timer.py" \
		--marker CAPOS-INIT-READY --transcript "$RUN_LOG" -- \
		timeout --kill-after=5 "$TIMEOUT_S" tools/capos-qemu "$(rel "$KERNEL")" "$(rel "$PKG")" "$@") || true
	BOOT_MS=$(sed -n 's/^marker_ms=\([^ ]*\) rc=.*/\1/p' <<<"$status")
	if [[ $status != *" rc=0" || $BOOT_MS == none || -z $BOOT_MS ]] ||
		! grep -q 'CAPOS-BENCH-DONE' "$RUN_LOG"; then
		log "capOS run $name failed ($status; rc 124 = timeout ${TIMEOUT_S}s); serial transcript:"
		cat "$RUN_LOG" >&2
		exit 1
	fi
}

# kv KEY: value of the first KEY=VALUE token on a CAPOS-* line of the last run.
kv() {
	local v
	v=$(grep 'CAPOS-' "$RUN_LOG" | grep -o "[ ]$1=[^ ]*" | head -n1 | cut -d= -f2)
	[[ $v =~ ^[0-9]+$ ]] || die "no numeric $1= in $RUN_LOG"
	printf '%s' "$v"
}

# The last run as a JSON object.
run_json() {
	jq -n --argjson boot "$BOOT_MS" --argjson rtsc "$(kv tsc)" \
		--argjson med "$(kv ipc_rt_tsc_median)" --argjson p99 "$(kv ipc_rt_tsc_p99)" \
		--argjson mns "$(kv ipc_rt_mns)" --argjson mean "$(kv ipc_rt_tsc_mean)" \
		--argjson hz "$(kv tsc_hz)" --argjson n "$(kv n)" \
		'{boot_to_init_ms: $boot, ready_tsc: $rtsc, n: $n, tsc_hz: $hz,
		  ipc_rt_tsc_median: $med, ipc_rt_tsc_p99: $p99, ipc_rt_tsc_mean: $mean,
		  ipc_rt_ns: ($mns / 1000)}'
}

main() {
	local t_start=$SECONDS i j
	mkdir -p "$CACHE/runs" "$(dirname "$OUT")"

	# The Linux guest first: it is the long part and installs what is missing.
	local linux_source
	if ((REUSE_LINUX)); then
		[[ -f $LINUX_JSON ]] || die "--reuse-linux: no $(rel "$LINUX_JSON"); run without it"
		linux_source="reused $(rel "$LINUX_JSON")"
		log "reusing $(rel "$LINUX_JSON") ($(jq -r .date "$LINUX_JSON"))"
	else
		log "running bench/linux/run.sh"
		"$SCRIPT_DIR/linux/run.sh" --out "$LINUX_JSON"
		linux_source="bench/linux/run.sh, run by this invocation"
	fi

	build
	local kernel_rel pkg_rel
	kernel_rel=$(rel "$KERNEL")
	pkg_rel=$(rel "$PKG")
	local argv_tcg argv_icount
	argv_tcg=$(capos_qemu_argv_json "$kernel_rel" "$pkg_rel")
	argv_icount=$(capos_qemu_argv_json "$kernel_rel" "$pkg_rel" --icount)
	log "capOS: tools/capos-qemu $kernel_rel $pkg_rel [icount: --icount]"

	local tcg_runs=() icount_runs=()
	for ((i = 1; i <= TCG_BOOTS; i++)); do
		run_capos "tcg-$i"
		j=$(run_json)
		tcg_runs+=("$j")
	done
	for ((i = 1; i <= ICOUNT_RUNS; i++)); do
		run_capos "icount-$i" --icount
		j=$(run_json)
		icount_runs+=("$j")
	done

	local cmdline
	cmdline="bench/run.sh${ORIG_ARGS[*]:+ $(printf '%q ' "${ORIG_ARGS[@]}")}"
	cmdline=${cmdline% }
	cmdline=${cmdline//"$REPO"\//}
	jq -n \
		--arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		--arg cmdline "$cmdline" \
		--arg commit "$COMMIT" --argjson dirty "$DIRTY" \
		--arg cpu "$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
		--argjson ncpu "$(nproc)" \
		--arg qver "$(qemu-system-x86_64 --version | head -n1)" \
		--arg ccmd "tools/capos-qemu $kernel_rel $pkg_rel" \
		--argjson cargv "$argv_tcg" --argjson cargv_ic "$argv_icount" \
		--argjson timeout "$TIMEOUT_S" \
		--argjson tcg "$(printf '%s\n' "${tcg_runs[@]}" | jq -s .)" \
		--argjson ic "$(printf '%s\n' "${icount_runs[@]}" | jq -s .)" \
		--arg lsrc "$linux_source" \
		--slurpfile linux "$LINUX_JSON" \
		--argjson wall "$((SECONDS - t_start))" \
		'def median: sort | length as $n
		  | if $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end;
		def tcg_median(f): [$tcg[] | f] | median;
		def runs(f): ($ic | map(f)) as $v | ($v[0] - $v[1]) as $d
		  | {run1: $v[0], run2: $v[1], repeatable: ($d == 0),
		     rel_diff: (if $d == 0 then 0 else (if $d < 0 then -$d else $d end) / (($v[0] + $v[1]) / 2) end)};
		def mean2: (.run1 + .run2) / 2;
		def r4: . * 10000 | round / 10000;
		# machine flags: argv without the program and the -kernel/-initrd/-append pairs
		def machine: [foreach .[1:][] as $a ({skip: false, out: null};
		    if .skip then {skip: false, out: null}
		    elif ($a | IN("-kernel", "-initrd", "-append")) then {skip: true, out: null}
		    else {skip: false, out: $a} end; .out) | select(. != null)];
		$linux[0] as $L |
		($tcg | map(.ipc_rt_tsc_median) | median) as $c_tsc_med |
		runs(.ipc_rt_ns) as $c_insns |
		{
		  schema: "capos-ipc-bench/1",
		  date: $date,
		  produced_by: $cmdline,
		  run_wall_s: $wall,
		  source: {commit: $commit, working_tree_dirty: $dirty},
		  host: {cpu_model: $cpu, nproc: $ncpu, qemu_version: $qver},
		  config: {
		    capos: {command: $ccmd, icount_command: ($ccmd + " --icount"),
		            cwd: "<repo>", qemu_argv: $cargv, qemu_argv_icount: $cargv_ic,
		            timeout_s: $timeout},
		    linux: {command: $L.qemu.command, icount_extra_args: $L.qemu.icount_extra_args,
		            cwd: $L.qemu.cwd},
		    capos_machine_flags: ($cargv | machine),
		    linux_machine_flags: ($L.qemu.argv | machine),
		    same_machine_flags: (($cargv | machine) == ($L.qemu.argv | machine))
		  },
		  capos: {
		    guest: {program: "bench/guest/ipc_bench.c (one ELF as ipc-bench = init/client and ipc-bench-server = echo server)",
		            manifest: "bench/guest/ipc-bench.manifest",
		            round_trip: "sys_call with a 1-byte request on a same-session endpoint; server sys_recv + sys_reply with a 1-byte reply",
		            warmup_rts: 2000, measured_rts: $tcg[0].n},
		    tcg: {
		      units: "ipc_rt_tsc_*: guest rdtsc ticks (= host TSC ticks under plain TCG); ipc_rt_ns: Clock.now ns over the loop / n; medians over boots",
		      boot_to_init_ms_median: tcg_median(.boot_to_init_ms),
		      boot_to_init_ms_samples: [$tcg[].boot_to_init_ms],
		      ipc_rt_tsc_median: $c_tsc_med,
		      ipc_rt_tsc_p99: tcg_median(.ipc_rt_tsc_p99),
		      ipc_rt_ns: tcg_median(.ipc_rt_ns),
		      runs: [$tcg[] | del(.ready_tsc, .n)]
		    },
		    icount: {
		      units: "-icount shift=0: 1 guest ns = 1 guest instruction; insns_per_rt = Clock.now ns over the loop / n; rt_tsc_* = per-rt rdtsc deltas (instructions)",
		      insns_per_rt: $c_insns,
		      rt_tsc_median: runs(.ipc_rt_tsc_median),
		      rt_tsc_p99: runs(.ipc_rt_tsc_p99),
		      rt_tsc_mean: runs(.ipc_rt_tsc_mean),
		      tsc_hz_calibrated: runs(.tsc_hz),
		      init_ready_guest_tsc: (runs(.ready_tsc) + {
		        note: "guest rdtsc at init start = guest virtual ns since QEMU start: instructions executed (firmware, kernel boot) plus idle time advanced by sleep=on"}),
		      host_boot_to_init_ms: [$ic[].boot_to_init_ms]
		    }
		  },
		  linux_source: $lsrc,
		  linux: $L,
		  ratios: {
		    meaning: "capOS / Linux; < 1 means capOS needs fewer instructions / ticks / ms. icount ratios are the repeatable ones; tcg and boot ms ratios carry host wall-clock noise (about +-30%)",
		    icount_insns_per_rt_vs_linux_pipe: (($c_insns | mean2) / ($L.icount.pipe_insns_per_rt | mean2) | r4),
		    icount_insns_per_rt_vs_linux_socket: (($c_insns | mean2) / ($L.icount.socket_insns_per_rt | mean2) | r4),
		    icount_rt_tsc_median_vs_linux_pipe: ((runs(.ipc_rt_tsc_median) | mean2) / ($L.icount.pipe_rt_tsc_median | mean2) | r4),
		    icount_rt_tsc_median_vs_linux_socket: ((runs(.ipc_rt_tsc_median) | mean2) / ($L.icount.socket_rt_tsc_median | mean2) | r4),
		    tcg_rt_tsc_median_vs_linux_pipe: ($c_tsc_med / $L.tcg.pipe.rt_tsc_median | r4),
		    tcg_rt_tsc_median_vs_linux_socket: ($c_tsc_med / $L.tcg.socket.rt_tsc_median | r4),
		    boot_to_init_ms_tcg: (tcg_median(.boot_to_init_ms) / $L.tcg.boot_to_init_ms_median | r4),
		    boot_to_init_guest_tsc_icount: ((runs(.ready_tsc) | mean2) / ($L.icount.init_ready_guest_tsc | mean2) | r4)
		  }
		}' >"$OUT"

	log "wrote $(rel "$OUT") in $((SECONDS - t_start)) s"
	jq -r '"same machine flags: \(.config.same_machine_flags)",
	       "capOS  icount insns/rt: \(.capos.icount.insns_per_rt.run1) / \(.capos.icount.insns_per_rt.run2)   tcg rt tsc median: \(.capos.tcg.ipc_rt_tsc_median)   boot ms: \(.capos.tcg.boot_to_init_ms_median)",
	       "Linux  icount insns/rt pipe: \(.linux.icount.pipe_insns_per_rt.run1) socket: \(.linux.icount.socket_insns_per_rt.run1)   tcg rt tsc median pipe: \(.linux.tcg.pipe.rt_tsc_median)   boot ms: \(.linux.tcg.boot_to_init_ms_median)",
	       (.ratios | del(.meaning) | to_entries[] | "ratio \(.key) = \(.value)")' "$OUT" >&2
	[[ $(jq .config.same_machine_flags "$OUT") == true ]] ||
		log "warning: capOS and Linux ran with different machine flags (see config in $(rel "$OUT"))"
}

main
