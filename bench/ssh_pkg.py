#!/usr/bin/python3
"""A copy of a capOS boot package whose operator password is a fresh random
one, for the SSH benchmark (bench/ssh.sh).

Usage: ssh_pkg.py --pkg IN.pkg --out OUT.pkg --password-out FILE
                  --mkmanifest M --mkbootpkg B --phc P [--account operator]
                  [--principal 1] [--authorized-key KEY.pub]...

Reads IN.pkg's entries (layout: lib/pure/include/capos/bootpkg.h), prints
its compiled system back to manifest text (mkmanifest --dump), and packs the
same entries again the way the QEMU scenarios do (tests/qemu/pylib/
guest_package.py): mkmanifest with --credentials-in holding IN's verifier
records minus ACCOUNT's plus one Argon2id verifier of the new password
(tools/phc, `./capos provision`'s parameters), then mkbootpkg with the same
boot manifest, init and other entries in the same order. Each --authorized-key
adds an "authorized_key ACCOUNT TYPE BLOB" record (the SSH gateway's public
key logins) to the system text. The password goes to FILE (mode 0600) and
nowhere else; the work files sit next to OUT (a directory OUT.d).
"""
import argparse
import os
import secrets
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "qemu", "pylib"))
import guest_package  # noqa: E402

MAGIC = b"CAPOSPK1"
HEADER, ENTRY, NAME = 16, 64, 48


def entries(path):
    """[(name, bytes)] of a boot package, in table order."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != MAGIC:
        raise SystemExit("%s is not a capOS boot package" % path)
    count, = struct.unpack_from("<I", data, 8)
    out = []
    for i in range(count):
        name, off, size = struct.unpack_from("<%dsQQ" % NAME, data, HEADER + ENTRY * i)
        if off + size > len(data):
            raise SystemExit("%s: entry %d lies outside the package" % (path, i))
        out.append((name.rstrip(b"\0").decode(), data[off:off + size]))
    return out


def main():
    ap = argparse.ArgumentParser()
    for opt in ("pkg", "out", "password-out", "mkmanifest", "mkbootpkg", "phc"):
        ap.add_argument("--" + opt, required=True)
    ap.add_argument("--account", default="operator")
    ap.add_argument("--principal", type=int, default=1)
    ap.add_argument("--authorized-key", action="append", default=[])
    ap.add_argument("--inspector", help="the test inspector's binary (memory readings)")
    ap.add_argument("--inspector-system", help="its manifest lines")
    a = ap.parse_args()
    work = a.out + ".d"
    os.makedirs(work, mode=0o700, exist_ok=True)
    os.umask(0o077)
    found = entries(a.pkg)
    names = [n for n, _ in found]
    for need in ("manifest", "init", "system"):
        if need not in names:
            raise SystemExit("%s has no %r entry" % (a.pkg, need))
    paths = {}
    for name, data in found:
        paths[name] = os.path.join(work, "entry." + name)
        with open(paths[name], "wb") as f:
            f.write(data)
    text = subprocess.run([a.mkmanifest, "--dump", paths["system"]], check=True,
                          capture_output=True, text=True).stdout
    for pub in a.authorized_key:
        with open(pub) as f:
            kind, blob = f.read().split()[:2]
        text += "authorized_key %s %s %s\n" % (a.account, kind, blob)
    if a.inspector:
        with open(a.inspector_system) as f:
            text += f.read()
        paths["inspectd"] = a.inspector
        names.append("inspectd")
    source = os.path.join(work, "system.txt")
    with open(source, "w") as f:
        f.write(text)

    password = "pw-" + secrets.token_urlsafe(12)
    _, line = guest_package.verifier_line(a.phc, a.account, a.principal, password, work)
    os.unlink(os.path.join(work, a.account + ".pw"))
    kept = []
    for old in dict(found).get("credentials", b"").decode().splitlines():
        f = old.split()
        if f and not (f[0] == "verifier" and len(f) > 2 and f[2] == a.account):
            kept.append(old + "\n")
    creds_in = os.path.join(work, "credentials.in")
    with open(creds_in, "w") as f:
        f.write("".join(kept) + line)

    system, creds = a.out + ".system", a.out + ".credentials"
    others = [n for n in names if n not in ("manifest", "init", "system", "credentials")]
    mm = [a.mkmanifest, "-o", system, "--credentials-out", creds, "--credentials-in", creds_in]
    for n in others:
        mm += ["-e", n]
    guest_package.run(mm + [source])
    pk = [a.mkbootpkg, "-o", a.out, "--manifest", paths["manifest"], "init=" + paths["init"],
          "system=" + system, "credentials=" + creds] + ["%s=%s" % (n, paths[n]) for n in others]
    guest_package.run(pk)
    fd = os.open(a.password_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password)
    print("%s: %d entries, fresh %s verifier, %d key(s) authorized" % (
        a.out, len(names), a.account, len(a.authorized_key)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
