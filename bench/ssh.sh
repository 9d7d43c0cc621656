#!/usr/bin/env bash
# SSH side by side: capOS-C's SSH gateway and OpenSSH's sshd on a Debian
# Linux guest, in the same QEMU configuration, measured in one run with the
# same client (stock OpenSSH ssh; sshpass for passwords) and the same pinned
# algorithms; results and ratios capOS / Linux in one JSON file.
#
# Usage: bench/ssh.sh [--reps N] [--bulk-reps N] [--mib N] [--sessions K]
#                     [--cipher NAME] [--mac NAME] [--out FILE] [--linux-only]
#                     [--capos-pkg FILE] [--capos-password-file FILE]
#                     [--capos-key FILE]
#   defaults: 5 reps, 3 bulk reps of 64 MiB, 8 idle sessions, cipher "auto"
#   (the first of chacha20-poly1305@openssh.com, aes128-ctr, ... that the
#   capOS server offers), bench/results/ssh.json, <build>/guest/ssh.pkg
#
# Both guests boot through tools/capos-qemu --net --ssh-port {ssh}
# --https-port 0 --telnet-port 0 (same machine, NIC and forwards, plain TCG):
#   capOS  <build>/guest/ssh.pkg (target ssh_pkg), repacked by
#          bench/ssh_pkg.py with a fresh random operator password and a fresh
#          authorized ed25519 client key, unless --capos-password-file names
#          the password the package already accepts (then key auth only with
#          --capos-key, a private key it accepts). The shell's `whoami` is
#          the no-op command and `fill BYTES` the bulk source.
#   Linux  the Debian kernel of bench/linux with an initramfs of
#          `debootstrap --variant=minbase --include=openssh-server` (cached,
#          keyed by its inputs) plus /init = bench/linux/sshinit.c, which
#          loads virtio_net, sets 10.0.2.15/24 via 10.0.2.2 and runs sshd -D;
#          user bench, password and ed25519 key (cached with the rootfs).
# bench/ssh_client.py boots each once (capOS first: its offer picks the
# algorithms, which are then required of Linux) and measures: connection
# setup to the shell prompt (ssh -tt), `ssh host NOOP`, bulk output
# MiB/s, and guest memory per idle interactive session.
# Every run is bounded by timeout(1) (CAPOS_SSH_BENCH_TIMEOUT, default 900 s
# per system). A failed measurement (e.g. a short bulk transfer) is recorded
# in its place, the rest still runs, and the script writes FILE with
# "complete": false and exits 1; a boot failure stops it at once.
# Transcripts: ${CAPOS_CACHE:-<repo>/.cache}/capos-bench/runs/ssh-*.log.
# CAPOS_BENCH_NO_GIT=1: no git commands (the commit is read from .git,
# working_tree_dirty is null). Benchmarks are not tests: nothing here
# asserts on timing.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
BUILD=${CAPOS_BUILD_DIR:-$REPO/build}
CACHE_ROOT=${CAPOS_CACHE:-$REPO/.cache}
RUNS=$CACHE_ROOT/capos-bench/runs
CACHE=$CACHE_ROOT/linux-guest # the Linux guest's cache (bench/linux/common.sh)
OUT=$REPO/bench/results/ssh.json
TIMEOUT_S=${CAPOS_SSH_BENCH_TIMEOUT:-900}
REPS=5
BULK_REPS=3
MIB=64
SESSIONS=8
CIPHER=auto
MAC=auto
LINUX_ONLY=0
CAPOS_PKG=
CAPOS_PASSWORD_FILE=
CAPOS_KEY=
# What the capOS side looks like (the SSH gateway's shell).
CAPOS_PKG_TARGET=${CAPOS_SSH_PKG_TARGET:-ssh_pkg}
CAPOS_USER=${CAPOS_SSH_USER:-operator}
CAPOS_PROMPT=${CAPOS_SSH_PROMPT:-operator> }
CAPOS_NOOP=${CAPOS_SSH_NOOP:-whoami}
CAPOS_BULK=${CAPOS_SSH_BULK:-fill {bytes\}}
CAPOS_LOGOUT=${CAPOS_SSH_LOGOUT:-logout}
CAPOS_ERRORS=("KERNEL PANIC" "REFUSING TO BOOT" "user fault")
# The Linux side.
LINUX_USER=bench
LINUX_PROMPT='linux-bench$ '
LINUX_NOOP=true
LINUX_BULK='head -c {bytes} /dev/zero'
# rootfstype=ramfs: the initramfs's default tmpfs is capped at half of RAM
# less the initrd, which the ~86 MiB rootfs overflows ("Initramfs unpacking
# failed: write error"); ramfs has no cap.
LINUX_APPEND="console=ttyS0 quiet panic=-1 rootfstype=ramfs"
LINUX_ERRORS=("LINUX-SSH-ERROR" "Kernel panic")
HOST_PKGS=(qemu-system-x86 cpio gcc libc6-dev python3 jq coreutils openssh-client sshpass
	python3-pexpect debootstrap)
