#!/usr/bin/env python3
"""The BSD sockets scenario: musl-sockets (progs/sockets.c) on lib/posix.

    run_sockets.py KERNEL PKG TIMEOUT_S

Boots sockets.system under tools/capos-qemu --net with free host ports,
waits for "sockets: ready on port 23", then talks to it through the
forwarded telnet port: a first connection echoes 16 MiB (the guest uses
poll and non-blocking calls), a second one 4 MiB (blocking calls). Both
are compared byte for byte with what was sent. Then it waits for the
program's verdict and exit, stops QEMU and judges the transcript.

Python 3 standard library only.
"""

import os
import random
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
from host_ports import free_ports  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
QEMU = os.path.join(HERE, "..", "..", "..", "tools", "capos-qemu")
READY = "sockets: ready on port 23"
FAILURE_MARKERS = ("CHECK FAILED", "KERNEL PANIC", "killed:", "lwIP assertion",
                   "start-up failed", "REFUSING TO BOOT")
EXPECT = (
    "netstack: DHCP lease 10.0.2.15/24",
    "sockets: getaddrinfo through the resolver: rc 0 address 0a00020f",
    "sockets: getaddrinfo of an unresolvable name: rc -",
    "sockets.socket_inet6: EAFNOSUPPORT",
    "sockets.socket_unix: EAFNOSUPPORT",
    "sockets.bind_ungranted_port: EACCES",
    "sockets.udp_bind_ungranted_port: EACCES",
    "sockets.setsockopt_unknown: ENOPROTOOPT",
    "sockets.bind_listen_net_port_facet: ok",
    "sockets.listen_on_granted_port: ok",
    "sockets.accept_peer_is_client: ok",
    "sockets.nonblocking_read_nothing: EAGAIN",
    "sockets.loopback_tcp_data: ok",
    "sockets.half_close_end_of_stream: ok",
    "sockets.send_after_shutdown: EPIPE",
    "sockets.udp_select: ok",
    "sockets.loopback_udp_data: ok",
    "sockets.accept_host: ok",
    "sockets.echo_polled: ok",
    "sockets.echo_blocking: ok",
    "sockets: PASS",
    "init: service 'sockets' exited with code 0",
)


class Guest:
    def __init__(self, kernel, pkg):
        self.lines, self.eof = [], False
        self.cond = threading.Condition()
        ssh, https, self.port = free_ports(3)
        self.proc = subprocess.Popen(
            [QEMU, kernel, pkg, "--net", "--ssh-port", str(ssh), "--https-port", str(https),
             "--telnet-port", str(self.port)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            with self.cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
                self.cond.notify_all()
        with self.cond:
            self.eof = True
            self.cond.notify_all()

    def wait_for(self, text, timeout):
        end = time.monotonic() + timeout
        with self.cond:
            while not any(text in line for line in self.lines):
                left = end - time.monotonic()
                if left <= 0 or self.eof:
                    return False
                self.cond.wait(min(left, 1.0))
        return True

    def transcript(self):
        with self.cond:
            return list(self.lines)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def echo(port, nbytes, seed, deadline, name):
    """Sends nbytes, half-closes, reads until FIN; fails unless byte-exact."""
    data = random.Random(seed).randbytes(nbytes)
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    error = []

    def send():
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError as e:
            error.append(e)

    sender = threading.Thread(target=send, daemon=True)
    start = time.monotonic()
    sender.start()
    got = bytearray()
    while True:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            chunk = sock.recv(1 << 16)
        except socket.timeout:
            raise RuntimeError("%s: timed out after %d of %d bytes" % (name, len(got), nbytes))
        if not chunk:
            break
        got += chunk
    sock.close()
    sender.join(5)
    if error:
        raise RuntimeError("%s: sending failed: %s" % (name, error[0]))
    if bytes(got) != data:
        first = next((i for i in range(min(len(got), nbytes)) if got[i] != data[i]), None)
        raise RuntimeError("%s: %d of %d bytes back, first difference at %s" %
                           (name, len(got), nbytes, first))
    took = time.monotonic() - start
    print("%s: %d bytes echoed byte-exact in %.2f s" % (name, nbytes, took))


def run(kernel, pkg, timeout):
    deadline = time.monotonic() + timeout
    guest = Guest(kernel, pkg)
    try:
        if not guest.wait_for(READY, timeout):
            raise RuntimeError("musl-sockets did not become ready")
        echo(guest.port, 16 << 20, 1, deadline, "polled")
        echo(guest.port, 4 << 20, 2, deadline, "blocking")
        if not guest.wait_for("init: service 'sockets' exited", max(1, deadline - time.monotonic())):
            raise RuntimeError("musl-sockets did not exit")
        time.sleep(0.5)
    except RuntimeError as e:
        guest.stop()
        e.transcript = guest.transcript()
        raise
    finally:
        guest.stop()
    text = guest.transcript()
    joined = "\n".join(text)
    bad = [l for l in text if any(m in l for m in FAILURE_MARKERS)]
    missing = [p for p in EXPECT if p not in joined]
    return text, bad, missing


def main():
    kernel, pkg, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    text, bad, missing = [], [], []
    try:
        text, bad, missing = run(kernel, pkg, timeout)
        ok = not bad and not missing
    except RuntimeError as e:
        print("FAIL: %s" % e)
        text = getattr(e, "transcript", [])
        ok = False
    if not ok:
        print("---- transcript ----")
        print("\n".join(text))
        if bad:
            print("failure lines: %s" % bad)
        if missing:
            print("missing: %s" % missing)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
