"""A small Telnet client over a plain socket, for the scenarios that need
many connections at once, chosen source addresses or hostile bytes (the
interactive scenario uses the real telnet program).

It answers the gateway's offer as a well-behaved client: DO ECHO, DO SGA,
WILL NAWS (with the window size it was given) and WONT for everything else,
and keeps only the data bytes.
"""
import socket
import struct
import time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
ECHO, SGA, TTYPE, NAWS = 1, 3, 24, 31


class Closed(Exception):
    pass


class TelnetConn:
    def __init__(self, host, port, source=None, window=(80, 24), timeout=30, negotiate=True):
        self.sock = socket.create_connection((host, port), timeout=timeout,
                                             source_address=(source, 0) if source else None)
        self.window = window
        self.negotiate = negotiate
        self.data = bytearray()  # everything received, IAC sequences removed
        self.pending = bytearray()
        self.closed = False

    def _answer(self, verb, opt):
        if not self.negotiate:
            return
        if verb == WILL:
            self.sock.sendall(bytes([IAC, DO if opt in (ECHO, SGA) else DONT, opt]))
        elif verb == DO and opt == NAWS:
            cols, rows = self.window
            self.sock.sendall(bytes([IAC, WILL, NAWS, IAC, SB, NAWS]) +
                              struct.pack(">HH", cols, rows) + bytes([IAC, SE]))
        elif verb == DO:
            self.sock.sendall(bytes([IAC, WONT, opt]))

    def _parse(self):
        p = self.pending
        i = 0
        while i < len(p):
            if p[i] != IAC:
                self.data.append(p[i])
                i += 1
                continue
            if i + 1 >= len(p):
                break
            cmd = p[i + 1]
            if cmd == IAC:
                self.data.append(IAC)
                i += 2
            elif cmd in (WILL, WONT, DO, DONT):
                if i + 2 >= len(p):
                    break
                self._answer(cmd, p[i + 2])
                i += 3
            elif cmd == SB:
                end = p.find(bytes([IAC, SE]), i + 2)
                if end < 0:
                    break
                i = end + 2
            else:
                i += 2
        del p[:i]

    def _fill(self, deadline):
        self.sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return
        except (ConnectionResetError, BrokenPipeError):
            chunk = b""
        if not chunk:
            self.closed = True
            raise Closed()
        self.pending += chunk
        self._parse()

    def expect(self, marker, timeout=60):
        """Waits until marker (bytes or str) arrives after what was already
        taken; returns the data up to and including it."""
        if isinstance(marker, str):
            marker = marker.encode()
        deadline = time.monotonic() + timeout
        while True:
            at = self.data.find(marker)
            if at >= 0:
                out = bytes(self.data[:at + len(marker)])
                del self.data[:at + len(marker)]
                return out
            if time.monotonic() > deadline:
                raise TimeoutError("waiting for %r; got %r" % (marker, bytes(self.data[-200:])))
            self._fill(deadline)

    def expect_any(self, markers, timeout=60):
        """Waits for the first of markers (bytes) to arrive; returns its index
        and the data up to and including it. The data stays for expect_close
        when the connection closes first (index -1)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [(self.data.find(m), i) for i, m in enumerate(markers)]
            found = [(at, i) for at, i in found if at >= 0]
            if found:
                at, i = min(found)
                out = bytes(self.data[:at + len(markers[i])])
                del self.data[:at + len(markers[i])]
                return i, out
            if time.monotonic() > deadline:
                raise TimeoutError("waiting for %r; got %r" % (markers, bytes(self.data[-200:])))
            try:
                self._fill(deadline)
            except Closed:
                return -1, b""

    def expect_close(self, timeout=30):
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self._fill(deadline)
        except Closed:
            return bytes(self.data)
        raise TimeoutError("the gateway did not close the connection; got %r" % bytes(self.data[-300:]))

    def send_line(self, text):
        self.sock.sendall(text.encode() + b"\r\n")

    def send_raw(self, data):
        self.sock.sendall(data)

    def resize(self, cols, rows):
        self.window = (cols, rows)
        self.sock.sendall(bytes([IAC, SB, NAWS]) + struct.pack(">HH", cols, rows) +
                          bytes([IAC, SE]))

    def abort(self):
        """Resets the connection, as a killed client's host would."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self):
        self.sock.close()


def login(host, port, account, password, prompt, source=None, timeout=120, retry_s=2):
    """A logged-in connection at its shell prompt; retries while the
    gateway says it has too many connections."""
    deadline = time.monotonic() + timeout
    while True:
        c = TelnetConn(host, port, source)
        try:
            c.expect("login: ", timeout=max(1, deadline - time.monotonic()))
        except Closed:
            if b"too many connections" not in c.data or time.monotonic() > deadline:
                raise
            time.sleep(retry_s)
            continue
        c.send_line(account)
        c.expect("Password: ", timeout=max(1, deadline - time.monotonic()))
        c.send_line(password)
        c.expect(prompt, timeout=max(1, deadline - time.monotonic()))
        return c


def inspect(host, port, timeout=10):
    """The inspector's counts as a dict of ints."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(512)
            if not chunk:
                break
            data += chunk
    return {k: int(v) for k, v in (kv.split("=") for kv in data.decode().split())}
