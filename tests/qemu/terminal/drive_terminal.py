#!/usr/bin/python3
"""Types on the serial console of the terminal scenario and judges it.

    drive_terminal.py MODE KERNEL PKG TIMEOUT_S      MODE: discipline | hidden

Boots tools/capos-qemu on a pty (as a person at `./capos run` would), waits
for each prompt of term-client's fixed conversation (client.c) and types the
answer. Both modes run the same conversation:

    login>          an empty line (refused, prompt again), then "hello"
    password>       the hidden test secret with a typo erased by DEL
    secret-cancel>  the start of the secret, then Ctrl-C
    cancel>         "abc", then Ctrl-C
    short>          eight bytes into a four-byte line
    eof>            Ctrl-D, after a rival reader was refused

"discipline" asserts the echo and results of the line discipline as seen on
the console; "hidden" asserts that nothing of the secret reaches the serial
transcript: no echo at all between the hidden prompts and their newlines,
and not the secret nor any 4-byte piece of it anywhere. Either mode also
needs QEMU to exit 0 within TIMEOUT_S with no failure marker. QEMU is never
left running.
"""
import io
import os
import sys
import termios
import time

import pexpect

SECRET = b"Kx9!vQ2#mZ7@"
TYPO = b"X"

CONVERSATION = [
    # (wait for, then type)
    (b"login> ", b"\r"),
    (b"login> ", b"hello\r"),
    (b"password> ", SECRET + TYPO + b"\x7f\r"),
    (b"secret-cancel> ", SECRET[:6] + b"\x03"),
    (b"cancel> ", b"abc\x03"),
    (b"short> ", b"abcdefgh\r"),
    (b"eof> ", b""),
    (b"rival.second_reader: QUEUE_FULL", b"\x04"),
]

COMMON = [
    b"terminal.wired: OK",
    b"terminal-test: PASS",
    b"kernel: last process exited, halting",
]

DISCIPLINE = [
    b"terminal-test: banner\r\n",
    b"multi\r\nline\r\n",
    b"size: 80x24",
    b"login> \r\nlogin> hello\r\n",
    b"visible: err=OK status=0 len=5 line=hello",
    b"cancel> abc^C\r\n",
    b"cancel: err=OK status=1 len=0 line=\r\n",
    b"short> abcd\x07\x07\x07\x07\r\n",
    b"short: err=OK status=0 len=4 line=abcd\r\n",
    b"eof> rival.second_reader: QUEUE_FULL\r\n\r\neof: err=OK status=2 len=0 line=\r\n",
    b"rival.exit: 0",
    b"uart.client_com1_after_move: STALE_CAP",
    b"uart.irq4_claim_again: EXISTS",
    b"stranger.terminal_cap: none",
    b"stranger.com1_cap: none",
    b"stranger.forged_handle: INVALID_CAP",
    b"stranger.forged_ioports: INVALID_CAP",
    b"stranger.terminals_reachable_by_scan: 0",
    b"stranger.exit: 0",
    b"terminal.terminate: OK",
    b"terminal.call_after_terminate: BROKEN",
]

HIDDEN = [
    # the only echo of a hidden line is the newline that ends it
    b"password> \r\nhidden: err=OK status=0 len=12 match=yes\r\n",
    b"secret-cancel> \r\nhidden_cancel: err=OK status=1 len=0 match=yes\r\n",
]

FAILURE_MARKERS = [b"CHECK FAILED", b"KERNEL PANIC", b"killed:", b"rival> "]


def raw_output():
    """In the child, before QEMU starts: no output post-processing on the pty,
    so the transcript holds exactly the bytes the guest sent."""
    attrs = termios.tcgetattr(1)
    attrs[1] &= ~termios.ONLCR
    termios.tcsetattr(1, termios.TCSANOW, attrs)


def converse(child, deadline):
    """Runs the conversation; returns a problem string or None."""
    for wait_for, answer in CONVERSATION:
        try:
            child.expect_exact(wait_for, timeout=max(1, deadline - time.monotonic()))
        except pexpect.TIMEOUT:
            return "timed out waiting for %r" % wait_for
        except pexpect.EOF:
            return "QEMU ended while waiting for %r" % wait_for
        if answer:
            child.send(answer)
    try:
        child.expect(pexpect.EOF, timeout=max(1, deadline - time.monotonic()))
    except pexpect.TIMEOUT:
        return "QEMU did not exit in time"
    return None


def secret_leaks(transcript):
    """Every piece of the typed secret (with its typo) found in the transcript."""
    typed = SECRET + TYPO
    pieces = {typed[i:i + 4] for i in range(len(typed) - 3)}
    return sorted(p for p in pieces if p in transcript)


def redact(transcript):
    """The transcript with every byte of every piece of the secret masked."""
    covered = bytearray(transcript)
    for piece in secret_leaks(transcript):
        at = transcript.find(piece)
        while at >= 0:
            covered[at:at + len(piece)] = b"#" * len(piece)
            at = transcript.find(piece, at + 1)
    return bytes(covered)


def judge(mode, transcript, status):
    problems = []
    if status != 0:
        problems.append("QEMU exited with %s, expected 0" % status)
    wanted = COMMON + (DISCIPLINE if mode == "discipline" else HIDDEN)
    problems += ["missing: %r" % w for w in wanted if w not in transcript]
    problems += ["found failure marker: %r" % m for m in FAILURE_MARKERS if m in transcript]
    if mode == "hidden":
        leaks = secret_leaks(transcript)
        if leaks:
            problems.append("the hidden secret leaked: %d pieces of it" % len(leaks))
    return problems


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("discipline", "hidden"):
        sys.exit(__doc__)
    mode, kernel, pkg, timeout_s = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    here = os.path.dirname(os.path.abspath(__file__))
    qemu = os.path.join(here, "..", "..", "..", "tools", "capos-qemu")
    log = io.BytesIO()
    child = pexpect.spawn(qemu, [kernel, pkg], echo=False, preexec_fn=raw_output)
    child.logfile_read = log
    try:
        problem = converse(child, time.monotonic() + timeout_s)
    finally:
        child.close(force=True)
    status = child.exitstatus if child.signalstatus is None else -child.signalstatus
    transcript = log.getvalue()
    problems = ([problem] if problem else []) + judge(mode, transcript, status)
    if problems:
        print("terminal scenario (%s) FAILED:" % mode)
        for p in problems:
            print("  - " + p)
        print("----- transcript (secret redacted) -----")
        sys.stdout.write(redact(transcript).decode("utf-8", "replace"))
        print("\n----------------------")
        sys.exit(1)
    print("terminal scenario (%s) passed" % mode)


if __name__ == "__main__":
    main()
