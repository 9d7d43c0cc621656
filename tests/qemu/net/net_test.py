#!/usr/bin/env python3
"""Networking scenarios of the netstack, driven from the host.

    net_test.py SCENARIO KERNEL PKG TIMEOUT_S

Boots echo.system under tools/capos-qemu --net with free host ports (so
tests run side by side), waits for netecho to be ready on guest port 23,
talks to it through the forwarded telnet port, then stops QEMU and judges
the serial transcript. Data is pseudo-random (seeded) and compared by
SHA-256 of what was sent and what came back.

Scenarios:
  boot         the DHCP lease, netecho's policy and loopback checks, 1 KiB
  blocking     netecho-blocking (port 22): calls that wait (accept, read,
               write), a client waiting in the backlog, 4 MiB
  bulk         one client echoes 64 MiB; prints time and throughput
  two_clients  two clients echo 16 MiB each at the same time
  slow_peer    four clients stop reading while another echoes 16 MiB; the
               stalled ones hold only bounded data and complete afterwards
  vanished     clients that reset or leave mid-stream; netecho must see
               every one of them end and still serve the next client
  flood        40 connections at once: more than netecho serves (8) plus
               the backlog (8); the rest are refused, and afterwards the
               service still echoes

Python 3 standard library only.
"""

import hashlib
import os
import random
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from host_ports import free_ports  # noqa: E402

MIB = 1 << 20
READY = "netecho: ready on port 23"
BLOCKING_READY = "netecho-blocking: ready on port 22"
HERE = os.path.dirname(os.path.abspath(__file__))
QEMU = os.path.join(HERE, "..", "..", "..", "tools", "capos-qemu")
FAILURE_MARKERS = ("CHECK FAILED", "KERNEL PANIC", "killed:", "lwIP assertion",
                   "init: service '", "start-up failed")
BOOT_PATTERNS = (
    "netstack: virtio-net 52:54:00:12:34:56 on irq 11",
    "netstack: DHCP lease 10.0.2.15/24",
    "netecho.config: 10.0.2.15 source 1",
    "netecho.listen_other_port: DENIED",
    "netecho.listen_twice: EXISTS",
    "netecho.listen_without_port: DENIED",
    "netecho.connect_with_listen_facet: DENIED",
    "netecho.resolve_with_listen_facet: DENIED",
    "netecho.socket_call_on_listener: BAD_METHOD",
    "netecho.try_accept_nothing_waiting: WOULD_BLOCK",
    "netecho.loopback_tcp: OK",
    "netecho.loopback_tcp_data: ping from own address",
    "netecho.half_close_end_of_stream: OK",
    "netecho.write_after_shutdown: BROKEN",
    "netecho.closed_socket: STALE_CAP",
    "netecho.udp_bind_ungranted_port: DENIED",
    "netecho.loopback_udp: OK",
    "netecho.loopback_udp_data: datagram",
    "netecho.resolve_literal: OK a000202",
    READY,
    BLOCKING_READY,
)


class Failure(Exception):
    pass


