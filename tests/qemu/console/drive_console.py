#!/usr/bin/python3
"""Console login scenarios: boots the console system and types at its shell.

    drive_console.py SCENARIO --kernel K --mkmanifest M --mkbootpkg B --phc P
        --boot-manifest BM --init I --system SYSTEM --work DIR --timeout S
        --entry NAME=PATH ...

Each run makes fresh random test passwords (kept in memory and in a private
work directory, never printed), builds its own boot package from SYSTEM
(init/default.system, edited per scenario) with mkmanifest and mkbootpkg,
and for scenarios with a provisioned operator the host makes its Argon2id
verifier with tools/phc, as `./capos provision` does. QEMU runs on a pty,
as for a person at `./capos run`; the script waits for each prompt and
types. A scenario passes when every expectation is met in order, QEMU
exits with the expected status in time, and no secret reached the serial
transcript (which includes everything the `audit` command printed): neither
password, the verifier, its salt or hash, nor anything shaped like a token
or key (32+ hex digits, 22+ base64 characters). QEMU is never left running.
"""
import argparse
import os
import re
import secrets
import sys
import tempfile
import time

import pexpect

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pylib"))
import guest_package  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
QEMU = os.path.join(HERE, "..", "..", "..", "tools", "capos-qemu")
PROMPT_ANON = "anonymous> "
PROMPT_OP = "operator> "
PROMPT_GUEST = "guest> "
FAILURE_MARKERS = ["KERNEL PANIC", "REFUSING TO BOOT", "user fault", "LEAK"]


class Scenario:
    """What to boot and the conversation: a list of (send, expect) steps."""

    def __init__(self, edits=(), operator=False, alice=False, cpu=None, exit_code=0):
        self.edits = edits  # (regex, replacement) applied to the system manifest
        self.operator = operator  # provision an operator verifier
        self.alice = alice  # provision a verifier for account "alice"
        self.cpu = cpu
        self.exit_code = exit_code  # QEMU's status at the end, None: stop QEMU after the talk


def shutdown_steps(prompt):
    return [
        ("shutdown", "System is shutting down."),
        (None, "init: shutdown requested by 'broker'"),
        (None, "init: stopped 'shell'"),
        (None, "init: stopped 'terminal'"),
        (None, "init: stopped 'sessiond'"),
        (None, "init: stopped 'broker'"),
        (None, "init: stopped 'credstore'"),
        (None, "init: stopped 'audit'"),
        (None, "init: shutdown complete, exiting"),
        (None, "kernel: last process exited, halting"),
    ]


