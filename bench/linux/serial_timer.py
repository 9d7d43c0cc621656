#!/usr/bin/python3
"""Run a command whose stdout is a guest serial console; time one marker line.

Usage: serial_timer.py --marker STR --transcript FILE -- CMD [ARG...]

Contract:
  - CMD runs with stdin=/dev/null and stderr merged into stdout.
  - The clock (host monotonic) starts immediately before CMD is spawned.
  - FILE receives every output line as "<ms since spawn, 3 decimals> <line>".
  - stdout gets exactly one line: "marker_ms=<ms|none> rc=<CMD exit status>",
    where marker_ms is the time the first line containing STR was complete.
  - Exit status is CMD's (negative signal numbers map to 128+sig).
Stdlib only; no timeout of its own (wrap CMD in timeout(1)).
"""
import argparse
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--marker", required=True)
    ap.add_argument("--transcript", required=True)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("missing command")

    marker_ms = None
    t0 = time.monotonic_ns()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with open(a.transcript, "w", encoding="utf-8") as tr:
        for raw in proc.stdout:
            ms = (time.monotonic_ns() - t0) / 1e6
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if marker_ms is None and a.marker in line:
                marker_ms = ms
            tr.write(f"{ms:.3f} {line}\n")
    rc = proc.wait()
    if rc < 0:
        rc = 128 - rc
    shown = "none" if marker_ms is None else f"{marker_ms:.3f}"
    print(f"marker_ms={shown} rc={rc}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