class Guest:
    """One QEMU run; collects the serial transcript in the background."""

    def __init__(self, kernel, pkg):
        self.kernel, self.pkg = kernel, pkg
        self.lines = []
        self.cond = threading.Condition()
        self.proc = None
        self.port = None
        self.ssh_port = None
        self.eof = False

    def _read(self):
        for raw in self.proc.stdout:
            with self.cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
                self.cond.notify_all()
        with self.cond:
            self.eof = True
            self.cond.notify_all()

    def start(self):
        ssh, https, telnet = free_ports(3)
        self.port, self.ssh_port = telnet, ssh
        self.lines = []
        self.proc = subprocess.Popen(
            [QEMU, self.kernel, self.pkg, "--net", "--ssh-port", str(ssh), "--https-port",
             str(https), "--telnet-port", str(telnet)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()

    def wait_for(self, text, timeout):
        end = time.monotonic() + timeout
        with self.cond:
            while not any(text in line for line in self.lines):
                left = end - time.monotonic()
                if left <= 0 or self.eof:
                    return False
                self.cond.wait(min(left, 1.0))
        return True

    def connections_ended(self):
        """How many connections netecho reported finished."""
        with self.cond:
            return sum(line.startswith("netecho: connection ") and " after " in line
                       for line in self.lines)

    def transcript(self):
        with self.cond:
            return list(self.lines)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def boot(kernel, pkg, timeout):
    """A guest whose netecho is ready; retried when a picked port was taken."""
    for _ in range(3):
        guest = Guest(kernel, pkg)
        guest.start()
        if guest.wait_for(READY, timeout):
            return guest
        guest.stop()
        if not any("host forwarding" in line.lower() for line in guest.transcript()):
            raise Failure("netecho did not become ready", guest)
    raise Failure("no free host ports for the forwards", guest)


def connect(port, deadline):
    s = socket.create_connection(("127.0.0.1", port), timeout=max(1.0, deadline - time.monotonic()))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Sender(threading.Thread):
    """Sends data on a socket (then half-closes it); sent counts progress."""

    def __init__(self, sock, data, chunk=256 * 1024):
        super().__init__(daemon=True)
        self.sock, self.data, self.chunk = sock, data, chunk
        self.sent = 0
        self.error = None

    def run(self):
        try:
            view = memoryview(self.data)
            while self.sent < len(self.data):
                self.sent += self.sock.send(view[self.sent:self.sent + self.chunk])
            self.sock.shutdown(socket.SHUT_WR)
        except OSError as e:
            self.error = e


def receive_all(sock, deadline):
    """Everything until the peer's FIN: (sha256 hex, byte count)."""
    h = hashlib.sha256()
    n = 0
    while True:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            chunk = sock.recv(1 << 16)
        except socket.timeout:
            raise Failure("timed out after receiving %d bytes" % n)
        if not chunk:
            return h.hexdigest(), n
        h.update(chunk)
        n += len(chunk)


def echo(port, nbytes, seed, deadline, name):
    """Sends nbytes through the echo and checks what comes back; seconds."""
    data = random.Random(seed).randbytes(nbytes)
    want = hashlib.sha256(data).hexdigest()
    start = time.monotonic()
    sock = connect(port, deadline)
    sender = Sender(sock, data)
    sender.start()
    try:
        got, n = receive_all(sock, deadline)
    finally:
        sock.close()
    sender.join(5)
    took = time.monotonic() - start
    if sender.error:
        raise Failure("%s: sending failed: %s" % (name, sender.error))
    if n != nbytes or got != want:
        raise Failure("%s: %d of %d bytes back, sha256 %s, sent %s" % (name, n, nbytes, got, want))
    print("%s: %.3g MiB echoed intact in %.2f s (%.2f MiB/s each way), sha256 %s" %
          (name, nbytes / MIB, took, nbytes / MIB / took, got[:16]))
    return took


def scenario_boot(guest, deadline):
    transcript = "\n".join(guest.transcript())
    missing = [p for p in BOOT_PATTERNS if p not in transcript]
    if missing:
        raise Failure("missing from the transcript: %s" % missing)
    echo(guest.port, 1024, 1, deadline, "boot")


def receive_exactly(sock, n, deadline):
    data = b""
    while len(data) < n:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise Failure("connection ended after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def scenario_blocking(guest, deadline):
    if not guest.wait_for(BLOCKING_READY, 30):
        raise Failure("netecho-blocking did not become ready")
    first = connect(guest.ssh_port, deadline)
    sent = 0
    for i in range(5):  # the server's read waits for each piece
        piece = (b"piece %d " % i) * 10
        time.sleep(0.3)
        first.sendall(piece)
        if receive_exactly(first, len(piece), deadline) != piece:
            raise Failure("piece %d came back changed" % i)
        sent += len(piece)
    second = connect(guest.ssh_port, deadline)
    second.sendall(b"queued")
    second.settimeout(1.0)
    try:
        early = second.recv(16)
    except socket.timeout:
        early = None
    if early is not None:
        raise Failure("the second client was served while the first was open: %r" % early)
    first.close()
    if receive_exactly(second, 6, deadline) != b"queued":
        raise Failure("the queued client's data came back changed")
    second.close()
    print("blocking: pieces echoed through waiting reads; the backlog held the second client")
    echo(guest.ssh_port, 4 * MIB, 9, deadline, "blocking")
    if not guest.wait_for("netecho-blocking: connection 1 ended after %d bytes (OK)" % sent, 10):
        raise Failure("netecho-blocking did not report the first connection")


def scenario_bulk(guest, deadline):
    echo(guest.port, 64 * MIB, 64, deadline, "bulk")
    if not guest.wait_for("after 67108864 bytes (OK)", 10):
        raise Failure("netecho did not report the 64 MiB connection closed")


def run_parallel(jobs):
    """Runs (name, fn) pairs in threads; raises the first failure."""
    errors = []

    def wrap(name, fn):
        try:
            fn()
        except Exception as e:  # reported below with its name
            errors.append("%s: %s" % (name, e))

    threads = [threading.Thread(target=wrap, args=job, daemon=True) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise Failure("; ".join(errors))


def scenario_two_clients(guest, deadline):
    run_parallel([
        ("first", lambda: echo(guest.port, 16 * MIB, 1, deadline, "first")),
        ("second", lambda: echo(guest.port, 16 * MIB, 2, deadline, "second")),
    ])


def wait_stalled(sender, deadline, quiet=3.0, must_stall=True):
    """Waits until the sender made no progress for `quiet` seconds (or,
    unless must_stall, finished); returns the bytes it sent."""
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        if sender.sent != last:
            last, since = sender.sent, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return last
        if not sender.is_alive():
            if must_stall:
                break
            return sender.sent
        time.sleep(0.2)
    raise Failure("the client that stopped reading never stalled (sent %d)" % sender.sent)


def small_buffers(sock):
    """Host socket buffers small enough that backpressure shows quickly."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)


def scenario_slow_peer(guest, deadline):
    slow_clients, total = 4, 8 * MIB
    slow = []
    for i in range(slow_clients):
        data = random.Random(70 + i).randbytes(total)
        sock = connect(guest.port, deadline)
        small_buffers(sock)
        sender = Sender(sock, data, chunk=16 * 1024)
        sender.start()
        slow.append((sock, sender, hashlib.sha256(data).hexdigest()))
    stalled = [wait_stalled(sender, deadline) for _, sender, _ in slow]
    print("slow_peer: %d clients that stopped reading stalled after sending %s MiB" %
          (slow_clients, ", ".join("%.2f" % (n / MIB) for n in stalled)))
    if max(stalled) >= total:
        raise Failure("a stalled client could send everything: no backpressure")
    echo(guest.port, 16 * MIB, 8, deadline, "slow_peer: another client")
    if [sender.sent for _, sender, _ in slow] != stalled:
        raise Failure("a stalled client progressed without reading")
    results = [None] * slow_clients

    def drain(i):
        sock, sender, want = slow[i]
        got, n = receive_all(sock, deadline)
        sock.close()
        sender.join(5)
        if sender.error or n != total or got != want:
            raise Failure("slow client %d got %d of %d bytes back (sha256 %s, want %s, error %s)"
                          % (i, n, total, got, want, sender.error))
        results[i] = n

    run_parallel([("slow client %d" % i, lambda i=i: drain(i)) for i in range(slow_clients)])
    print("slow_peer: reading again, every slow client got its %d MiB back intact" %
          (total // MIB))


def scenario_vanished(guest, deadline):
    ended_before = guest.connections_ended()
    # reset in the middle of sending
    s = connect(guest.port, deadline)
    s.sendall(random.Random(3).randbytes(1 * MIB))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    # connects and leaves at once
    s = connect(guest.port, deadline)
    s.close()
    # sends, never reads, closes: the echo then writes to a closed peer
    s = connect(guest.port, deadline)
    sender = Sender(s, random.Random(4).randbytes(4 * MIB))
    sender.start()
    wait_stalled(sender, deadline, quiet=2.0, must_stall=False)
    s.close()
    peers = 3
    while guest.connections_ended() < ended_before + peers:
        if time.monotonic() >= deadline:
            raise Failure("netecho saw %d of %d vanished connections end" %
                          (guest.connections_ended() - ended_before, peers))
        time.sleep(0.5)
    print("vanished: netecho saw all %d vanished clients end" % peers)
    # A reset while every buffer on the way is full. QEMU's user network
    # turns the host's reset into a FIN and keeps its window closed, so the
    # guest cannot tell this peer from a slow one: its connection stays,
    # holding no more than its window and send buffer, and must not stall
    # the next client.
    s = connect(guest.port, deadline)
    small_buffers(s)
    sender = Sender(s, random.Random(5).randbytes(8 * MIB), chunk=16 * 1024)
    sender.start()
    wait_stalled(sender, deadline, quiet=2.0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    echo(guest.port, 4 * MIB, 6, deadline, "vanished: the next client")


def scenario_flood(guest, deadline):
    socks = []
    for _ in range(40):
        socks.append(connect(guest.port, deadline))
    for s in socks:
        try:
            s.sendall(b"x")
        except OSError:
            pass  # refused already
    time.sleep(3)
    echoed = 0
    for s in socks:
        s.settimeout(0.2)
        try:
            echoed += s.recv(1) == b"x"
        except OSError:
            pass
    for s in socks:
        s.close()
    print("flood: %d of %d connections echoed at once" % (echoed, len(socks)))
    if echoed < 8 or echoed > 16:
        raise Failure("expected 8 served connections (up to 16 with the backlog), got %d" % echoed)
    echo(guest.port, 4 * MIB, 10, deadline, "flood: the next client")


SCENARIOS = {
    "boot": scenario_boot,
    "blocking": scenario_blocking,
    "bulk": scenario_bulk,
    "two_clients": scenario_two_clients,
    "slow_peer": scenario_slow_peer,
    "vanished": scenario_vanished,
    "flood": scenario_flood,
}


def judge(guest, problems):
    lines = guest.transcript()
    for marker in FAILURE_MARKERS:
        for line in lines:
            if marker in line:
                problems.append("failure marker in the transcript: %s" % line)
    if problems:
        print("----- transcript -----")
        print("\n".join(lines))
        print("----------------------")


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in SCENARIOS:
        print(__doc__, file=sys.stderr)
        return 2
    name, kernel, pkg, timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    deadline = time.monotonic() + timeout - 10
    problems = []
    guest = None
    try:
        guest = boot(kernel, pkg, min(90.0, timeout / 2))
        SCENARIOS[name](guest, deadline)
    except Failure as e:
        problems.append(str(e.args[0]))
        if len(e.args) > 1:
            guest = e.args[1]
    finally:
        if guest:
            guest.stop()
    if guest:
        judge(guest, problems)
    if problems:
        print("net scenario %s FAILED:" % name)
        for p in problems:
            print("  - %s" % p)
        return 1
    print("net scenario %s passed" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
