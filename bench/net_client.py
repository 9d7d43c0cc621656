#!/usr/bin/python3
"""Host side of the network benchmark (bench/net.sh): boots one guest, measures
TCP throughput and connection setup through its forwarded port, stops it.

Usage: net_client.py --ready MARKER --error MARKER --transcript FILE
                     [--mib N] [--reps R] [--conns N] [--warmup-conns N]
                     [--boot-timeout S] [--timeout S] -- CMD [ARG...]

CMD is a tools/capos-qemu --net command line; the arguments {ssh}, {https}
and {telnet} are replaced by free loopback ports (so runs can sit next to
tests and other benchmarks), the guest's benchmark server listening on the
telnet forward (guest TCP 23). Protocol and byte stream: bench/guest/net_pattern.h.

After the guest prints MARKER: a warm-up (1 MiB each way, --warmup-conns
connections), then R repetitions of
  h2g    'S' + N MiB of the stream, FIN, until the guest's "OK <bytes>"
         status and FIN; timed from after connect() to the status
  g2h    'R' + length; N MiB received until the guest's FIN, then compared
         with the stream; timed from after connect() to the FIN
  conns  N sequential connections: connect, 1 byte, its echo, close;
         latency = connect() start to the echo; rate = N / whole loop
and writes one JSON object to stdout: per-repetition figures and medians
over the repetitions. Any mismatch, short transfer, MARKER line of --error
in the serial transcript or timeout fails (exit 1, transcript tail on stderr).
The transcript (host ms since spawn, then the line) goes to FILE.
Stdlib only; no timing assertions.
"""
import os
import argparse
import json
import signal
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "qemu", "pylib"))
from host_ports import free_ports  # noqa: E402
from serial_guest import Guest  # noqa: E402

MIB = 1 << 20
PERIOD = 65521
SEED = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1
PORT_FAIL = "host forwarding"  # QEMU: "Could not set up host forwarding rule"


class Failure(Exception):
    pass


def pattern():
    """The NETPAT_PERIOD bytes of net_pattern.h."""
    out = bytearray()
    x = SEED
    while len(out) < PERIOD:
        x ^= x >> 12
        x ^= (x << 25) & MASK
        x ^= x >> 27
        out += ((x * 0x2545F4914F6CDD1D) & MASK).to_bytes(8, "little")
    return bytes(out[:PERIOD])


_STREAM = b""


