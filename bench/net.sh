#!/usr/bin/env bash
# TCP throughput and connection-setup rate host<->guest, capOS-C and a Debian
# Linux guest in the same QEMU configuration, side by side and as ratios.
#
# Usage: bench/net.sh [--mib N] [--reps R] [--conns N] [--out FILE]
#                     (defaults 64, 5, 500; bench/results/net.json)
#
# Both guests boot through tools/capos-qemu --net (same machine, same
# virtio-net NIC on QEMU user networking, same host forwards, plain TCG) and
# serve guest TCP port 23 with the same protocol and checks
# (bench/guest/net_pattern.h):
#   capOS  build/guest/bench/net-bench.pkg: the netstack, its ticker and
#          bench/guest/net_bench.c as services (bench/guest/net-bench.system)
#   Linux  the Debian kernel of bench/linux with an initramfs whose /init is
#          bench/linux/netserver.c; it loads virtio_pci/virtio_net (+ deps)
#          from the cached kernel package and sets 10.0.2.15/24 itself
# bench/net_client.py boots each once and measures, through the forwarded
# port: N MiB host->guest and guest->host (data checked), and N sequential
# connections (connect + 1-byte echo + close): R repetitions, medians.
# Writes one JSON object to FILE with both systems, ratios capOS / Linux,
# the commands, the date and the tree's commit. Every run is bounded by
# timeout(1) (CAPOS_NET_BENCH_TIMEOUT, default 1200 s per system).
# Transcripts: ${CAPOS_CACHE:-<repo>/.cache}/capos-bench/runs/net-*.log.
# Benchmarks are not tests: nothing here asserts on timing.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD=${CAPOS_BUILD_DIR:-$REPO/build}
CACHE_ROOT=${CAPOS_CACHE:-$REPO/.cache}
RUNS=$CACHE_ROOT/capos-bench/runs
CACHE=$CACHE_ROOT/linux-guest # the Linux guest's cache (bench/linux/common.sh)
OUT=$REPO/bench/results/net.json
TIMEOUT_S=${CAPOS_NET_BENCH_TIMEOUT:-1200}
MIB=64
REPS=5
CONNS=500
HOST_PKGS=(qemu-system-x86 cpio gcc libc6-dev python3 jq coreutils)
LINUX_APPEND="console=ttyS0 quiet panic=-1"
ORIG_ARGS=("$@")

