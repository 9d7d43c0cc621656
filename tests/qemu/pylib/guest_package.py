"""Boot packages made by a test at run time, and the secret checks of its
transcripts. Shared by the console, telnet and SSH scenario drivers.

A test makes fresh random passwords, has the host make their Argon2id
verifiers with tools/phc exactly as `./capos provision` does, compiles its
system manifest with mkmanifest and packs it with mkbootpkg. The passwords
stay in memory and in the test's private work directory, and the checks
below fail a test whose transcript shows one of them, a verifier, its salt
or hash, or anything shaped like a token or a key.

For SSH, make_host_keys() makes fresh host keys in the work directory with
tools/ssh-hostkeys (their entry goes to build_package's extra_entries),
make_client_key() a client key pair with ssh-keygen, and build_package's
authorized_keys puts `authorized_key` records for public key files into
the system image, as `./capos provision --authorize-key` does for the boot
package of `./capos run`:

    hk = guest_package.make_host_keys(work)
    priv, pub = guest_package.make_client_key(work, "client")
    pkg, verifiers = guest_package.build_package(
        a, text, accounts, work, "ssh", authorized_keys=[("operator", pub)],
        extra_entries=[hk.entry])
    # ssh -o UserKnownHostsFile=<hk.known_hosts(work, port)> -i priv ...
    # secrets: hk.secrets() + private_key_secrets(priv)
"""
import os
import re
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SSH_HOSTKEYS = os.path.join(ROOT, "tools", "ssh-hostkeys")
HOST_KEY_TYPES = ("ed25519", "ecdsa")  # the order of the ssh_hostkeys entry

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


def authorized_key_line(account, pub_path):
    """The `authorized_key ACCOUNT TYPE BASE64` record (with its newline) of
    the public key in pub_path (an OpenSSH .pub file; the comment is
    dropped)."""
    with open(pub_path) as f:
        fields = f.read().split()
    if len(fields) < 2:
        raise ValueError("%s: not an OpenSSH public key" % pub_path)
    return "authorized_key %s %s %s\n" % (account, fields[0], fields[1])


def make_client_key(work, name, key_type="ed25519", bits=None):
    """A fresh client key pair in work (no passphrase, mode 0600); returns
    (private key path, public key path). bits for ecdsa/rsa only."""
    priv = os.path.join(work, name)
    for p in (priv, priv + ".pub"):
        if os.path.exists(p):
            os.unlink(p)
    cmd = ["ssh-keygen", "-q", "-N", "", "-t", key_type, "-C", name, "-f", priv]
    if bits:
        cmd += ["-b", str(bits)]
    run(cmd, stdin=subprocess.DEVNULL)
    os.chmod(priv, 0o600)
    return priv, priv + ".pub"


def private_key_secrets(priv_path):
    """The base64 lines of an OpenSSH private key file: none of them may
    appear in a transcript."""
    with open(priv_path) as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("-----")]


class HostKeys:
    """Host keys made by tools/ssh-hostkeys in a directory of the test."""

    def __init__(self, directory, entry_path):
        self.directory = directory
        self.path = entry_path  # the ssh_hostkeys entry's file
        self.entry = "ssh_hostkeys=" + entry_path  # for build_package's extra_entries
        self.private = [os.path.join(directory, "ssh_host_%s_key" % t) for t in HOST_KEY_TYPES]
        self.public = [p + ".pub" for p in self.private]

    def public_lines(self):
        """'TYPE BASE64' of each host key, in entry order."""
        out = []
        for p in self.public:
            with open(p) as f:
                out.append(" ".join(f.read().split()[:2]))
        return out

    def known_hosts(self, work, port, host="127.0.0.1"):
        """A known_hosts file naming these keys for host:port; returns its
        path (for ssh -o UserKnownHostsFile=... -o StrictHostKeyChecking=yes)."""
        path = os.path.join(work, "known_hosts")
        name = host if port == 22 else "[%s]:%d" % (host, port)
        with open(path, "w") as f:
            for line in self.public_lines():
                f.write("%s %s\n" % (name, line))
        return path

    def fingerprints(self):
        """tools/ssh-hostkeys --fingerprints: one 'BITS SHA256:... (TYPE)' line
        per key."""
        return subprocess.run([SSH_HOSTKEYS, "--fingerprints", self.directory], check=True,
                              capture_output=True, text=True).stdout.splitlines()

    def secrets(self):
        out = []
        for p in self.private:
            out += private_key_secrets(p)
        return out