ORIG_ARGS=("$@")

log() { printf '[ssh-bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
usage() { sed -n '7,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

posint() { [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive number"; }
value() { [[ -n ${2:-} ]] || die "$1 needs a value"; }
while (($#)); do
	case $1 in
	--reps) posint "$1" "${2:-}"; REPS=$2; shift 2 ;;
	--bulk-reps) posint "$1" "${2:-}"; BULK_REPS=$2; shift 2 ;;
	--mib) posint "$1" "${2:-}"; MIB=$2; shift 2 ;;
	--sessions) posint "$1" "${2:-}"; SESSIONS=$2; shift 2 ;;
	--cipher) value "$1" "${2:-}"; CIPHER=$2; shift 2 ;;
	--mac) value "$1" "${2:-}"; MAC=$2; shift 2 ;;
	--out) value "$1" "${2:-}"; OUT=$2; shift 2 ;;
	--linux-only) LINUX_ONLY=1; shift ;;
	--capos-pkg) value "$1" "${2:-}"; CAPOS_PKG=$(realpath "$2"); shift 2 ;;
	--capos-password-file) value "$1" "${2:-}"; CAPOS_PASSWORD_FILE=$(realpath "$2"); shift 2 ;;
	--capos-key) value "$1" "${2:-}"; CAPOS_KEY=$(realpath "$2"); shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
