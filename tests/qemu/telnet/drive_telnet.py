#!/usr/bin/python3
"""Telnet gateway scenarios: boots the telnet system and logs in over TCP.

    drive_telnet.py SCENARIO --kernel K --mkmanifest M --mkbootpkg B --phc P
        --boot-manifest BM --init I --system SYSTEM --work DIR --timeout S
        --extra-system FILE --entry NAME=PATH ...

SYSTEM is the telnet system (init/default.system + init/telnet-gateway.system);
FILE (inspect.system) adds the test-only inspector. Each run makes a fresh
random operator password and its verifier (tests/qemu/pylib), boots QEMU
with the NIC on user networking and picks free host ports for the Telnet
forward and the inspector, or (scenario penalty) on a tap device in a
network namespace of its own so clients can come from two addresses.

Scenarios:
  login       the real telnet client: banner, login, caps, the terminal size
              before and after a window resize, a wrong password (generic),
              logout; the audit log records the disconnect with the source
  concurrent  50 sessions logged in at once, each runs a command
  kill        clients killed mid-login and mid-session leave no process,
              session, socket or terminal behind (inspector counts)
  hostile     malformed IAC sequences and oversized lines get bounded
              handling; the gateway keeps serving
  penalty     a burst of wrong passwords from 10.0.2.2 gets that source
              refused; 10.0.2.3 still logs in
Every scenario fails if the password, the verifier, or anything token-shaped
appears in the serial console or in any client's transcript.
"""
import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pexpect

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pylib"))
import guest_package  # noqa: E402
import telnet_client as tc  # noqa: E402
from host_ports import free_ports  # noqa: E402

QEMU = os.path.join(HERE, "..", "..", "..", "tools", "capos-qemu")
PROMPT = "operator> "
FAILURE_MARKERS = ["KERNEL PANIC", "REFUSING TO BOOT", "user fault", "LEAK"]
GUEST_ADDR = "10.0.2.15"


class Run:
    """One booted system: where to connect, and what everyone saw."""

    def __init__(self, a, password):
        self.a = a
        self.password = password
        self.transcripts = []  # every client's bytes, for the secret checks
        self.lock = threading.Lock()
        self.host = "127.0.0.1"
        self.telnet_port, self.inspect_port = free_ports(2)

    def keep(self, data):
        with self.lock:
            self.transcripts.append(data.decode("utf-8", "replace")
                                    if isinstance(data, bytes) else data)

    def login(self, **kw):
        return tc.login(self.host, self.telnet_port, "operator", self.password, PROMPT, **kw)

    def inspect(self):
        """Object counts (free memory moves with any heap growth: not compared)."""
        counts = tc.inspect(self.host, self.inspect_port)
        counts.pop("free_kib", None)
        return counts


def check(cond, what, problems):
    if not cond:
        problems.append(what)