def conversation(name, pw):
    """The steps of each scenario; pw holds this run's secrets."""
    if name == "login":  # tests 1, 4, 7, 8
        return [
            (None, PROMPT_ANON),
            ("login", "username> "),
            ("operator", "password> "),
            (pw["wrong"], "Login incorrect. Next attempt in 1 s."),
            (None, "password> "),
            (pw["operator"], re.escape("Logged in as operator (profile operator)")),
            (None, PROMPT_OP),
            ("caps", re.escape("launcher       ProcessSpawner")),
            (None, re.escape("shutdown       ShutdownControl")),
            (None, re.escape("status         SystemStatus")),
            (None, re.escape("logs           LogReader")),
            (None, re.escape("self           SessionSelf")),
            (None, "profile: operator"),
            ("whoami", "operator: profile operator, principal class operator, "
                       "authenticated by password"),
            ("run greet terminal", "greet: hello from a child process holding 1 capabilities"),
            (None, "greet exited with code 1"),
            ("run termprobe", "termprobe exited with code 20"),  # test 7
            ("run termprobe terminal", "termprobe: wrote to the terminal it was granted"),
            (None, "termprobe exited with code 10"),
            ("run credstore", re.escape("run: 'credstore' is not a program this session may "
                                        "start (DENIED)")),
            ("status", r"sessiond\s+running"),
            ("call status service 0", 'SystemStatus.service: total=8 name="audit" state=0'),
            ("audit", r"auth_failed\s+denied"),
            (None, r"auth_ok\s+ok"),
            (None, r"session_created\s+ok\s+subject \d+\s+password"),
            (None, r"shell_launch\s+ok\s+subject \d+\s+greet"),
            (None, r"shell_launch\s+denied\s+subject \d+\s+not_allowed"),
            (None, "end of log"),
        ] + shutdown_steps(PROMPT_OP)
    if name == "setup":  # test 2, 8
        return [
            (None, PROMPT_ANON),
            ("login", "username> "),
            ("operator", "password> "),
            (pw["operator"], "login: setup required: no operator credential exists yet"),
            ("setup", "new password> "),
            (pw["operator"], "new password again> "),
            (pw["wrong"], "setup: the passwords differ; nothing was created"),
            ("setup", "new password> "),
            (pw["operator"], "new password again> "),
            (pw["operator"], "Created the operator credential .VOLATILE: it lives in RAM only"),
            (None, PROMPT_OP),
            ("setup", "setup: an operator credential already exists; use 'login'"),
            ("logout", "Logged out: the session and every capability issued for it have ended."),
            (None, PROMPT_ANON),
            ("login operator", "password> "),
            (pw["operator"], "Logged in as operator"),
            ("audit", r"setup\s+ok\s+subject \d+\s+token_redeemed"),
            (None, r"credential_created\s+ok\s+subject \d+\s+volatile"),
            (None, r"session_created\s+ok\s+subject \d+\s+setup"),
            (None, r"logout\s+ok"),
            (None, r"session_ended\s+ok\s+subject \d+\s+logout"),
            (None, r"session_created\s+ok\s+subject \d+\s+password"),
            (None, "end of log"),
        ] + shutdown_steps(PROMPT_OP)
    if name == "anonymous":  # tests 3, 5 (guest disabled)
        return [
            (None, PROMPT_ANON),
            ("caps", "5 capabilities; session profile: anonymous"),
            ("shutdown", "shutdown: this session holds no ShutdownControl capability"),
            ("run greet", "run: this session holds no launcher, so it cannot start programs"),
            ("spawn termprobe terminal", "spawn: this session holds no launcher"),
            ("audit", "audit: this session holds no LogReader capability"),
            ("call broker shell_bundle @terminal", r"call: the call failed \(BAD_ARGS\)"),
            ("call sessions setup_state", "SessionManager.setup_state: state=0"),
            ("guest", "guest: guest sessions are disabled on this system"),
            ("whoami", "profile anonymous, principal class anonymous"),
            ("login operator", "password> "),
            (pw["wrong"], "Login incorrect. Next attempt in 1 s."),
            (None, "password> "),
            ("\x03", "login: cancelled"),
            ("caps", "5 capabilities; session profile: anonymous"),
            ("release terminal", "release: the shell needs 'terminal'"),
            ("release broker", "released broker"),
            ("caps", "4 capabilities"),
            ("bogus", "shell: unknown command 'bogus'"),
            ('call "unterminated', "shell: unterminated quote"),
        ]
    if name == "guest":  # test 5 (enabled)
        return [
            (None, PROMPT_ANON),
            ("guest", "Guest session started .profile guest."),
            (None, PROMPT_GUEST),
            ("caps", re.escape("launcher       ProcessSpawner")),
            (None, re.escape("logs           LogReader")),
            (None, "8 capabilities; session profile: guest"),
            ("whoami", "guest: profile guest, principal class guest, authenticated by none"),
            ("run greet terminal", "greet exited with code 1"),
            ("run termprobe terminal", re.escape("run: 'termprobe' is not a program this "
                                                 "session may start (DENIED)")),
            ("shutdown", "shutdown: this session holds no ShutdownControl capability"),
            ("status", "status: this session holds no SystemStatus capability"),
            ("audit", r"shell_launch\s+ok\s+subject \d+\s+greet"),
            (None, r"shell_launch\s+denied\s+subject \d+\s+not_allowed"),
            (None, "end of log"),
            ("logout", "Logged out"),
            (None, PROMPT_ANON),
        ]
    if name == "no_entropy":  # test 6
        return [
            (None, "kernel: WARNING: no hardware entropy source"),
            (None, PROMPT_ANON),
            ("login alice", "password> "),
            (pw["alice"], "login: unavailable: the credential service cannot answer "
                          r"\(failing closed\)"),
            ("setup", "new password> "),
            (pw["operator"], "new password again> "),
            (pw["operator"], "setup: no entropy source, so no credential can be created "
                             r"\(failing closed\)"),
            ("guest", "guest: guest sessions are disabled"),
            ("caps", "profile: anonymous"),
        ]
    if name == "expired":  # test 9
        return [
            (None, PROMPT_ANON),
            ("login operator", "password> "),
            (pw["operator"], "Logged in as operator"),
            ("spawn greet", "started greet as proc1"),
            ("wait proc1", "proc1 exited with code 0"),
            ("SLEEP 5", None),
            ("run greet terminal", re.escape("run: the session has ended; its launcher no "
                                             "longer works (SESSION_STALE)")),
            ("whoami", "ENDED|SESSION_STALE"),
            ("shutdown", "shutdown: .*SESSION_STALE"),
            ("logout", "Logged out"),
            (None, PROMPT_ANON),
        ]
    raise SystemExit("drive_console.py: unknown scenario " + name)


