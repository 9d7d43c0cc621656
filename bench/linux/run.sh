#!/usr/bin/env bash
# Linux-guest baseline for the capOS-C kernel benchmarks.
#
# Usage: bench/linux/run.sh [--out FILE]      (default bench/results/linux-baseline.json)
#
# Boots a stock Debian kernel under the fixed QEMU configuration in QEMU_BASE
# below (the machine flags of tools/capos-qemu, which our kernel runs under)
# with a one-file initramfs whose /init is bench/linux/pingpong.c, and writes
# one JSON object to FILE:
#   tcg     3 plain-TCG boots: host wall ms from QEMU spawn to the
#           LINUX-INIT-READY serial line (median + samples), and pipe/socket
#           round-trip cost (guest rdtsc = host TSC ticks under TCG; ns/rt)
#   icount  2 boots with "-icount shift=0" added: guest ns == guest
#           instructions, so ns/rt = instructions per round trip (run1/run2
#           show repeatability), plus the guest TSC at init start
# Also records the exact QEMU argv, kernel package + version, date, host CPU,
# QEMU version and this script's command line. No machine paths are recorded:
# QEMU runs with its cwd in the cache dir and relative -kernel/-initrd.
#
# Setup is idempotent and cached under ${CAPOS_CACHE:-<repo>/.cache}/linux-guest/:
#   - host packages are apt-get installed only if missing (root or sudo);
#   - the kernel is the linux-image-6.1.0-*-amd64 package that
#     linux-image-amd64 currently depends on, fetched with `apt-get download`
#     and unpacked with dpkg-deb into the cache (never installed on the host);
#     only ./boot is extracted (the modules are ~400 MB and unused);
#   - init is rebuilt and the cpio (newc, uncompressed) repacked every run.
# Every QEMU run is bounded by timeout(1) (LINUX_BENCH_TIMEOUT, default 120 s);
# on any failure the serial transcript is printed to stderr and the exit
# status is non-zero. Exit 0 means FILE was written.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=${CAPOS_CACHE:-$REPO/.cache}/linux-guest
OUT=$REPO/bench/results/linux-baseline.json
TIMEOUT_S=${LINUX_BENCH_TIMEOUT:-120}
TCG_BOOTS=3
ICOUNT_RUNS=2
HOST_PKGS=(qemu-system-x86 cpio gcc libc6-dev python3 jq coreutils)
ORIG_ARGS=("$@")

# The fixed QEMU configuration (paths relative to $CACHE, QEMU's cwd): the
# machine flags are exactly those of tools/capos-qemu in its default (tcg)
# mode, in the same order; only -kernel/-initrd/-append differ.
# shellcheck disable=SC2054 # commas belong to the -cpu and -device values
QEMU_BASE=(qemu-system-x86_64 -machine q35 -cpu qemu64,+rdrand -m 256M
	-smp 1 -accel tcg -display none -no-reboot -monitor none
	-chardev stdio,id=console,signal=off,mux=on -serial chardev:console
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
	-kernel vmlinuz -initrd initramfs.cpio
	-append "console=ttyS0 quiet panic=-1")
ICOUNT_EXTRA=(-icount shift=0)