def settle(run, want=None, timeout=60):
    """Inspector counts once they stop changing (or equal want)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        now = run.inspect()
        if want is not None and all(now[k] == want[k] for k in want):
            return now
        if want is None and now == last:
            return now
        last = now
        time.sleep(2)
    return last


# ---- scenarios ----

def scenario_login(run, problems):
    child = pexpect.spawn("telnet", ["127.0.0.1", str(run.telnet_port)], dimensions=(24, 80),
                          encoding="utf-8", codec_errors="replace", timeout=120)
    log = []
    child.logfile_read = type("L", (), {"write": lambda s, t: log.append(t),
                                        "flush": lambda s: None})()
    try:
        child.expect("NOT encrypted")
        child.expect("login: ")
        child.send("operator\r")
        child.expect("Password: ")
        child.send(run.password + "\r")
        child.expect(PROMPT)
        child.send("caps\r")
        child.expect("launcher")
        child.expect(PROMPT)
        check("terminal" in child.before + "".join(log), "caps does not list the terminal",
              problems)
        child.send("call terminal size\r")
        child.expect(r"80\D+24")
        child.expect(PROMPT)
        child.setwinsize(40, 132)  # the telnet client sends NAWS on SIGWINCH
        time.sleep(1)
        child.send("call terminal size\r")
        child.expect(r"132\D+40")
        child.expect(PROMPT)
        child.send("whoami\r")
        child.expect("operator")
        child.expect(PROMPT)
        child.send("logout\r")
        child.expect("Connection closed")
    finally:
        child.close(force=True)
        run.keep("".join(log))
    # a wrong password: generic, and the connection stays usable
    c = tc.TelnetConn(run.host, run.telnet_port)
    try:
        c.expect("login: ")
        c.send_line("operator")
        c.expect("Password: ")
        c.send_line("pw-wrong-" + secrets.token_hex(4))
        c.expect("Login incorrect.")
        c.expect("login: ", timeout=30)
        c.send_line("nosuchuser")
        c.expect("Password: ")
        c.send_line("pw-wrong")
        c.expect("Login incorrect.")
    finally:
        run.keep(bytes(c.data))
        c.close()
    # the audit log recorded the first session's disconnect with its source
    c = run.login()
    try:
        c.send_line("audit")
        out = c.expect(PROMPT).decode("utf-8", "replace")
        check(re.search(r"disconnect.*10\.0\.2\.2:\d+", out) is not None,
              "no disconnect record with the source address in the audit log", problems)
        check(re.search(r"connection.*10\.0\.2\.2:\d+", out) is not None,
              "no connection record in the audit log", problems)
        run.keep(out)
        c.send_line("logout")
        c.expect_close()
    finally:
        c.close()


def scenario_concurrent(run, problems, sessions=50):
    base = settle(run)
    barrier = threading.Barrier(sessions + 1, timeout=600)
    results = [None] * sessions

    # Sessions are opened one after another, as people (and the Linux
    # baseline's clients) do; then all of them are logged in at once.
    turn = [threading.Semaphore(0) for _ in range(sessions + 1)]
    turn[0].release()

    def one(i):
        try:
            turn[i].acquire(timeout=540)
            try:
                c = run.login(timeout=120)
            finally:
                turn[i + 1].release()
            barrier.wait()  # everyone is logged in at the same time
            c.send_line("whoami")
            out = c.expect(PROMPT, timeout=120)
            c.send_line("logout")
            c.expect_close(timeout=60)
            run.keep(out)
            results[i] = b"operator" in out or ("whoami output: %r" % out)
        except Exception as e:  # noqa: BLE001 -- reported per session
            results[i] = "%s: %s" % (type(e).__name__, e)
            try:
                barrier.abort()
            except threading.BrokenBarrierError:
                pass

    threads = [threading.Thread(target=one, args=(i,)) for i in range(sessions)]
    for t in threads:
        t.start()
    try:
        barrier.wait()
        during = run.inspect()
        check(during["terminals"] >= sessions, "fewer than %d terminals while all were logged in: "
              "%r" % (sessions, during), problems)
        check(during["sessions"] >= base["sessions"] + sessions,
              "fewer live sessions than logins: %r" % during, problems)
    except threading.BrokenBarrierError:
        problems.append("not every session logged in")
    for t in threads:
        t.join()
    failed = [r for r in results if r is not True]
    failed.sort(key=lambda r: "BrokenBarrierError" in str(r))  # the first cause first
    check(not failed, "%d of %d sessions failed, e.g. %s" % (len(failed), sessions,
                                                             failed[:3]), problems)
    after = settle(run, want=base)
    check(after == base, "objects left after all sessions ended: before %r after %r" %
          (base, after), problems)


def scenario_kill(run, problems):
    base = settle(run)
    # mid-login: the name typed, the password never comes; the client dies
    c = tc.TelnetConn(run.host, run.telnet_port)
    c.expect("login: ")
    c.send_line("operator")
    c.expect("Password: ")
    run.keep(bytes(c.data))
    c.abort()
    # mid-session: logged in, a child running, the real client killed
    child = pexpect.spawn("telnet", ["127.0.0.1", str(run.telnet_port)], encoding="utf-8",
                          codec_errors="replace", timeout=120)
    log = []
    child.logfile_read = type("L", (), {"write": lambda s, t: log.append(t),
                                        "flush": lambda s: None})()
    child.expect("login: ")
    child.send("operator\r")
    child.expect("Password: ")
    child.send(run.password + "\r")
    child.expect(PROMPT)
    child.send("spawn greet terminal\r")
    child.expect(PROMPT)
    during = run.inspect()
    check(during["sessions"] == base["sessions"] + 1, "no live session while logged in: %r" %
          during, problems)
    child.kill(9)
    child.close(force=True)
    run.keep("".join(log))
    # a session killed by a reset, too
    c = run.login()
    c.abort()
    after = settle(run, want=base)
    check(after == base, "objects left behind by killed clients: before %r after %r" %
          (base, after), problems)


def scenario_hostile(run, problems):
    base = settle(run)
    garbage = [
        bytes([255, 250, 31]) + b"A" * 5000 + bytes([255, 240]),  # oversized NAWS SB
        bytes([255, 250, 24, 0]) + b"x" * 300 + bytes([255, 240]),  # oversized TTYPE
        bytes([255, 240]) * 50,  # stray SE
        bytes([255, 1, 255, 2, 255, 200]) * 100,  # unknown commands
        bytes([255, 251, 1, 255, 252, 1]) * 200,  # flipping an option
        bytes([255, 253, 99, 255, 251, 99]) * 100,  # options we refuse
        bytes([255, 246]) * 100,  # AYT flood
        bytes([255, 250, 31]) + b"\xff\xff" * 100,  # an SB of doubled IACs only
    ]
    c = tc.TelnetConn(run.host, run.telnet_port, negotiate=False)
    try:
        c.expect("login: ")
        for g in garbage:
            c.send_raw(g)
        c.send_raw(bytes([255, 240]) + b"\r\n")  # end whatever SB is open
        c.send_line("x" * 20000)  # an oversized account line
        c.expect("Password: ", timeout=60)
        c.send_line("y" * 20000)  # an oversized password line
        c.expect("Login incorrect.", timeout=60)
        c.expect("login: ", timeout=30)
        run.keep(bytes(c.data))
    finally:
        c.close()
    # random bytes straight after connecting, then a hang-up
    for seed in range(5):
        c = tc.TelnetConn(run.host, run.telnet_port, negotiate=False)
        c.send_raw(os.urandom(4096) + bytes([255]) * 17)
        time.sleep(0.2)
        c.abort()
    # still serving
    c = run.login()
    c.send_line("whoami")
    out = c.expect(PROMPT)
    check(b"operator" in out, "the gateway stopped serving after hostile input", problems)
    c.send_line("logout")
    c.expect_close()
    after = settle(run, want=base)
    check(after == base, "objects left after hostile connections: before %r after %r" %
          (base, after), problems)


def scenario_penalty(run, problems):
    run.host = GUEST_ADDR
    run.telnet_port = 23
    bad, good = "10.0.2.2", "10.0.2.3"
    deadline = time.monotonic() + 60  # DHCP times out, then the static address
    while True:
        try:
            socket.create_connection((GUEST_ADDR, 23), timeout=2, source_address=(good, 0)).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    # wrong passwords (5 s of penalty each, decaying in real time) until the
    # accrued penalty passes the 15 s threshold: a new connection from that
    # source is then refused before it sees a prompt
    refused = b""
    for attempt in range(4):
        c = tc.TelnetConn(GUEST_ADDR, 23, source=bad)
        first, text = c.expect_any([b"login: ", b"not accepting connections"], timeout=30)
        if first != 0:
            refused = text + c.expect_close()
            c.close()
            break
        for i in range(3):
            if i:
                c.expect("login: ", timeout=30)
            c.send_line("operator")
            c.expect("Password: ")
            c.send_line("pw-wrong-%d-%d" % (attempt, i))
            c.expect("Login incorrect.")
        run.keep(c.expect_close())
        c.close()
    run.keep(refused)
    check(b"not accepting connections from your address" in refused and b"login: " not in refused,
          "the penalised source was not refused: %r" % refused[-200:], problems)
    c = tc.login(GUEST_ADDR, 23, "operator", run.password, PROMPT, source=good)
    c.send_line("whoami")
    out = c.expect(PROMPT)
    check(b"operator" in out, "the other source could not log in", problems)
    c.send_line("logout")
    c.expect_close()


SCENARIOS = {
    "login": scenario_login,
    "concurrent": scenario_concurrent,
    "kill": scenario_kill,
    "hostile": scenario_hostile,
    "penalty": scenario_penalty,
}


# ---- a network namespace with a tap device, for scenario penalty ----

def sh(*cmd):
    subprocess.run(cmd, check=True)


def in_namespace(argv):
    """Runs this script again inside a fresh namespace holding tap0 with
    10.0.2.2 and 10.0.2.3 (the guest falls back to 10.0.2.15)."""
    ns = "capos-telnet-%d" % os.getpid()
    sh("ip", "netns", "add", ns)
    try:
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "-n", ns, "tuntap", "add", "dev", "tap0", "mode", "tap")
        sh("ip", "-n", ns, "addr", "add", "10.0.2.2/24", "dev", "tap0")
        sh("ip", "-n", ns, "addr", "add", "10.0.2.3/24", "dev", "tap0")
        sh("ip", "-n", ns, "link", "set", "tap0", "up")
        return subprocess.run(["ip", "netns", "exec", ns, sys.executable] + argv +
                              ["--in-namespace"]).returncode
    finally:
        subprocess.run(["ip", "netns", "del", ns])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    guest_package.Tools.add_arguments(p)
    p.add_argument("--extra-system", required=True)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--in-namespace", action="store_true")
    a = p.parse_args()
    if a.scenario == "penalty" and not a.in_namespace:
        if os.geteuid() != 0:
            print("telnet scenario penalty: FAIL (needs root for a network namespace)")
            return 1
        return in_namespace(sys.argv)
    password = "pw-" + secrets.token_urlsafe(12)
    os.makedirs(a.work, exist_ok=True)
    os.umask(0o077)
    with tempfile.TemporaryDirectory(dir=a.work) as work:
        with open(a.system) as f, open(a.extra_system) as g:
            text = f.read() + g.read()
        pkg, verifiers = guest_package.build_package(a, text, [("operator", 1, password)], work,
                                                     "telnet")
        run = Run(a, password)
        qemu = [a.kernel, pkg]
        if a.in_namespace:
            qemu += ["--tap", "tap0"]
        else:
            qemu += ["--net", "--ssh-port", "0", "--https-port", "0", "--telnet-port",
                     str(run.telnet_port), "--forward", "%d:79" % run.inspect_port]
        child = guest_package.spawn_logged(QEMU, qemu)
        log = child.log
        problems = []
        reader = None
        try:
            ready = set()  # the two come up in either order
            while len(ready) < 2:
                ready.add(child.expect(["telnetd: listening", "inspectd: ready"],
                                       timeout=a.timeout))
            reader = guest_package.drain_in_background(child)
            SCENARIOS[a.scenario](run, problems)
        except (pexpect.TIMEOUT, pexpect.EOF, TimeoutError, tc.Closed, OSError) as e:
            problems.append(guest_package.describe(e))
        finally:
            if child.isalive():
                child.terminate(force=True)
            if reader:
                reader.join(timeout=5)
            child.close()
        console = "".join(log)
        for m in FAILURE_MARKERS:
            if m in console:
                problems.append("failure marker on the console: " + m)
        everything = console + "".join(run.transcripts)
        problems += guest_package.leaks(everything, [password], verifiers)
        sys.stdout.write(guest_package.redact(console, [password], verifiers))
        return guest_package.report("telnet", a.scenario, problems)


if __name__ == "__main__":
    sys.exit(main())
