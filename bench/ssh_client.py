#!/usr/bin/python3
"""Host side of the SSH benchmark (bench/ssh.sh): boots one guest, measures
its SSH server through the forwarded port with the stock OpenSSH client,
stops it, and prints one JSON object.

Usage: ssh_client.py --name NAME --transcript FILE --user USER --prompt TEXT
           --password-file FILE [--key FILE] [--noop CMD] [--bulk-cmd CMD]
           [--logout CMD] [--memory linux|capos] [--error TEXT]...
           [--cipher auto|NAME] [--mac auto|NAME] [--kex auto|NAME]
           [--hostkey auto|NAME] [--reps N] [--bulk-reps N] [--mib N]
           [--sessions K] [--boot-timeout S] [--timeout S] -- CMD [ARG...]

CMD is a tools/capos-qemu --net command line; the argument {ssh} is replaced
by a free loopback port (forwarded to guest port 22). Readiness: one
connection at a time (never a burst: sshd's MaxStartups), each reading the
server's identification line and its unencrypted KEXINIT, which also says
which algorithms the server offers. "auto" picks, per algorithm kind, the
first of PREFERENCE that the server offers and the local ssh supports; a
named algorithm the server does not offer is an error. The algorithms are
pinned on every ssh command line (Ciphers, MACs, KexAlgorithms,
HostKeyAlgorithms), so two guests measured with the same choice run the
same cryptography.

Measurements, for each authentication method given (password through
sshpass -f, always; ed25519 key with --key), after one warm-up connection:
  setup_to_prompt   `ssh -tt`, host s from spawning ssh to the shell prompt
                    (pexpect), then the logout command; median of --reps
  noop              `ssh host NOOP`, host s from spawn to exit; median of --reps
  bulk              `ssh host BULK` (BULK has {bytes} = --mib MiB), stdout
                    counted: MiB/s from the first byte to EOF, and from
                    spawn to EOF; median of --bulk-reps (last method: the
                    key where there is one)
  memory            guest used memory before and after opening --sessions
                    idle interactive password sessions one after another
                    (readings over the last method):
                    linux: MemTotal - MemAvailable of /proc/meminfo (read
                    with `ssh host cat /proc/meminfo`); capos: the hook
                    capos_memory_reading() below (none yet: null)
A failed measurement (a short bulk transfer, no prompt, an ssh error or
timeout) is recorded as {"error": ...} in its place and in "errors", the
other measurements still run, and the exit status is 3 (JSON printed).
A boot or warm-up failure, a line containing an --error text in the serial
transcript, or a signal exits 1 with the transcript tail on stderr. The transcript (host
ms since spawn, then the line) goes to FILE. No timing assertions.
"""
import argparse
import json
import os
import re
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time

import pexpect

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "qemu", "pylib"))
from host_ports import free_ports  # noqa: E402
from serial_guest import Guest  # noqa: E402

MIB = 1 << 20
PORT_FAIL = "host forwarding"  # QEMU: "Could not set up host forwarding rule"
PROBE_BANNER = b"SSH-2.0-capos_bench_probe\r\n"
AEAD = ("chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com")
# Preference order of "auto". qemu64 has no AES-NI, so ChaCha20-Poly1305 first.
PREFERENCE = {
    "cipher": ["chacha20-poly1305@openssh.com", "aes128-ctr", "aes128-gcm@openssh.com",
               "aes256-ctr", "aes256-gcm@openssh.com"],
    "mac": ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-256", "umac-64-etm@openssh.com",
            "hmac-sha2-512-etm@openssh.com", "hmac-sha2-512"],
    "kex": ["curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
            "diffie-hellman-group14-sha256"],
    "hostkey": ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256", "rsa-sha2-512"],
}
QUERY = {"cipher": "cipher", "mac": "mac", "kex": "kex", "hostkey": "key"}


class Failure(Exception):
    pass


def log(msg):
    print("[ssh-client] %s" % msg, file=sys.stderr, flush=True)


# ---- the server's identification and KEXINIT (RFC 4253 4.2, 7.1) ----

