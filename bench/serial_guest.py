"""One QEMU run of a benchmark guest (bench/net_client.py, bench/ssh_client.py):
its serial transcript collected in the background, timestamped in host ms
since spawn and written to a file as it comes."""
import subprocess
import threading
import time


class Guest:
    """One QEMU run; the serial transcript is collected in the background.
    The serial console's input is a pipe (send()), for readings taken there."""

    def __init__(self, argv, transcript):
        self.lines, self.eof = [], False
        self.cond = threading.Condition()
        self.t0 = time.monotonic()
        self.log = open(transcript, "w", encoding="utf-8")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            ms = (time.monotonic() - self.t0) * 1000
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            with self.cond:
                self.log.write("%.3f %s\n" % (ms, line))
                self.log.flush()
                self.lines.append((ms, line))
                self.cond.notify_all()
        with self.cond:
            self.eof = True
            self.cond.notify_all()

    def wait_for(self, text, timeout):
        """ms since spawn of the first line containing text, or None."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                for ms, line in self.lines:
                    if text in line:
                        return ms
                left = end - time.monotonic()
                if left <= 0 or self.eof:
                    return None
                self.cond.wait(min(left, 1.0))

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def grep(self, text):
        with self.cond:
            return [line for _, line in self.lines if text in line]

    def tail(self, n=60):
        with self.cond:
            return [line for _, line in self.lines[-n:]]

    def exited(self):
        return self.proc.poll() is not None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with self.cond:
            self.log.close()