def make_host_keys(work, name="hostkeys"):
    """Fresh SSH host keys in work/name (tools/ssh-hostkeys) and the
    ssh_hostkeys entry file (the private keys concatenated, ed25519 first,
    mode 0600), as the build makes them for ssh.pkg."""
    directory = os.path.join(work, name)
    run([SSH_HOSTKEYS, directory])
    entry = os.path.join(work, "ssh_hostkeys")
    fd = os.open(entry, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        for t in HOST_KEY_TYPES:
            with open(os.path.join(directory, "ssh_host_%s_key" % t)) as f:
                out.write(f.read())
    return HostKeys(directory, entry)


def build_package(a, system_text, accounts, work, name="test", authorized_keys=(),
                  extra_entries=()):
    """A boot package of system_text with verifiers for accounts, a list of
    (account, principal, password), authorized_key records for
    authorized_keys, a list of (account, public key file), and the package
    entries of a.entry plus extra_entries ("name=path", e.g. HostKeys.entry).
    Returns (package path, verifiers)."""
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
    keys_in = os.path.join(work, "authorized_keys.in")
    with open(keys_in, "w") as f:
        for account, pub_path in authorized_keys:
            f.write(authorized_key_line(account, pub_path))
    entries = list(a.entry) + list(extra_entries)
    out = os.path.join(work, name + ".pkg")
    mm = [a.mkmanifest, "-o", out + ".system", "--credentials-out", out + ".credentials",
          "--credentials-in", creds_in, "--authorized-keys-in", keys_in]
    for e in entries:
        mm += ["-e", e.split("=", 1)[0]]
    run(mm + [system])
    run([a.mkbootpkg, "-o", out, "--manifest", a.boot_manifest, "init=" + a.init,
         "system=" + out + ".system", "credentials=" + out + ".credentials"] + entries)
    if extra_entries:
        os.chmod(out, 0o600)  # host keys are private
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


# ---- the scenario drivers' QEMU plumbing ----

def spawn_logged(cmd, args, **kw):
    """pexpect child of cmd whose output is also kept in child.log (a list)."""
    import pexpect
    child = pexpect.spawn(cmd, args, encoding="utf-8", codec_errors="replace", **kw)
    child.log = []
    child.logfile_read = type("L", (), {"write": lambda s, t: child.log.append(t),
                                        "flush": lambda s: None})()
    return child


def drain_in_background(child):
    """Keeps reading the console so the guest never blocks on it; join it."""
    import threading
    import pexpect

    def drain():
        while child.isalive():
            try:
                child.expect(pexpect.EOF, timeout=1)
            except pexpect.TIMEOUT:
                pass
            except Exception:  # noqa: BLE001
                return
    t = threading.Thread(target=drain, daemon=True)
    t.start()
    return t


def describe(e):
    """An exception and the last frames it came through, for a problem line."""
    import traceback
    where = traceback.extract_tb(e.__traceback__)[-3:]
    return "%s: %s (at %s)" % (type(e).__name__, str(e)[-1500:], "; ".join(
        "%s:%d" % (os.path.basename(f.filename), f.lineno) for f in where))


def report(kind, scenario, problems):
    """Prints the verdict; the exit status."""
    if problems:
        print("\n%s scenario %s: FAIL" % (kind, scenario))
        for pr in problems:
            print("  - " + pr)
        return 1
    print("\n%s scenario %s: PASS" % (kind, scenario))
    return 0