SCENARIOS = {
    "login": Scenario(operator=True),
    "setup": Scenario(),
    "anonymous": Scenario(operator=True, exit_code=None),
    "guest": Scenario(edits=[(r"(?m)^guest disabled$", "guest enabled")], exit_code=None),
    "no_entropy": Scenario(alice=True, cpu="qemu64", exit_code=None),
    "expired": Scenario(operator=True, exit_code=None,
                        edits=[(r"(?m)^(profile operator .*)$", r"\1 ttl=4")]),
}


def build_package(a, sc, pw, work):
    with open(a.system) as f:
        text = f.read()
    for pattern, repl in sc.edits:
        text, n = re.subn(pattern, repl, text)
        if n != 1:
            raise SystemExit("drive_console.py: manifest edit %r matched %d times" % (pattern, n))
    accounts = [(account, principal, pw[account])
                for account, wanted, principal in (("operator", sc.operator, 1),
                                                   ("alice", sc.alice, 2)) if wanted]
    return guest_package.build_package(a, text, accounts, work, "console")


def converse(child, steps, deadline):
    for send, expect in steps:
        if send is not None and send.startswith("SLEEP "):
            time.sleep(float(send.split()[1]))
            continue
        if send is not None:
            child.send(send if send == "\x03" else send + "\r")
        if expect is not None:
            child.expect(expect, timeout=max(1, deadline - time.monotonic()))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scenario")
    guest_package.Tools.add_arguments(p)
    p.add_argument("--timeout", type=float, default=180)
    a = p.parse_args()
    sc = SCENARIOS.get(a.scenario)
    if sc is None:
        raise SystemExit("drive_console.py: unknown scenario " + a.scenario)
    pw = {k: "pw-" + secrets.token_urlsafe(12) for k in ("operator", "wrong", "alice")}
    os.makedirs(a.work, exist_ok=True)
    os.umask(0o077)
    with tempfile.TemporaryDirectory(dir=a.work) as work:
        pkg, verifiers = build_package(a, sc, pw, work)
        qemu = [QEMU, a.kernel, pkg] + (["--cpu", sc.cpu] if sc.cpu else [])
        child = pexpect.spawn(qemu[0], qemu[1:], encoding="utf-8", codec_errors="replace")
        log = []
        child.logfile_read = type("L", (), {"write": lambda s, t: log.append(t),
                                            "flush": lambda s: None})()
        problems = []
        deadline = time.monotonic() + a.timeout
        try:
            converse(child, conversation(a.scenario, pw), deadline)
            if sc.exit_code is not None:
                child.expect(pexpect.EOF, timeout=max(1, deadline - time.monotonic()))
        except pexpect.TIMEOUT:
            problems.append("timed out waiting for %r" % child.pattern if hasattr(child, "pattern")
                            else "timed out")
        except pexpect.EOF:
            problems.append("QEMU exited before the conversation ended")
        finally:
            if child.isalive():
                child.terminate(force=True)
            child.close()
        transcript = "".join(log)
        if sc.exit_code is not None and not problems and child.exitstatus != sc.exit_code:
            problems.append("QEMU exit status %s, expected %d" % (child.exitstatus, sc.exit_code))
        for m in FAILURE_MARKERS:
            if m in transcript:
                problems.append("failure marker in transcript: " + m)
        problems += guest_package.leaks(transcript, pw.values(), verifiers)
        # the transcript is printed only after the secrets were checked out of it
        sys.stdout.write(guest_package.redact(transcript, pw.values(), verifiers))
        if problems:
            print("\nconsole scenario %s: FAIL" % a.scenario)
            for pr in problems:
                print("  - " + pr)
            return 1
        print("\nconsole scenario %s: PASS" % a.scenario)
        return 0


if __name__ == "__main__":
    sys.exit(main())