[[ $OUT = /* ]] || OUT=$PWD/$OUT

# shellcheck source=bench/linux/common.sh
. "$SCRIPT_DIR/linux/common.sh"

# Sets COMMIT and DIRTY (JSON: true, false or null).
tree_state() {
	COMMIT=unknown DIRTY=null
	if [[ -z ${CAPOS_BENCH_NO_GIT:-} ]] && command -v git >/dev/null; then
		COMMIT=$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)
		DIRTY=false
		[[ -z $(git -C "$REPO" status --porcelain 2>/dev/null) ]] || DIRTY=true
		return 0
	fi
	local head ref
	head=$(cat "$REPO/.git/HEAD" 2>/dev/null) || return 0
	if [[ $head == "ref: "* ]]; then
		ref=${head#ref: }
		if [[ -f $REPO/.git/$ref ]]; then COMMIT=$(cat "$REPO/.git/$ref")
		else COMMIT=$(awk -v r="$ref" '$2 == r {print $1; exit}' "$REPO/.git/packed-refs" 2>/dev/null || true); fi
		[[ -n $COMMIT ]] || COMMIT=unknown
	else
		COMMIT=$head
	fi
}

# ---------------------------------------------------------------- Linux guest

# The Debian mirror apt already uses for the host's release (its name is
# never recorded).
apt_mirror() {
	local m try
	for try in 1 2; do
		# shellcheck disable=SC2016 # apt's own $(FIELD) syntax
		m=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' \
			'Component: main' 'Architecture: amd64' 2>/dev/null | awk -v s="$SUITE" '$2 == s {print $1; exit}')
		[[ -z $m && $try == 1 ]] || break
		apt_update_once
	done
	[[ -n $m ]] || die "apt knows no mirror for $SUITE main amd64 (apt-get update?)"
	printf '%s' "$m"
}

# sshd_rootfs_recipe ROOT CLIENT: ROOT becomes the guest's root file system
# for suite $SUITE; CLIENT holds the client's password and ed25519 key.
# Its text is part of the cache key: any change here rebuilds the rootfs.
sshd_rootfs_recipe() {
	local root=$1 client=$2 uid
	debootstrap --variant=minbase --include=openssh-server "$SUITE" "$root" "$(apt_mirror)" \
		>"$client/debootstrap.log" 2>&1 || { tail -n 30 "$client/debootstrap.log" >&2; die "debootstrap failed"; }
	# The client's credentials: a random password and an ed25519 key pair.
	(umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24 >"$client/password")
	ssh-keygen -q -t ed25519 -N '' -C ssh-bench-client -f "$client/id_ed25519"
	chroot "$root" useradd -m -s /bin/bash "$LINUX_USER"
	printf '%s:%s\n' "$LINUX_USER" "$(cat "$client/password")" | chroot "$root" chpasswd
	uid=$(chroot "$root" id -u "$LINUX_USER")
	install -d -m 700 -o "$uid" -g "$uid" "$root/home/$LINUX_USER/.ssh"
	install -m 600 -o "$uid" -g "$uid" "$client/id_ed25519.pub" \
		"$root/home/$LINUX_USER/.ssh/authorized_keys"
	printf "PS1='%s'\n" "$LINUX_PROMPT" >>"$root/home/$LINUX_USER/.bashrc"
	# What the guest never reads: apt's caches and lists, documentation,
	# translations, time zones, iconv modules (the cpio lives in guest RAM).
	rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc \
		"$root"/usr/share/man "$root"/usr/share/info "$root"/usr/share/locale \
		"$root"/usr/share/lintian "$root"/usr/share/bash-completion \
		"$root"/usr/share/common-licenses "$root"/usr/share/zoneinfo \
		"$root"/usr/lib/x86_64-linux-gnu/gconv
	rm -f "$root"/var/cache/debconf/*-old "$root"/var/log/*.log
}

# Post: SSHD_DIR = $CACHE/sshd/<key> with base.cpio (the rootfs, newc,
# uncompressed), client/{password,id_ed25519}, versions; SSHD_VERSION.
# key = hash of the suite, the candidate versions of openssh-server and
# libc6, debootstrap's version and the recipe's text.
ensure_sshd_rootfs() {
	SUITE=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
	[[ -n $SUITE ]] || die "cannot tell the host's Debian release"
	local v_ssh v_libc v_dbs key root
	v_ssh=$(apt-cache policy openssh-server | awk '/Candidate:/ {print $2; exit}')
	v_libc=$(apt-cache policy libc6 | awk '/Candidate:/ {print $2; exit}')
	v_dbs=$(dpkg-query -W -f='${Version}' debootstrap)
	[[ -n $v_ssh && $v_ssh != "(none)" ]] || die "no candidate version of openssh-server"
	key=$({ printf '%s\n' "$SUITE" "$v_ssh" "$v_libc" "$v_dbs" "$LINUX_USER" "$LINUX_PROMPT"
		declare -f sshd_rootfs_recipe; } | sha256sum | cut -c1-16)
	SSHD_DIR=$CACHE/sshd/$key
	SSHD_VERSION=$v_ssh
	[[ -f $SSHD_DIR/.complete ]] && return 0
	log "building the sshd rootfs ($SUITE, openssh-server $v_ssh; debootstrap, ~1 min)"
	rm -rf "$SSHD_DIR.part" && mkdir -p "$SSHD_DIR.part/client"
	chmod 700 "$SSHD_DIR.part/client"
	root=$SSHD_DIR.part/rootfs
	sshd_rootfs_recipe "$root" "$SSHD_DIR.part/client"
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) \
		>"$SSHD_DIR.part/base.cpio"
	# shellcheck disable=SC2016 # dpkg-query's ${field} syntax
	chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' >"$SSHD_DIR.part/packages"
	printf 'suite=%s\nopenssh-server=%s\nlibc6=%s\ndebootstrap=%s\nrootfs_kib=%s\n' \
		"$SUITE" "$v_ssh" "$v_libc" "$v_dbs" "$(du -sk "$root" | cut -f1)" >"$SSHD_DIR.part/versions"
	rm -rf "$root"
	touch "$SSHD_DIR.part/.complete"
	# older rootfs builds are of no further use
	find "$CACHE/sshd" -mindepth 1 -maxdepth 1 ! -name "$key.part" -exec rm -rf {} +
	mv "$SSHD_DIR.part" "$SSHD_DIR"
}

# Post: $CACHE/initramfs-sshd.cpio = base.cpio followed by a second archive
# with /init (bench/linux/sshinit.c) and the virtio modules in
# /usr/lib/modules/bench (real paths: /lib is a symlink in the rootfs, which
# an archive entry "lib" would replace).
build_sshd_initramfs() {
	local ov=$CACHE/initramfs-sshd-overlay
	rm -rf "$ov" && mkdir -p "$ov/usr/lib/modules/bench"
	gcc -static -O2 -Wall -Wextra -Werror -o "$ov/init" "$SCRIPT_DIR/linux/sshinit.c"
	cp "$NETMODS"/*.ko "$ov/usr/lib/modules/bench/"
	(cd "$ov" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
		>"$CACHE/initramfs-sshd-overlay.cpio"
	cat "$SSHD_DIR/base.cpio" "$CACHE/initramfs-sshd-overlay.cpio" >"$CACHE/initramfs-sshd.cpio"
}

setup_linux() {
	mkdir -p "$CACHE"
	CACHE=$(cd "$CACHE" && pwd)
	ensure_host_packages
	ensure_kernel
	ensure_net_modules
	ensure_sshd_rootfs
	build_sshd_initramfs
	log "Linux: $KPKG $KVER ($KIMG), openssh-server $SSHD_VERSION, initramfs $(($(stat -c %s "$CACHE/initramfs-sshd.cpio") >> 20)) MiB"
}

# ---------------------------------------------------------------- capOS guest

# Post: KERNEL, PKG (the package to boot), PKG_NOTE, CAPOS_PW (password file).
setup_capos() {
	log "building in $(rel "$BUILD")"
	cmake -S "$REPO" -B "$BUILD" >/dev/null
	local targets=(kernel mkmanifest mkbootpkg phc inspectd)
	if [[ -z $CAPOS_PKG ]] && make -C "$BUILD" help 2>/dev/null | grep -qx "\.\.\. $CAPOS_PKG_TARGET"; then
		targets+=("$CAPOS_PKG_TARGET")
	fi
	make -C "$BUILD" -j"$(nproc)" --no-print-directory "${targets[@]}" >/dev/null
	KERNEL=$BUILD/guest/kernel.bin
	local src=${CAPOS_PKG:-$BUILD/guest/ssh.pkg}
	[[ -f $KERNEL ]] || die "build did not produce $(rel "$KERNEL")"
	[[ -f $src ]] || die "no capOS SSH package $(rel "$src") (build target '$CAPOS_PKG_TARGET' \
missing?); give --capos-pkg FILE, or --linux-only to measure Linux alone"
	if [[ -n $CAPOS_PASSWORD_FILE ]]; then
		PKG=$src CAPOS_PW=$CAPOS_PASSWORD_FILE
		PKG_NOTE="$(rel "$src") as built; password from --capos-password-file"
		return 0
	fi
	WORK=$(mktemp -d "$RUNS/ssh-capos-pkg.XXXXXX")
	PKG=$WORK/ssh-bench.pkg CAPOS_PW=$WORK/operator.password
	local keys=()
	if [[ -z $CAPOS_KEY ]]; then
		CAPOS_KEY=$WORK/id_ed25519
		ssh-keygen -q -t ed25519 -N '' -C ssh-bench-client -f "$CAPOS_KEY"
		keys=(--authorized-key "$CAPOS_KEY.pub")
	fi
	/usr/bin/python3 "$SCRIPT_DIR/ssh_pkg.py" --pkg "$src" --out "$PKG" --password-out "$CAPOS_PW" \
		--account "$CAPOS_USER" "${keys[@]}" \
		--inspector "$BUILD/guest/bin/inspectd" \
		--inspector-system "$REPO/tests/qemu/telnet/inspect.system" \
		--mkmanifest "$BUILD/tools/mkmanifest/mkmanifest" \
		--mkbootpkg "$BUILD/tools/mkbootpkg/mkbootpkg" --phc "$BUILD/tools/phc/phc" >&2
	PKG_NOTE="$(rel "$src") repacked by bench/ssh_pkg.py with a fresh random $CAPOS_USER password${keys:+ and a fresh authorized ed25519 key}, plus the test inspector (memory readings)"
}

# ---------------------------------------------------------------- runs

# measure NAME DIR CLIENT-ARGS... -- CAPOS-QEMU-ARGS...: bench/ssh_client.py
# (cwd DIR); its JSON goes to $RUNS/ssh-NAME.json, the transcript to
# $RUNS/ssh-NAME.log. Status 3 (some measurements failed, the JSON says
# which) adds NAME to INCOMPLETE and the run goes on; others end it.
measure() {
	local name=$1 dir=$2 rc=0
	shift 2
	log "$name: booting and measuring ($REPS reps, $BULK_REPS x $MIB MiB, $SESSIONS idle sessions)"
	(cd "$dir" && timeout --kill-after=10 "$TIMEOUT_S" /usr/bin/python3 "$SCRIPT_DIR/ssh_client.py" \
		--name "$name" --transcript "$RUNS/ssh-$name.log" \
		--reps "$REPS" --bulk-reps "$BULK_REPS" --mib "$MIB" --sessions "$SESSIONS" "$@") \
		>"$RUNS/ssh-$name.json" || rc=$?
	if ((rc == 3)); then
		log "$name: some measurements failed (see .$name.errors in the JSON); going on"
		INCOMPLETE+=("$name")
	elif ((rc != 0)); then
		die "$name run failed (status above; transcript $RUNS/ssh-$name.log; 124 = timeout ${TIMEOUT_S}s)"
	fi
}

main() {
	local t_start=$SECONDS
	for tool in jq timeout cmake make; do
		command -v "$tool" >/dev/null || die "$tool not found"
	done
	mkdir -p "$RUNS" "$(dirname "$OUT")"
	WORK=
	INCOMPLETE=()
	trap '[[ -z $WORK ]] || rm -rf "$WORK"' EXIT
	tree_state
	setup_linux
	((LINUX_ONLY)) || setup_capos

	local ports=(--net --ssh-port '{ssh}' --https-port 0 --telnet-port 0)
	local example=(--net --ssh-port 2222 --https-port 0 --telnet-port 0)
	local linux_args=(vmlinuz initramfs-sshd.cpio)
	local linux_tail=(-- -append "$LINUX_APPEND")
	local algos=(--cipher "$CIPHER" --mac "$MAC")
	local err e
	rm -f "$RUNS/ssh-capos.json" "$RUNS/ssh-linux.json"

	if ((!LINUX_ONLY)); then
		err=()
		for e in "${CAPOS_ERRORS[@]}"; do err+=(--error "$e"); done
		local ckey=()
		[[ -z $CAPOS_KEY ]] || ckey=(--key "$CAPOS_KEY")
		measure capos "$REPO" --user "$CAPOS_USER" --prompt "$CAPOS_PROMPT" \
			--password-file "$CAPOS_PW" "${ckey[@]}" --noop "$CAPOS_NOOP" \
			--bulk-cmd "$CAPOS_BULK" --logout "$CAPOS_LOGOUT" --memory capos "${err[@]}" \
			"${algos[@]}" -- "$REPO/tools/capos-qemu" "$KERNEL" "$PKG" "${ports[@]}" \
			--forward "{inspect}:79"
		# Linux must run what capOS negotiated.
		algos=(--cipher "$(jq -r .algorithms.cipher "$RUNS/ssh-capos.json")"
			--kex "$(jq -r .algorithms.kex "$RUNS/ssh-capos.json")"
			--hostkey "$(jq -r .algorithms.hostkey "$RUNS/ssh-capos.json")"
			--mac "$(jq -r '.algorithms.mac // "auto"' "$RUNS/ssh-capos.json")")
	fi
	err=()
	for e in "${LINUX_ERRORS[@]}"; do err+=(--error "$e"); done
	measure linux "$CACHE" --user "$LINUX_USER" --prompt "$LINUX_PROMPT" \
		--password-file "$SSHD_DIR/client/password" --key "$SSHD_DIR/client/id_ed25519" \
		--noop "$LINUX_NOOP" --bulk-cmd "$LINUX_BULK" --logout exit --memory linux "${err[@]}" \
		"${algos[@]}" -- "$REPO/tools/capos-qemu" "${linux_args[@]}" "${ports[@]}" "${linux_tail[@]}"

	write_json "$((SECONDS - t_start))"
	log "wrote $(rel "$OUT") in $((SECONDS - t_start)) s"
	report
	((${#INCOMPLETE[@]} == 0)) || die "incomplete: measurements of ${INCOMPLETE[*]} failed (.complete is false)"
}

write_json() {
	local wall=$1 cargv=null largv ccmd=null lcmd cmdline capos='null' kernel_rel
	largv=$(qemu_argv_json "$CACHE" "${linux_args[@]}" "${example[@]}" "${linux_tail[@]}")
	lcmd="tools/capos-qemu ${linux_args[*]} ${ports[*]} -- -append \"$LINUX_APPEND\""
	if ((!LINUX_ONLY)); then
		kernel_rel=$(rel "$KERNEL")
		cargv=$(qemu_argv_json "$REPO" "$kernel_rel" ssh-bench.pkg "${example[@]}" |
			jq --arg b "$BUILD/" 'map(if startswith($b) then "<build>/" + .[($b | length):] else . end)')
		ccmd=$(jq -n --arg c "tools/capos-qemu $kernel_rel <package> ${ports[*]}" '$c')
		capos=$(cat "$RUNS/ssh-capos.json")
	fi
	cmdline="bench/ssh.sh${ORIG_ARGS[*]:+ $(printf '%q ' "${ORIG_ARGS[@]}")}"
	cmdline=${cmdline% }
	[[ $BUILD == "$REPO"/* ]] || cmdline=${cmdline//"$BUILD"\//<build>/}
	cmdline=${cmdline//"$REPO"\//}

	jq -n \
		--arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		--arg cmdline "$cmdline" \
		--arg commit "$COMMIT" --argjson dirty "$DIRTY" \
		--arg cpu "$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
		--argjson ncpu "$(nproc)" \
		--arg qver "$(qemu-system-x86_64 --version | head -n1)" \
		--arg sshver "$(ssh -V 2>&1)" \
		--arg sshpassver "$(sshpass -V | head -n1)" \
		--argjson ccmd "$ccmd" --arg lcmd "$lcmd" \
		--argjson cargv "$cargv" --argjson largv "$largv" \
		--arg pkgnote "${PKG_NOTE:-}" \
		--arg kpkg "$KPKG" --arg kver "$KVER" --arg kimg "$KIMG" \
		--arg mods "$(cd "$NETMODS" && echo *.ko)" \
		--rawfile versions "$SSHD_DIR/versions" \
		--argjson timeout "$TIMEOUT_S" \
		--argjson capos "$capos" --slurpfile l "$RUNS/ssh-linux.json" \
		--argjson wall "$wall" \
		--argjson incomplete "$(printf '%s\n' "${INCOMPLETE[@]}" | jq -R 'select(length > 0)' | jq -s .)" \
		--arg cuser "$CAPOS_USER" --arg cnoop "$CAPOS_NOOP" --arg cbulk "$CAPOS_BULK" \
		--arg luser "$LINUX_USER" --arg lnoop "$LINUX_NOOP" --arg lbulk "$LINUX_BULK" \
		'def r4: . * 10000 | round / 10000;
		# machine flags: argv without the program and the -kernel/-initrd/-append pairs
		def machine: [foreach .[1:][] as $a ({skip: false, out: null};
		    if .skip then {skip: false, out: null}
		    elif ($a | IN("-kernel", "-initrd", "-append")) then {skip: true, out: null}
		    else {skip: false, out: $a} end; .out) | select(. != null)];
		$l[0] as $L |
		def ratio(f): ($capos | if . == null then null else f end) as $c | ($L | f) as $x |
		    if $c == null or $x == null or $x == 0 then null else ($c / $x | r4) end;
		($versions | [splits("\n") | select(length > 0) | split("=") | {(.[0]): .[1]}] | add) as $V |
		{
		  schema: "capos-ssh-bench/1",
		  complete: ($incomplete | length == 0),
		  incomplete_systems: $incomplete,
		  date: $date,
		  produced_by: $cmdline,
		  run_wall_s: $wall,
		  source: {commit: $commit, working_tree_dirty: $dirty},
		  host: {cpu_model: $cpu, nproc: $ncpu, qemu_version: $qver,
		         client: $sshver, sshpass: $sshpassver},
		  config: {
		    capos: (if $capos == null then {skipped: "--linux-only"} else
		            {command: $ccmd, cwd: "<repo>", package: $pkgnote, user: $cuser,
		             noop: $cnoop, bulk: $cbulk} end),
		    linux: {command: $lcmd, cwd: "${CAPOS_CACHE:-<repo>/.cache}/linux-guest",
		            kernel_package: $kpkg, kernel_package_version: $kver, vmlinuz: $kimg,
		            initramfs: "initramfs-sshd.cpio: debootstrap --variant=minbase --include=openssh-server \($V.suite) (docs, locales, apt lists trimmed; newc, uncompressed) + /init = bench/linux/sshinit.c (gcc -static -O2) + modules",
		            debootstrap: $V.debootstrap, openssh_server: $V["openssh-server"],
		            libc6: $V.libc6, rootfs_kib: ($V.rootfs_kib | tonumber),
		            modules: ($mods | split(" ")), address: "10.0.2.15/24 via 10.0.2.2, static",
		            sshd: "/usr/sbin/sshd -D -e, Debian default sshd_config (UsePAM yes)",
		            password_hash: "yescrypt (chpasswd default in Debian 12; PAM pam_unix)",
		            user: $luser, noop: $lnoop, bulk: $lbulk},
		    ports: "{ssh} is a free loopback port picked per boot (capos.host_port, linux.host_port), forwarded to guest port 22; qemu_argv shows it as 2222",
		    capos_qemu_argv: $cargv, linux_qemu_argv: $largv,
		    capos_machine_flags: (if $cargv == null then null else ($cargv | machine) end),
		    linux_machine_flags: ($largv | machine),
		    same_machine_flags: (if $cargv == null then null else (($cargv | machine) == ($largv | machine)) end),
		    algorithms: {capos: ($capos | if . == null then null else .algorithms end),
		                 linux: $L.algorithms,
		                 same: (if $capos == null then null else $capos.algorithms == $L.algorithms end)},
		    cipher: $L.algorithms.cipher,
		    timeout_s_per_system: $timeout,
		    driver: "bench/ssh_client.py"
		  },
		  units: {
		    boot_to_ssh_ready_s: "host s from QEMU spawn to the first server KEXINIT read on the forwarded port (polled one connection at a time every 0.5 s)",
		    setup_to_prompt_s: "host s from spawning `ssh -tt` (through sshpass for password) to the shell prompt on its pty",
		    noop_s: "host s from spawning `ssh host NOOP` to its exit",
		    bulk_mib_s: "MiB of the bulk command output read from ssh stdout / s from the first byte to EOF (mib_s_including_setup: from spawn)",
		    memory_per_session_kib: "(guest used KiB with K idle interactive sessions - before) / K",
		    median: "over the repetitions; samples are kept"
		  },
		  capos: $capos,
		  linux: $L,
		  ratios: {
		    meaning: "capOS / Linux of the medians, with password auth (*_key: ed25519 key auth); the bulk stream runs with key auth where the system has a key, the idle sessions are password sessions: for times and memory < 1 means capOS is cheaper; for MiB/s > 1 means capOS is faster. Host wall-clock figures: noisy (see bench/README.md)",
		    setup_to_prompt_s: ratio(.setup_to_prompt_s.password.median),
		    noop_s: ratio(.noop_s.password.median),
		    setup_to_prompt_s_key: ratio(.setup_to_prompt_s.key.median),
		    noop_s_key: ratio(.noop_s.key.median),
		    bulk_mib_s: ratio(.bulk.mib_s.median),
		    memory_per_session_kib: ratio(.memory.per_session_kib),
		    boot_to_ssh_ready_s: ratio(.boot_to_ssh_ready_s)
		  }
		}' >"$OUT"
}

report() {
	jq -r '"cipher: \(.config.cipher)   same machine flags: \(.config.same_machine_flags)   same algorithms: \(.config.algorithms.same)",
	       "            ready s  prompt s (pw/key)   noop s (pw/key)   bulk MiB/s  KiB/session",
	       (["capos", "linux"][] as $s | .[$s] as $r |
	        if $r == null then "\($s)   (not run)" else
	        "\($s)   \($r.boot_to_ssh_ready_s)   \($r.setup_to_prompt_s.password.median)/\($r.setup_to_prompt_s.key.median // "-")   \($r.noop_s.password.median)/\($r.noop_s.key.median // "-")   \($r.bulk.mib_s.median)   \($r.memory.per_session_kib)" end),
	       "ratio   \(.ratios | "\(.boot_to_ssh_ready_s)   \(.setup_to_prompt_s)   \(.noop_s)   \(.bulk_mib_s)   \(.memory_per_session_kib)")"' \
		"$OUT" >&2
	[[ $(jq .config.same_machine_flags "$OUT") != false ]] ||
		log "warning: capOS and Linux ran with different machine flags (see config in $(rel "$OUT"))"
}

main