log() { printf '[linux-bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() { sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while (($#)); do
	case $1 in
	--out) [[ $# -ge 2 ]] || die "--out needs a FILE"; OUT=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
[[ $OUT = /* ]] || OUT=$PWD/$OUT

# as_root, ensure_host_packages, ensure_kernel, build_initramfs, shell_join.
# shellcheck source=bench/linux/common.sh
. "$SCRIPT_DIR/common.sh"

# run_guest NAME [EXTRA_QEMU_ARG...]
# Boots once; transcript in $CACHE/runs/NAME.log. Sets BOOT_MS (host ms to the
# READY line). Fails (printing the transcript) unless QEMU exited 0 after
# LINUX-BENCH-DONE.
run_guest() {
	local name=$1 status
	shift
	RUN_LOG=$CACHE/runs/$name.log
	log "boot $name"
	status=$(cd "$CACHE" && /usr/bin/python3 "$SCRIPT_DIR/serial_timer.py" \
		--marker LINUX-INIT-READY --transcript "$RUN_LOG" -- \
		timeout "$TIMEOUT_S" "${QEMU_BASE[@]}" "$@") || true
	BOOT_MS=$(sed -n 's/^marker_ms=\([^ ]*\) rc=.*/\1/p' <<<"$status")
	if [[ $status != *" rc=0" || $BOOT_MS == none || -z $BOOT_MS ]] ||
		! grep -q 'LINUX-BENCH-DONE' "$RUN_LOG"; then
		log "guest run $name failed ($status; rc 124 = timeout ${TIMEOUT_S}s); serial transcript:"
		cat "$RUN_LOG" >&2
		exit 1
	fi
}

# kv KEY: value of the first KEY=VALUE token on a LINUX-* line of the last
# run's transcript; fails if absent.
kv() {
	local v
	v=$(grep 'LINUX-' "$RUN_LOG" | grep -o "[ ]$1=[^ ]*" | head -n1 | cut -d= -f2)
	[[ -n $v ]] || die "no $1= in $RUN_LOG"
	printf '%s' "$v"
}

# Prints the last run's boot time and pipe/socket numbers as a JSON object.
bench_json() {
	local pm pp pn sm sp sn n rtsc
	pm=$(kv pingpong_rt_tsc_median); pp=$(kv pingpong_rt_tsc_p99); pn=$(kv pingpong_rt_ns)
	sm=$(kv socket_rt_tsc_median); sp=$(kv socket_rt_tsc_p99); sn=$(kv socket_rt_ns)
	n=$(kv n); rtsc=$(kv tsc)
	jq -n \
		--argjson pm "$pm" --argjson pp "$pp" --argjson pn "$pn" \
		--argjson sm "$sm" --argjson sp "$sp" --argjson sn "$sn" --argjson n "$n" \
		--argjson boot "$BOOT_MS" --argjson rtsc "$rtsc" \
		'{boot_to_init_ms: $boot, ready_tsc: $rtsc, n: $n,
		  pipe: {rt_tsc_median: $pm, rt_tsc_p99: $pp, ns_per_rt: $pn},
		  socket: {rt_tsc_median: $sm, rt_tsc_p99: $sp, ns_per_rt: $sn}}'
}

main() {
	local t_start=$SECONDS i
	mkdir -p "$CACHE/runs" "$(dirname "$OUT")"
	CACHE=$(cd "$CACHE" && pwd)
	ensure_host_packages
	ensure_kernel
	build_initramfs initramfs "$SCRIPT_DIR/pingpong.c"
	log "kernel: $KPKG $KVER ($KIMG)"
	log "qemu (cwd $CACHE): $(shell_join "${QEMU_BASE[@]}") [icount: + ${ICOUNT_EXTRA[*]}]"

	local tcg_runs=() icount_runs=() j
	for ((i = 1; i <= TCG_BOOTS; i++)); do
		run_guest "tcg-$i"
		j=$(bench_json)
		tcg_runs+=("$j")
	done
	for ((i = 1; i <= ICOUNT_RUNS; i++)); do
		run_guest "icount-$i" "${ICOUNT_EXTRA[@]}"
		j=$(bench_json)
		icount_runs+=("$j")
	done

	local tcg_json icount_json
	tcg_json=$(printf '%s\n' "${tcg_runs[@]}" | jq -s '.')
	icount_json=$(printf '%s\n' "${icount_runs[@]}" | jq -s '.')
	local cmdline out_rel=${OUT#"$REPO"/}
	cmdline="bench/linux/run.sh${ORIG_ARGS[*]:+ $(printf '%q ' "${ORIG_ARGS[@]}")}"
	cmdline=${cmdline% }
	cmdline=${cmdline//"$REPO"\//}

	local qemu_argv_json
	qemu_argv_json=$(printf '%s\n' "${QEMU_BASE[@]}" | jq -R . | jq -s .)

	jq -n \
		--arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		--arg cmdline "$cmdline" \
		--arg cpu "$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
		--argjson ncpu "$(nproc)" \
		--arg qver "$(qemu-system-x86_64 --version | head -n1)" \
		--arg kpkg "$KPKG" --arg kver "$KVER" --arg kimg "$KIMG" \
		--arg qcmd "$(shell_join "${QEMU_BASE[@]}")" \
		--argjson qargv "$qemu_argv_json" \
		--arg icount "${ICOUNT_EXTRA[*]}" \
		--argjson timeout "$TIMEOUT_S" \
		--argjson tcg "$tcg_json" --argjson ic "$icount_json" \
		--argjson wall "$((SECONDS - t_start))" \
		'def median: sort | length as $n
		  | if $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end;
		def tcg_median(f): [$tcg[] | f] | median;
		def runs(f): ($ic | map(f)) as $v | ($v[0] - $v[1]) as $d
		  | {run1: $v[0], run2: $v[1], repeatable: ($d == 0),
		     rel_diff: (if $d == 0 then 0 else (if $d < 0 then -$d else $d end) / (($v[0] + $v[1]) / 2) end)};
		{
		  schema: "capos-linux-baseline/1",
		  date: $date,
		  produced_by: $cmdline,
		  run_wall_s: $wall,
		  host: {cpu_model: $cpu, nproc: $ncpu, qemu_version: $qver},
		  guest: {
		    kernel_package: $kpkg, kernel_package_version: $kver, vmlinuz: $kimg,
		    init: "bench/linux/pingpong.c (gcc -static -O2), initramfs newc cpio: /init /dev /proc",
		    warmup_rts: 2000, measured_rts: $tcg[0].n
		  },
		  qemu: {
		    command: $qcmd, argv: $qargv, icount_extra_args: $icount,
		    cwd: "${CAPOS_CACHE:-<repo>/.cache}/linux-guest (vmlinuz, initramfs.cpio)",
		    timeout_s: $timeout
		  },
		  tcg: {
		    units: "rt_tsc_*: guest rdtsc ticks (= host TSC ticks under plain TCG); ns_per_rt: guest CLOCK_MONOTONIC ns; medians over boots",
		    boot_to_init_ms_median: tcg_median(.boot_to_init_ms),
		    boot_to_init_ms_samples: [$tcg[].boot_to_init_ms],
		    pipe: {rt_tsc_median: tcg_median(.pipe.rt_tsc_median),
		           rt_tsc_p99: tcg_median(.pipe.rt_tsc_p99),
		           ns_per_rt: tcg_median(.pipe.ns_per_rt)},
		    socket: {rt_tsc_median: tcg_median(.socket.rt_tsc_median),
		             rt_tsc_p99: tcg_median(.socket.rt_tsc_p99),
		             ns_per_rt: tcg_median(.socket.ns_per_rt)},
		    runs: [$tcg[] | del(.ready_tsc, .n)]
		  },
		  icount: {
		    units: "-icount shift=0: 1 guest ns = 1 guest instruction; *_insns_per_rt = CLOCK_MONOTONIC ns over the loop / n; *_rt_tsc_* = per-rt rdtsc deltas (instructions)",
		    pipe_insns_per_rt: runs(.pipe.ns_per_rt),
		    socket_insns_per_rt: runs(.socket.ns_per_rt),
		    pipe_rt_tsc_median: runs(.pipe.rt_tsc_median),
		    pipe_rt_tsc_p99: runs(.pipe.rt_tsc_p99),
		    socket_rt_tsc_median: runs(.socket.rt_tsc_median),
		    socket_rt_tsc_p99: runs(.socket.rt_tsc_p99),
		    init_ready_guest_tsc: (runs(.ready_tsc) + {
		      note: "guest rdtsc at /init start = guest virtual ns since QEMU start: instructions executed (shift=0) plus any idle time advanced by sleep=on"}),
		    host_boot_to_init_ms: [$ic[].boot_to_init_ms]
		  }
		}' >"$OUT"

	log "wrote ${out_rel} in $((SECONDS - t_start)) s"
	jq -c '{tcg: (.tcg | del(.runs, .units)), icount: (.icount | {pipe_insns_per_rt, socket_insns_per_rt, init_ready_guest_tsc: (.init_ready_guest_tsc | del(.note))})}' "$OUT" >&2
}

main