def stream(n):
    """The first n bytes of the stream (cached)."""
    global _STREAM
    if len(_STREAM) < n:
        pat = pattern()
        _STREAM = pat * (n // PERIOD + 1)
    return memoryview(_STREAM)[:n]


def connect(port, timeout):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_to_eof(s, limit):
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            return data
        data += chunk
        if len(data) > limit:
            raise Failure("more than %d bytes where a status line was expected" % limit)


def host_to_guest(port, nbytes, timeout):
    data = stream(nbytes)
    s = connect(port, timeout)
    try:
        t0 = time.monotonic()
        s.sendall(b"S")
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        status = read_to_eof(s, 64)
        took = time.monotonic() - t0
    finally:
        s.close()
    if status != b"OK %d\n" % nbytes:
        raise Failure("h2g: guest answered %r after %d bytes sent" % (status, nbytes))
    return {"bytes": nbytes, "s": round(took, 4), "mib_s": round(nbytes / MIB / took, 3)}


def guest_to_host(port, nbytes, timeout):
    buf = bytearray(nbytes + 65536)
    view = memoryview(buf)
    got = 0
    s = connect(port, timeout)
    try:
        t0 = time.monotonic()
        s.sendall(b"R" + nbytes.to_bytes(8, "little"))
        while True:
            n = s.recv_into(view[got:])
            if n == 0:
                break
            got += n
            if got > nbytes:
                raise Failure("g2h: more than the %d bytes asked for" % nbytes)
        took = time.monotonic() - t0
    finally:
        s.close()
    if got != nbytes:
        raise Failure("g2h: %d of %d bytes before the guest's FIN" % (got, nbytes))
    if view[:nbytes] != stream(nbytes):
        bad = next(i for i in range(nbytes) if buf[i] != _STREAM[i])
        raise Failure("g2h: received stream differs at byte %d" % bad)
    return {"bytes": nbytes, "s": round(took, 4), "mib_s": round(nbytes / MIB / took, 3)}


def connections(port, n, timeout):
    lat = []
    start = time.monotonic()
    for i in range(n):
        t0 = time.monotonic()
        s = connect(port, timeout)
        try:
            s.sendall(b"e")
            b = s.recv(1)
            t1 = time.monotonic()
        finally:
            s.close()
        if b != b"e":
            raise Failure("connection %d: echo %r instead of b'e'" % (i, b))
        lat.append(t1 - t0)
    total = time.monotonic() - start
    return {"n": n, "s": round(total, 4), "conn_per_s": round(n / total, 3),
            "latency_ms_mean": round(statistics.mean(lat) * 1000, 3),
            "latency_ms_median": round(statistics.median(lat) * 1000, 3),
            "latency_ms_max": round(max(lat) * 1000, 3)}


def boot(cmd, a):
    for _ in range(3):
        ssh, https, telnet = free_ports(3)
        ports = {"ssh": ssh, "https": https, "telnet": telnet}
        argv = [arg.format(**ports) if arg in ("{ssh}", "{https}", "{telnet}") else arg
                for arg in cmd]
        guest = Guest(argv, a.transcript)
        ms = guest.wait_for(a.ready, a.boot_timeout)
        if ms is not None:
            return guest, ports, ms
        guest.stop()
        if not any(PORT_FAIL in line.lower() for line in guest.tail()):
            raise Failure("no %r line within %d s" % (a.ready, a.boot_timeout), guest)
    raise Failure("no free host ports for the forwards", guest)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ready", required=True)
    ap.add_argument("--error", required=True)
    ap.add_argument("--transcript", required=True)
    ap.add_argument("--mib", type=int, default=64)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--conns", type=int, default=500)
    ap.add_argument("--warmup-conns", type=int, default=10)
    ap.add_argument("--boot-timeout", type=float, default=120)
    ap.add_argument("--timeout", type=float, default=120,
                    help="socket timeout for each blocking step")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("missing command")
    nbytes = a.mib * MIB

    def on_term(signum, _frame):
        raise Failure("stopped by signal %d" % signum)

    signal.signal(signal.SIGTERM, on_term)
    stream(nbytes)
    guest = None
    try:
        guest, ports, ready_ms = boot(cmd, a)
        port = ports["telnet"]
        print("[net-client] ready after %.0f ms; warm-up" % ready_ms, file=sys.stderr)
        host_to_guest(port, MIB, a.timeout)
        guest_to_host(port, MIB, a.timeout)
        connections(port, a.warmup_conns, a.timeout)
        reps = []
        for r in range(a.reps):
            rep = {"h2g": host_to_guest(port, nbytes, a.timeout),
                   "g2h": guest_to_host(port, nbytes, a.timeout),
                   "conns": connections(port, a.conns, a.timeout)}
            print("[net-client] rep %d: h2g %.2f MiB/s, g2h %.2f MiB/s, %.1f conn/s "
                  "(mean %.2f ms)" % (r + 1, rep["h2g"]["mib_s"], rep["g2h"]["mib_s"],
                                      rep["conns"]["conn_per_s"],
                                      rep["conns"]["latency_ms_mean"]), file=sys.stderr)
            reps.append(rep)
        time.sleep(0.5)  # the last status lines
        errors = guest.grep(a.error)
        if errors:
            raise Failure("error lines in the transcript: %s" % errors[:5], guest)
    except (Failure, OSError) as e:
        print("[net-client] FAILED: %s" % e.args[0], file=sys.stderr)
        if guest is None and isinstance(e, Failure) and len(e.args) > 1:
            guest = e.args[1]
        if guest is not None:
            guest.stop()
            print("----- transcript tail -----\n%s\n---------------------------" %
                  "\n".join(guest.tail()), file=sys.stderr)
        return 1
    guest.stop()

    def med(kind, key):
        return statistics.median(rep[kind][key] for rep in reps)

    json.dump({
        "ready_ms": round(ready_ms, 1),
        "host_ports": ports,
        "mib_per_transfer": a.mib, "reps": a.reps, "conns_per_rep": a.conns,
        "warmup": {"h2g_bytes": MIB, "g2h_bytes": MIB, "conns": a.warmup_conns},
        "median": {
            "h2g_mib_s": med("h2g", "mib_s"),
            "g2h_mib_s": med("g2h", "mib_s"),
            "conn_per_s": med("conns", "conn_per_s"),
            "conn_latency_ms_mean": med("conns", "latency_ms_mean"),
            "conn_latency_ms_median": med("conns", "latency_ms_median"),
        },
        "runs": reps,
    }, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
