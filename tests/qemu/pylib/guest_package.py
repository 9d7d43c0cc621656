"""Boot packages made by a test at run time, and the secret checks of its
transcripts. Shared by the console and telnet scenario drivers.

A test makes fresh random passwords, has the host make their Argon2id
verifiers with tools/phc exactly as `./capos provision` does, compiles its
system manifest with mkmanifest and packs it with mkbootpkg. The passwords
stay in memory and in the test's private work directory, and the checks
below fail a test whose transcript shows one of them, a verifier, its salt
or hash, or anything shaped like a token or a key.
"""
import os
import re
import subprocess

PHC_PARAMS = ["-t", "2", "-m", "19456", "-p", "1"]  # ./capos provision's


class Tools:
    """The host tools and inputs of a package (command-line options)."""

    OPTIONS = ("kernel", "mkmanifest", "mkbootpkg", "phc", "boot-manifest", "init", "system",
               "work")

    @staticmethod
    def add_arguments(parser):
        for opt in Tools.OPTIONS:
            parser.add_argument("--" + opt, required=True)
        parser.add_argument("--entry", action="append", default=[])


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def verifier_line(phc, account, principal, password, work):
    pwfile = os.path.join(work, account + ".pw")
    with open(pwfile, "w") as f:
        f.write(password)
    with open(pwfile) as f:
        phc_str = subprocess.run([phc, "hash"] + PHC_PARAMS, stdin=f, check=True,
                                 capture_output=True, text=True).stdout.strip()
    return phc_str, "verifier v1 %s %d %d 1700000000000 %s\n" % (
        account, principal, principal + 100, phc_str)


def build_package(a, system_text, accounts, work, name="test"):
    """A boot package of system_text with verifiers for accounts, a list of
    (account, principal, password). Returns (package path, verifiers)."""
    system = os.path.join(work, name + ".system")
    with open(system, "w") as f:
        f.write(system_text)
    creds_in = os.path.join(work, "credentials.in")
    verifiers = []
    with open(creds_in, "w") as f:
        for account, principal, password in accounts:
            phc_str, line = verifier_line(a.phc, account, principal, password, work)
            verifiers.append(phc_str)
            f.write(line)
    out = os.path.join(work, name + ".pkg")
    mm = [a.mkmanifest, "-o", out + ".system", "--credentials-out", out + ".credentials",
          "--credentials-in", creds_in]
    for e in a.entry:
        mm += ["-e", e.split("=", 1)[0]]
    run(mm + [system])
    run([a.mkbootpkg, "-o", out, "--manifest", a.boot_manifest, "init=" + a.init,
         "system=" + out + ".system", "credentials=" + out + ".credentials"] + a.entry)
    return out, verifiers


def secrets_of(passwords, verifiers):
    found = list(passwords)
    for v in verifiers:
        parts = v.split("$")
        found += [v, parts[-1], parts[-2]]  # the hash and the salt
    return found


def leaks(transcript, passwords, verifiers):
    problems = []
    for s in secrets_of(passwords, verifiers):
        if s and s in transcript:
            problems.append("a test secret appears in the transcript")
    if re.search(r"[0-9a-fA-F]{32,}", transcript):
        problems.append("a run of 32+ hex digits (token-shaped) appears in the transcript")
    for run_ in re.findall(r"[A-Za-z0-9+/]{22,}", transcript):
        # encoded keys and tokens mix cases and digits; words joined by '+' do not
        if re.search("[a-z]", run_) and re.search("[A-Z]", run_) and re.search("[0-9]", run_):
            problems.append("a run of 22+ base64 characters appears in the transcript")
            break
    return problems


def redact(transcript, passwords, verifiers):
    """The transcript with every secret replaced (print only after leaks())."""
    for s in secrets_of(passwords, verifiers):
        if s:
            transcript = transcript.replace(s, "<secret>")
    return transcript