log() { printf '[net-bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
usage() { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

posint() { [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive number"; }
while (($#)); do
	case $1 in
	--mib) posint "$1" "${2:-}"; MIB=$2; shift 2 ;;
	--reps) posint "$1" "${2:-}"; REPS=$2; shift 2 ;;
	--conns) posint "$1" "${2:-}"; CONNS=$2; shift 2 ;;
	--out) [[ $# -ge 2 ]] || die "--out needs a FILE"; OUT=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
[[ $OUT = /* ]] || OUT=$PWD/$OUT

# shellcheck source=bench/linux/common.sh
. "$SCRIPT_DIR/linux/common.sh"

# Post: KERNEL and PKG are built and current; COMMIT and DIRTY describe the tree.
build_capos() {
	log "building in $(rel "$BUILD")"
	COMMIT=$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)
	DIRTY=false
	[[ -z $(git -C "$REPO" status --porcelain 2>/dev/null) ]] || DIRTY=true
	cmake -S "$REPO" -B "$BUILD" >/dev/null
	make -C "$BUILD" -j"$(nproc)" --no-print-directory kernel bench_net_pkg >/dev/null
	KERNEL=$BUILD/guest/kernel.bin
	PKG=$BUILD/guest/bench/net-bench.pkg
	[[ -f $KERNEL && -f $PKG ]] || die "build did not produce $(rel "$KERNEL") and $(rel "$PKG")"
}

# Post: $CACHE/vmlinuz and $CACHE/initramfs-net.cpio (netserver + modules).
setup_linux() {
	mkdir -p "$CACHE"
	CACHE=$(cd "$CACHE" && pwd)
	ensure_host_packages
	ensure_kernel
	ensure_net_modules
	build_initramfs initramfs-net "$SCRIPT_DIR/linux/netserver.c" "$NETMODS"
	log "Linux: $KPKG $KVER ($KIMG), modules: $(cd "$NETMODS" && echo *.ko)"
}

# measure NAME DIR READY ERROR CAPOS-QEMU-ARG...: boots through
# tools/capos-qemu (cwd DIR) under bench/net_client.py; its JSON goes to
# $RUNS/net-NAME.json, the transcript to $RUNS/net-NAME.log.
measure() {
	local name=$1 dir=$2 ready=$3 error=$4
	shift 4
	log "$name: booting and measuring ($REPS x $MIB MiB each way, $REPS x $CONNS connections)"
	if ! (cd "$dir" && timeout --kill-after=10 "$TIMEOUT_S" /usr/bin/python3 "$SCRIPT_DIR/net_client.py" \
		--ready "$ready" --error "$error" --transcript "$RUNS/net-$name.log" \
		--mib "$MIB" --reps "$REPS" --conns "$CONNS" -- \
		"$REPO/tools/capos-qemu" "$@") >"$RUNS/net-$name.json"; then
		die "$name run failed (status above; transcript $RUNS/net-$name.log; 124 = timeout ${TIMEOUT_S}s)"
	fi
}

main() {
	local t_start=$SECONDS
	for tool in jq timeout cmake make; do
		command -v "$tool" >/dev/null || die "$tool not found"
	done
	mkdir -p "$RUNS" "$(dirname "$OUT")"
	setup_linux
	build_capos

	local ports=(--net --ssh-port '{ssh}' --https-port '{https}' --telnet-port '{telnet}')
	local example=(--net --ssh-port 2222 --https-port 8443 --telnet-port 2323)
	local kernel_rel pkg_rel
	kernel_rel=$(rel "$KERNEL")
	pkg_rel=$(rel "$PKG")
	# relative to the repo (QEMU's cwd) unless the build is out of tree
	local capos_args=("$KERNEL" "$PKG")
	[[ $kernel_rel == "<build>"* ]] || capos_args=("$kernel_rel" "$pkg_rel")
	local linux_args=(vmlinuz initramfs-net.cpio)
	local linux_tail=(-- -append "$LINUX_APPEND")

	measure capos "$REPO" CAPOS-NET-READY CAPOS-NET-ERROR "${capos_args[@]}" "${ports[@]}"
	measure linux "$CACHE" LINUX-NET-READY LINUX-NET-ERROR \
		"${linux_args[@]}" "${ports[@]}" "${linux_tail[@]}"

	local cargv largv ccmd lcmd cmdline
	cargv=$(qemu_argv_json "$REPO" "${capos_args[@]}" "${example[@]}" |
		jq --arg b "$BUILD/" 'map(if startswith($b) then "<build>/" + .[($b | length):] else . end)')
	largv=$(qemu_argv_json "$CACHE" "${linux_args[@]}" "${example[@]}" "${linux_tail[@]}")
	ccmd="tools/capos-qemu $kernel_rel $pkg_rel ${ports[*]}"
	lcmd="tools/capos-qemu ${linux_args[*]} ${ports[*]} -- -append \"$LINUX_APPEND\""
	cmdline="bench/net.sh${ORIG_ARGS[*]:+ $(printf '%q ' "${ORIG_ARGS[@]}")}"
	cmdline=${cmdline% }
	cmdline=${cmdline//"$REPO"\//}

	jq -n \
		--arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		--arg cmdline "$cmdline" \
		--arg commit "$COMMIT" --argjson dirty "$DIRTY" \
		--arg cpu "$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
		--argjson ncpu "$(nproc)" \
		--arg qver "$(qemu-system-x86_64 --version | head -n1)" \
		--arg ccmd "$ccmd" --arg lcmd "$lcmd" \
		--argjson cargv "$cargv" --argjson largv "$largv" \
		--arg kpkg "$KPKG" --arg kver "$KVER" --arg kimg "$KIMG" \
		--arg mods "$(cd "$NETMODS" && echo *.ko)" \
		--argjson timeout "$TIMEOUT_S" \
		--slurpfile c "$RUNS/net-capos.json" --slurpfile l "$RUNS/net-linux.json" \
		--argjson wall "$((SECONDS - t_start))" \
		'def r4: . * 10000 | round / 10000;
		# machine flags: argv without the program and the -kernel/-initrd/-append pairs
		def machine: [foreach .[1:][] as $a ({skip: false, out: null};
		    if .skip then {skip: false, out: null}
		    elif ($a | IN("-kernel", "-initrd", "-append")) then {skip: true, out: null}
		    else {skip: false, out: $a} end; .out) | select(. != null)];
		$c[0] as $C | $l[0] as $L |
		{
		  schema: "capos-net-bench/1",
		  date: $date,
		  produced_by: $cmdline,
		  run_wall_s: $wall,
		  source: {commit: $commit, working_tree_dirty: $dirty},
		  host: {cpu_model: $cpu, nproc: $ncpu, qemu_version: $qver},
		  config: {
		    capos: {command: $ccmd, cwd: "<repo>", guest: "bench/guest/net-bench.system: netstack + netstack-ticker + net-bench (bench/guest/net_bench.c)"},
		    linux: {command: $lcmd, cwd: "${CAPOS_CACHE:-<repo>/.cache}/linux-guest",
		            kernel_package: $kpkg, kernel_package_version: $kver, vmlinuz: $kimg,
		            initramfs: "initramfs-net.cpio: /init = bench/linux/netserver.c (gcc -static -O2), /lib/modules/",
		            modules: ($mods | split(" ")), address: "10.0.2.15/24, static"},
		    ports: "{ssh} {https} {telnet} are free loopback ports picked per boot (capos.host_ports, linux.host_ports); the benchmark uses the telnet forward (guest TCP 23). qemu_argv shows them as the defaults 2222 8443 2323",
		    capos_qemu_argv: $cargv, linux_qemu_argv: $largv,
		    capos_machine_flags: ($cargv | machine),
		    linux_machine_flags: ($largv | machine),
		    same_machine_flags: (($cargv | machine) == ($largv | machine)),
		    timeout_s_per_system: $timeout,
		    protocol: "bench/guest/net_pattern.h; driver bench/net_client.py"
		  },
		  units: {
		    h2g_mib_s: "host->guest: MiB of checked stream / s, from after connect() to the guest status line (sink)",
		    g2h_mib_s: "guest->host: MiB / s, from after connect() to the guest FIN; data compared afterwards",
		    conn_per_s: "sequential connections (connect + 1-byte echo + close) / s over the whole loop",
		    conn_latency_ms_mean: "mean ms from connect() start to the echoed byte",
		    median: "medians over the repetitions (runs)"
		  },
		  capos: $C,
		  linux: $L,
		  ratios: {
		    meaning: "capOS / Linux of the medians: for MiB/s and conn/s > 1 means capOS is faster; for latency < 1 means capOS is faster. Host wall-clock figures: noisy (see bench/README.md)",
		    h2g_mib_s: ($C.median.h2g_mib_s / $L.median.h2g_mib_s | r4),
		    g2h_mib_s: ($C.median.g2h_mib_s / $L.median.g2h_mib_s | r4),
		    conn_per_s: ($C.median.conn_per_s / $L.median.conn_per_s | r4),
		    conn_latency_ms_mean: ($C.median.conn_latency_ms_mean / $L.median.conn_latency_ms_mean | r4)
		  }
		}' >"$OUT"

	log "wrote $(rel "$OUT") in $((SECONDS - t_start)) s"
	jq -r '"same machine flags: \(.config.same_machine_flags)",
	       "medians     h2g MiB/s  g2h MiB/s  conn/s  latency ms",
	       (["capOS ", (.capos.median | .h2g_mib_s, .g2h_mib_s, .conn_per_s, .conn_latency_ms_mean)] | join("  ")),
	       (["Linux ", (.linux.median | .h2g_mib_s, .g2h_mib_s, .conn_per_s, .conn_latency_ms_mean)] | join("  ")),
	       (["ratio ", (.ratios | .h2g_mib_s, .g2h_mib_s, .conn_per_s, .conn_latency_ms_mean)] | join("  "))' \
		"$OUT" >&2
	[[ $(jq .config.same_machine_flags "$OUT") == true ]] ||
		log "warning: capOS and Linux ran with different machine flags (see config in $(rel "$OUT"))"
}

main