def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise Failure("connection closed after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def recv_line(s, limit=255):
    line = b""
    while not line.endswith(b"\n"):
        if len(line) > limit:
            raise Failure("identification line longer than %d bytes" % limit)
        line += recv_exact(s, 1)
    return line.rstrip(b"\r\n")


def probe(port, timeout):
    """(identification, {kind: [names]}) of the server behind port."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        for _ in range(20):  # lines before the identification are allowed
            line = recv_line(s)
            if line.startswith(b"SSH-"):
                break
        else:
            raise Failure("no SSH identification line")
        s.sendall(PROBE_BANNER)
        length, = struct.unpack(">I", recv_exact(s, 4))
        if not 16 <= length <= 35000:
            raise Failure("implausible first packet length %d" % length)
        packet = recv_exact(s, length)
    payload = packet[1:length - packet[0]]
    if not payload or payload[0] != 20:
        raise Failure("first packet is not KEXINIT")
    pos, lists = 17, []
    for _ in range(10):
        n, = struct.unpack_from(">I", payload, pos)
        lists.append(payload[pos + 4:pos + 4 + n].decode("ascii", "replace").split(","))
        pos += 4 + n
    offer = {"kex": lists[0], "hostkey": lists[1], "cipher_c2s": lists[2],
             "cipher_s2c": lists[3], "mac_c2s": lists[4], "mac_s2c": lists[5],
             "compression_c2s": lists[6], "compression_s2c": lists[7]}
    return line.decode("utf-8", "replace"), offer


def offered(offer, kind):
    if kind in ("cipher", "mac"):
        return [x for x in offer[kind + "_c2s"] if x in offer[kind + "_s2c"]]
    return offer[kind]


def client_supports(kind):
    out = subprocess.run(["ssh", "-Q", QUERY[kind]], capture_output=True, text=True, check=True)
    return out.stdout.split()


def choose(a, offer):
    """The pinned algorithms: {kind: name}; mac is None with an AEAD cipher."""
    chosen = {}
    for kind in ("cipher", "mac", "kex", "hostkey"):
        want = getattr(a, kind)
        if kind == "mac" and chosen["cipher"] in AEAD:
            chosen[kind] = None
            continue
        server, client = offered(offer, kind), client_supports(kind)
        if want == "auto":
            pick = next((x for x in PREFERENCE[kind] if x in server and x in client), None)
            if pick is None:
                raise Failure("no %s both sides support: server offers %s" % (kind, server))
        else:
            if want not in server:
                raise Failure("server does not offer %s %s (it offers %s)" % (kind, want, server))
            if want not in client:
                raise Failure("the local ssh does not support %s %s" % (kind, want))
            pick = want
        chosen[kind] = pick
    return chosen


# ---- the OpenSSH client ----

class Ssh:
    """Command lines of the stock OpenSSH client against one guest."""

    def __init__(self, a, port, algos):
        self.a, self.port, self.algos = a, port, algos
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("SSH_", "LC_")) and k != "DISPLAY"}
        self.env.update({"TERM": "vt100", "LANG": "C"})

    def argv(self, method, flags=(), command=None, verbose=False):
        o = ["-F", "/dev/null", "-p", str(self.port),
             "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "GlobalKnownHostsFile=/dev/null", "-o", "UpdateHostKeys=no",
             "-o", "LogLevel=" + ("DEBUG1" if verbose else "ERROR"),
             "-o", "ConnectTimeout=%d" % self.a.timeout, "-o", "ControlMaster=no",
             "-o", "ControlPath=none", "-o", "Compression=no", "-o", "ForwardAgent=no",
             "-o", "ForwardX11=no", "-o", "IdentityAgent=none", "-o", "IdentitiesOnly=yes",
             "-o", "Ciphers=" + self.algos["cipher"],
             "-o", "KexAlgorithms=" + self.algos["kex"],
             "-o", "HostKeyAlgorithms=" + self.algos["hostkey"]]
        if self.algos["mac"]:
            o += ["-o", "MACs=" + self.algos["mac"]]
        if method == "key":
            o += ["-i", self.a.key, "-o", "PreferredAuthentications=publickey",
                  "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
                  "-o", "BatchMode=yes"]
            pre = []
        else:
            o += ["-o", "PreferredAuthentications=password,keyboard-interactive",
                  "-o", "PubkeyAuthentication=no", "-o", "IdentityFile=none",
                  "-o", "NumberOfPasswordPrompts=1"]
            pre = ["sshpass", "-f", self.a.password_file]
        return (pre + ["ssh"] + o + list(flags) + [self.a.user + "@127.0.0.1"] +
                ([command] if command is not None else []))

    def run(self, method, command, verbose=False):
        """(seconds, stdout bytes, stderr text) of `ssh host command`."""
        argv = self.argv(method, ["-T"], command, verbose=verbose)
        t0 = time.monotonic()
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=self.env,
                           timeout=self.a.timeout)
        took = time.monotonic() - t0
        if p.returncode != 0:
            raise Failure("`ssh %s` (%s) exited %d: %s" % (
                command, method, p.returncode, p.stderr.decode("utf-8", "replace")[-400:]))
        return took, p.stdout, p.stderr.decode("utf-8", "replace")

    def interactive(self, method):
        """(seconds to the prompt, pexpect child at the prompt)."""
        argv = self.argv(method, ["-tt"])
        t0 = time.monotonic()
        child = pexpect.spawn(argv[0], argv[1:], env=self.env, dimensions=(24, 80),
                              timeout=self.a.timeout)
        try:
            child.expect_exact(self.a.prompt.encode())
        except (pexpect.TIMEOUT, pexpect.EOF):
            seen = (child.before or b"")[-300:].decode("utf-8", "replace")
            child.close(force=True)
            raise Failure("no prompt %r on an interactive %s session; saw %r" % (
                self.a.prompt, method, seen))
        return time.monotonic() - t0, child

    def close(self, child):
        try:
            child.send(self.a.logout.encode() + b"\r")
            child.expect(pexpect.EOF, timeout=30)
        except (pexpect.TIMEOUT, OSError):
            pass
        child.close(force=True)

    def bulk(self, method, command, expected):
        argv = self.argv(method, ["-T"], command)
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=self.env)
        got, first = 0, None
        fd = p.stdout.fileno()
        deadline = t0 + self.a.timeout + expected / (64 * 1024)  # >= 64 KiB/s
        try:
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                if first is None:
                    first = time.monotonic()
                got += len(chunk)
                if time.monotonic() > deadline:
                    raise Failure("bulk transfer too slow: %d bytes by the deadline" % got)
            end = time.monotonic()
            err = p.stderr.read().decode("utf-8", "replace")
            rc = p.wait(self.a.timeout)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        if rc != 0 or got < expected or first is None:
            raise Failure("bulk `%s`: exit %d, %d of %d bytes: %s" % (command, rc, got, expected,
                                                                       err[-300:]))
        stream = end - first
        return {"bytes": got, "stream_s": round(stream, 4), "total_s": round(end - t0, 4),
                "mib_s": round(got / MIB / stream, 3),
                "mib_s_including_setup": round(got / MIB / (end - t0), 3)}


def negotiated(stderr):
    """What `ssh -o LogLevel=DEBUG1` says was negotiated."""
    out = {}
    for key, pat in (("kex", r"kex: algorithm: (\S+)"),
                     ("hostkey", r"kex: host key algorithm: (\S+)"),
                     ("server_to_client", r"kex: server->client cipher: (.*)"),
                     ("client_to_server", r"kex: client->server cipher: (.*)"),
                     ("auth", r"Authenticated to .* using \"([^\"]+)\""),
                     ("server_version", r"Remote protocol version [^,]*, remote software "
                                        r"version (.*)")):
        m = re.search(pat, stderr)
        out[key] = m.group(1).strip() if m else None
    return out


# ---- guest memory readings (KiB) ----

def linux_memory_reading(ctx):
    """MemTotal - MemAvailable of the guest's /proc/meminfo, in KiB."""
    _, out, _ = ctx.ssh.run(ctx.method, "cat /proc/meminfo")
    info = {}
    for line in out.decode().splitlines():
        m = re.match(r"(\w+):\s+(\d+) kB", line)
        if m:
            info[m.group(1)] = int(m.group(2))
    return {"used_kib": info["MemTotal"] - info["MemAvailable"], "mem_total_kib": info["MemTotal"],
            "mem_available_kib": info["MemAvailable"], "mem_free_kib": info["MemFree"]}


def capos_memory_reading(ctx):
    """Frames in use on capOS since init started, in KiB: the kernel's free
    frames at init's start (its boot line) less the free frames the test
    inspector reports now (SystemInspect.memory, port 79 forwarded to
    ctx.inspect_port); None without the inspector."""
    if not ctx.inspect_port:
        return None
    boot = [ln for ln in ctx.guest.grep("free frames)")]
    m = re.search(r"\((\d+) free frames\)", boot[0]) if boot else None
    with socket.create_connection(("127.0.0.1", ctx.inspect_port), timeout=10) as s:
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(512)
            if not chunk:
                break
            data += chunk
    counts = dict(kv.split("=") for kv in data.decode().split())
    if not m or "free_kib" not in counts:
        return None
    at_init = int(m.group(1)) * 4
    return {"used_kib": at_init - int(counts["free_kib"]), "free_kib": int(counts["free_kib"]),
            "free_kib_at_init": at_init}


MEMORY_READERS = {"linux": linux_memory_reading, "capos": capos_memory_reading}


class Ctx:
    def __init__(self, guest, ssh, method, inspect_port=None):
        self.guest, self.ssh, self.method = guest, ssh, method
        self.inspect_port = inspect_port


def summary(samples, nd=4):
    return {"median": round(statistics.median(samples), nd),
            "min": round(min(samples), nd), "max": round(max(samples), nd),
            "samples": [round(x, nd) for x in samples]}


# ---- the run ----

def check_errors(guest, a):
    bad = [line for e in a.error for line in guest.grep(e)]
    if bad:
        raise Failure("error lines in the transcript: %s" % bad[:5], guest)


def boot(cmd, a):
    """(guest, port, host s to the first KEXINIT, identification, offer)."""
    for _ in range(3):
        port, iport = free_ports(2)
        argv = [arg.replace("{ssh}", str(port)).replace("{inspect}", str(iport)) for arg in cmd]
        a.inspect_port = iport if any("{inspect}" in arg for arg in cmd) else None
        guest = Guest(argv, a.transcript)
        deadline = time.monotonic() + a.boot_timeout
        while time.monotonic() < deadline and not guest.exited():
            check_errors(guest, a)
            try:
                ident, offer = probe(port, 5)
                return guest, port, time.monotonic() - guest.t0, ident, offer
            except (OSError, Failure):
                time.sleep(0.5)  # one probe at a time
        time.sleep(0.5)  # the last lines
        check_errors(guest, a)
        guest.stop()
        if not any(PORT_FAIL in line.lower() for line in guest.tail()):
            raise Failure("no SSH server on guest port 22 within %d s" % a.boot_timeout, guest)
    raise Failure("no free host port for the forward", guest)


def phase(res, key, fn):
    """res[key] = fn(); a Failure (or an ssh timeout) becomes {"error": ...}
    in res[key] and res["errors"], and the next phase still runs."""
    try:
        res[key] = fn()
    except (Failure, subprocess.TimeoutExpired, pexpect.ExceptionPexpect) as e:
        msg = "%s: %s" % (key, e.args[0] if e.args else e)
        log("FAILED " + msg)
        res[key] = {"error": msg}
        res.setdefault("errors", []).append(msg)


def measure(guest, a, port, offer):
    algos = choose(a, offer)
    ssh = Ssh(a, port, algos)
    methods = ["password"] + (["key"] if a.key else [])
    log("algorithms: %s; methods: %s" % (algos, methods))
    # warm-up, verbose: what was negotiated
    _, out, err = ssh.run(methods[0], a.noop, verbose=True)
    res = {"algorithms": algos, "negotiated": negotiated(err), "methods": methods,
           "noop_output": out.decode("utf-8", "replace").strip()[:200]}

    def prompt(m):
        samples = []
        for _ in range(a.reps):
            took, child = ssh.interactive(m)
            ssh.close(child)
            samples.append(took)
        log("%s: prompt after %s s (median %.3f)" % (m, [round(x, 4) for x in samples],
                                                     statistics.median(samples)))
        return summary(samples)

    def noop(m):
        samples = [ssh.run(m, a.noop)[0] for _ in range(a.reps)]
        log("%s: `%s` took %s s (median %.3f)" % (m, a.noop, [round(x, 4) for x in samples],
                                                 statistics.median(samples)))
        return summary(samples)

    res["setup_to_prompt_s"], res["noop_s"] = {}, {"command": a.noop}
    for m in methods:
        phase(res["setup_to_prompt_s"], m, lambda: prompt(m))
        phase(res["noop_s"], m, lambda: noop(m))
    phase(res, "bulk", lambda: bulk(ssh, a, methods[-1]))
    phase(res, "memory", lambda: idle_sessions(guest, ssh, a, methods[-1]))
    errors = res["setup_to_prompt_s"].pop("errors", []) + res["noop_s"].pop("errors", []) + \
        res.pop("errors", [])
    if errors:
        res["errors"] = errors
    return res


def bulk(ssh, a, method):
    nbytes = a.mib * MIB
    command = a.bulk_cmd.format(bytes=nbytes)
    runs = []
    for _ in range(a.bulk_reps):
        runs.append(ssh.bulk(method, command, nbytes))
        log("bulk: %d bytes at %.2f MiB/s (%.2f with setup)" % (
            runs[-1]["bytes"], runs[-1]["mib_s"], runs[-1]["mib_s_including_setup"]))
    return {"command": command, "method": method, "bytes_expected": nbytes,
            "mib_s": summary([r["mib_s"] for r in runs], 3),
            "mib_s_including_setup": summary([r["mib_s_including_setup"] for r in runs], 3),
            "runs": runs}


def idle_sessions(guest, ssh, a, reading_method):
    read = MEMORY_READERS[a.memory]
    ctx = Ctx(guest, ssh, reading_method, getattr(a, "inspect_port", None))
    time.sleep(a.settle)
    before = read(ctx)
    children = []
    try:
        for _ in range(a.sessions):  # one after another, as people log in
            children.append(ssh.interactive("password")[1])
        time.sleep(a.settle)
        after = read(ctx)
    finally:
        for c in children:
            ssh.close(c)
    out = {"sessions": a.sessions, "session_method": "password", "reader": read.__name__,
           "settle_s": a.settle, "before": before, "after": after}
    if before is None or after is None:
        out["per_session_kib"] = None
        out["note"] = "no reading for this guest (%s returned None)" % read.__name__
    else:
        out["per_session_kib"] = round((after["used_kib"] - before["used_kib"]) / a.sessions, 1)
    log("memory per idle session: %s KiB" % out["per_session_kib"])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--transcript", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--prompt", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--key")
    ap.add_argument("--noop", default="true")
    ap.add_argument("--bulk-cmd", default="head -c {bytes} /dev/zero")
    ap.add_argument("--logout", default="exit")
    ap.add_argument("--memory", choices=sorted(MEMORY_READERS), default="linux")
    ap.add_argument("--error", action="append", default=[])
    for kind in ("cipher", "mac", "kex", "hostkey"):
        ap.add_argument("--" + kind, default="auto")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--bulk-reps", type=int, default=3)
    ap.add_argument("--mib", type=int, default=64)
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--settle", type=float, default=3.0)
    ap.add_argument("--boot-timeout", type=float, default=180)
    ap.add_argument("--timeout", type=int, default=120, help="bound of each ssh step (s)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("missing command")

    def on_term(signum, _frame):
        raise Failure("stopped by signal %d" % signum)

    signal.signal(signal.SIGTERM, on_term)
    guest = None
    try:
        guest, port, ready_s, ident, offer = boot(cmd, a)
        log("%s: %s ready after %.1f s" % (a.name, ident, ready_s))
        res = measure(guest, a, port, offer)
        time.sleep(0.5)
        check_errors(guest, a)
    except (Failure, OSError, subprocess.SubprocessError, pexpect.ExceptionPexpect) as e:
        log("FAILED: %s" % (e.args[0] if e.args else e))
        if guest is None and isinstance(e, Failure) and len(e.args) > 1:
            guest = e.args[1]
        if guest is not None:
            guest.stop()
            print("----- transcript tail -----\n%s\n---------------------------" %
                  "\n".join(guest.tail()), file=sys.stderr)
        return 1
    guest.stop()
    if res.get("errors"):
        log("%d measurement(s) failed; the others are in the JSON" % len(res["errors"]))
        print("----- transcript tail -----\n%s\n---------------------------" %
              "\n".join(guest.tail(20)), file=sys.stderr)
    out = {"system": a.name, "host_port": port, "boot_to_ssh_ready_s": round(ready_s, 3),
           "server_identification": ident, "server_offer": offer,
           "reps": a.reps, "bulk_reps": a.bulk_reps, "mib": a.mib}
    out.update(res)
    json.dump(out, sys.stdout, indent=1)
    print()
    return 3 if res.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
