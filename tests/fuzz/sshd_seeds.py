#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_sshd (tests/fuzz/corpus/fuzz_sshd/).

Each seed is the harness's control byte (see fuzz_sshd.c) and then either
what a client sends (SSH packets built here by hand, RFC 4253/4252/4254),
host-key text, or an OpenSSH private key's binary body. openssh_kexinit.bin
is not written here: it is OpenSSH 9.2p1's ssh (Debian 12) captured against
a listener that only sent a banner.

The key seeds need ssh-keygen (openssh-client); they are throwaway keys made
for the fuzzer and used nowhere else. The reproducers' RSA key is 768 bits,
below libssh's minimum host-key size, built here because ssh-keygen refuses
one.

    tests/fuzz/sshd_seeds.py [OUTDIR] [--reproducers DIR]

--reproducers DIR also writes known_bug_seeds() into DIR.
"""
import base64
import os
import random
import struct
import subprocess
import sys
import tempfile

SERVER_CHANNEL = 43  # libssh numbers its channels from 43
USER = b"fuzz"
PASSWORD = b"fuzz-password"
BANNER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"


def ctl(mode, chunk_k=0, take_k=0):
    """The control byte: mode, write size 8 << chunk_k (0: all), take size."""
    return bytes([mode | chunk_k << 2 | take_k << 5])


def u32(v):
    return struct.pack(">I", v)


def s(b):
    if isinstance(b, str):
        b = b.encode()
    return u32(len(b)) + b


def boolean(v):
    return b"\x01" if v else b"\x00"


def packet(payload, block=8):
    """Unencrypted binary packet (cipher and MAC "none")."""
    pad = block - (5 + len(payload)) % block
    if pad < 4:
        pad += block
    return u32(1 + len(payload) + pad) + bytes([pad]) + payload + bytes(pad)


def kexinit(kex, hostkey, cipher, mac):
    names = [kex, hostkey, cipher, cipher, mac, mac, "none", "none", "", ""]
    body = b"\x14" + bytes(range(16)) + b"".join(s(n) for n in names)
    return packet(body + boolean(False) + u32(0))


def curve25519_kex(cipher, mac):
    return (BANNER +
            kexinit("curve25519-sha256,ext-info-c,kex-strict-c-v00@openssh.com",
                    "ssh-ed25519", cipher, mac) +
            packet(b"\x1e" + s(bytes(range(1, 33)))) + packet(b"\x15"))


def none_kex():
    return curve25519_kex("none", "none")


def service_request():
    return packet(b"\x05" + s("ssh-userauth"))


def userauth(method, rest=b"", user=USER):
    return packet(b"\x32" + s(user) + s("ssh-connection") + s(method) + rest)


def password(pw, user=USER):
    return userauth("password", boolean(False) + s(pw), user)


def ed25519_blob():
    return s("ssh-ed25519") + s(bytes(range(32)))


def pubkey_query():
    return userauth("publickey", boolean(False) + s("ssh-ed25519") + s(ed25519_blob()))


def pubkey_signed():
    sig = s("ssh-ed25519") + s(bytes(64))
    return userauth("publickey", boolean(True) + s("ssh-ed25519") + s(ed25519_blob()) + s(sig))


def channel_open(kind="session", sender=0):
    return packet(b"\x5a" + s(kind) + u32(sender) + u32(2 * 1024 * 1024) + u32(32768))


def request(kind, want, rest=b"", channel=SERVER_CHANNEL):
    return packet(b"\x62" + u32(channel) + s(kind) + boolean(want) + rest)


def pty(cols=80, rows=24):
    return request("pty-req", True,
                   s("xterm-256color") + u32(cols) + u32(rows) + u32(640) + u32(480) + s(b"\x00"))


def window(cols, rows):
    return request("window-change", False, u32(cols) + u32(rows) + u32(0) + u32(0))


def data(b, channel=SERVER_CHANNEL):
    return packet(b"\x5e" + u32(channel) + s(b))


def eof_close():
    return packet(b"\x60" + u32(SERVER_CHANNEL)) + packet(b"\x61" + u32(SERVER_CHANNEL))


def ignore(total):
    """One SSH_MSG_IGNORE packet of exactly total bytes (a multiple of 8, >= 16)."""
    for m in range(total, -1, -1):
        p = packet(b"\x02" + s(bytes(m)))
        if len(p) == total:
            return p
    raise ValueError("cannot make an ignore packet of %d bytes" % total)


def at_reads(*parts, size=4096):
    """Each part starts a new read of the server's (libssh reads 4096 bytes
    at a time; in the chunked modes, a chunk); an empty part is a read of
    padding only."""
    out = b""
    for i, part in enumerate(parts):
        if i:
            target = -(-len(out) // size) * size
            if not part or 0 < target - len(out) < 16:
                target += size
            if target > len(out):
                out += ignore(target - len(out))
        out += part
    return out


def logged_in():
    return (none_kex() + service_request() + userauth("none") + password(b"wrong") +
            password(PASSWORD))


def connection_seeds(openssh_kexinit):
    seeds = {
        "banner.bin": ctl(0) + BANNER,
        "kex_curve25519.bin": ctl(0) + curve25519_kex("chacha20-poly1305@openssh.com",
                                                       "hmac-sha2-256-etm@openssh.com"),
        "kex_dh16.bin": ctl(0) + BANNER +
            kexinit("diffie-hellman-group16-sha512", "ssh-ed25519", "aes128-ctr",
                    "hmac-sha2-256-etm@openssh.com") +
            packet(b"\x1e" + s(b"\x02" * 64)) + packet(b"\x15"),
        "kex_unsupported.bin": ctl(0) + BANNER +
            kexinit("diffie-hellman-group1-sha1", "ssh-rsa", "aes128-cbc", "hmac-sha1"),
        "none_shell.bin": ctl(1, 3, 2) + logged_in() + channel_open() + pty() +
            request("shell", True) + data(b"echo hi\r") + window(132, 43) + window(5000, 0) +
            data(b"\x03\x04") + eof_close(),
        "none_exec.bin": ctl(1, 4) + logged_in() + channel_open() +
            request("env", True, s("LANG") + s("C")) + request("exec", True, s("ls -l")) +
            data(b"input\n") + eof_close(),
        "none_exec_false.bin": ctl(1, 3) + logged_in() + channel_open() +
            request("exec", True, s("false")) + data(b"x"),
        "none_refusals.bin": ctl(1, 2, 7) + logged_in() +
            packet(b"\x50" + s("tcpip-forward") + boolean(True) + s("0.0.0.0") + u32(8080)) +
            channel_open("direct-tcpip", 7) + channel_open() + channel_open("session", 1) +
            request("subsystem", True, s("sftp")) + request("auth-agent-req@openssh.com", True) +
            request("x11-req", True, boolean(False) + s("MIT-MAGIC-COOKIE-1") + s("00ff") + u32(0)) +
            request("exec", True, s("ls\nrm")) + request("exec", True, s("x" * 600)) +
            request("shell", True) + pty() + request("shell", True) + eof_close(),
        "none_out_of_order.bin": ctl(1, 3) + logged_in() + channel_open() + window(100, 30) +
            packet(b"\x5f" + u32(SERVER_CHANNEL) + u32(1) + s(b"err")) + request("shell", True) +
            request("exec", True, s("ls")) + pty() + window(100, 30) + data(b"x") + pubkey_query(),
        "none_bad_passwords.bin": ctl(1, 3) + none_kex() + service_request() +
            b"".join(password(b"guess%d" % i) for i in range(7)) + password(PASSWORD),
        "none_long_credentials.bin": ctl(1, 3) + none_kex() + service_request() +
            password(b"p" * 200) + password(PASSWORD, b"u" * 40) + password(PASSWORD),
        "none_pubkey.bin": ctl(1, 3) + none_kex() + service_request() + pubkey_signed() +
            b"".join(pubkey_query() for _ in range(13)),
        # More data than SSHC_IN_MAX in one read: sshc_in_take pulls the rest.
        "none_in_pull.bin": ctl(1) + at_reads(
            none_kex() + service_request(), b"",
            password(PASSWORD) + channel_open() + request("shell", True), data(b"p" * 3000)),
        "none_data_chunks.bin": ctl(1, 7) + at_reads(
            none_kex() + service_request(),
            password(PASSWORD) + channel_open() + request("shell", True),
            *[data(bytes([65 + i]) * 1000) for i in range(4)], size=1024),
        "none_all_at_once.bin": ctl(1) + logged_in() + channel_open() + request("shell", True) +
            data(b"ls\r"),
    }
    if openssh_kexinit:
        seeds["openssh_kex.bin"] = (ctl(0) + openssh_kexinit +
                                    packet(b"\x1e" + s(bytes(range(1, 33)))) + packet(b"\x15"))
    return seeds



PEM_BEGIN = b"-----BEGIN OPENSSH PRIVATE KEY-----\n"
PEM_END = b"-----END OPENSSH PRIVATE KEY-----\n"


def pem(blob):
    b64 = base64.b64encode(blob)
    return PEM_BEGIN + b"".join(b64[i:i + 70] + b"\n" for i in range(0, len(b64), 70)) + PEM_END


def key_text_seeds():
    junk = pem(b"openssh-key-v1\x00" + s("none") + s("none") + s("") + u32(1) + s(b"x"))
    return {
        "keys_empty.txt": ctl(2) + b"\n\r\n",
        "keys_junk.txt": ctl(2) + junk,
        "keys_unterminated.txt": ctl(2) + PEM_BEGIN + b"AAAA\n",
        "keys_two_ends.txt": ctl(2) + (PEM_BEGIN + PEM_END).replace(b"\n", b"\r\n") * 2,
        "keys_public.txt": ctl(2) + b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== fuzz\n",
    }


def mpint(v):
    b = v.to_bytes((v.bit_length() + 8) // 8, "big") if v else b""
    return s(b)


def probable_prime(rng, bits):
    while True:
        n = rng.getrandbits(bits) | 1 << (bits - 1) | 1
        if all(pow(a, n - 1, n) == 1 for a in (2, 3, 5, 7, 11, 13, 17, 19, 23)):
            return n


def openssh_blob(pub, priv_fields, comment=b"fuzz-seed"):
    priv = u32(0x5eed) * 2 + priv_fields + s(comment)
    priv += bytes(range(1, 1 + (-len(priv)) % 8))
    return (b"openssh-key-v1\x00" + s("none") + s("none") + s("") + u32(1) + s(pub) + s(priv))


def small_rsa_blob():
    rng = random.Random(768)
    e = 65537
    while True:
        p, q = probable_prime(rng, 384), probable_prime(rng, 384)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    n, d, iqmp = p * q, pow(e, -1, phi), pow(q, -1, p)
    pub = s("ssh-rsa") + mpint(e) + mpint(n)
    return openssh_blob(pub, s("ssh-rsa") + mpint(n) + mpint(e) + mpint(d) + mpint(iqmp) +
                        mpint(p) + mpint(q))


def keygen_blob(kind, bits):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "key")
        subprocess.run(["ssh-keygen", "-q", "-t", kind, "-b", str(bits), "-N", "", "-C",
                        "fuzz-seed", "-f", path], check=True)
        with open(path, "rb") as f:
            text = f.read()
    body = text.split(PEM_BEGIN)[1].split(PEM_END)[0]
    return base64.b64decode(body.replace(b"\n", b""))


def key_blob_seeds():
    seeds = {}
    for name, kind, bits in (("ed25519", "ed25519", 256), ("ecdsa256", "ecdsa", 256)):
        seeds["key_blob_%s.bin" % name] = ctl(3) + keygen_blob(kind, bits)
    return seeds


def known_bug_seeds():
    """Inputs that make the harness fail on bugs of gateways/ssh/ssh_conn.c
    still open when they were written; they join the corpus once fixed."""
    return {
        # sshc_import_host_keys leaks the key when the bind refuses it (an
        # RSA key below libssh's 1024-bit minimum).
        "key_blob_rsa768.bin": ctl(3) + small_rsa_blob(),
        # sshc_in_take pulls from libssh into c->in while the event loop that
        # the pull runs appends to c->in through on_data: in_len passes
        # SSHC_IN_MAX. Written at once, the key exchange, the login and each
        # block of data reach the server in reads of their own; or in 1 KiB
        # chunks with a terminal taking 4 bytes a round.
        "none_in_refill.bin": ctl(1) + at_reads(
            none_kex() + service_request(), b"",
            password(PASSWORD) + channel_open() + request("shell", True),
            data(b"a" * 1500), data(b"b" * 1500) + data(b"c" * 1500)),
        "none_bulk_data.bin": ctl(1, 7, 1) + at_reads(
            none_kex() + service_request(),
            password(PASSWORD) + channel_open() + request("shell", True),
            *[data(bytes([65 + i]) * 1000) for i in range(4)], size=1024),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    args = sys.argv[1:]
    reproducers = None
    if "--reproducers" in args:
        i = args.index("--reproducers")
        reproducers = args[i + 1]
        del args[i:i + 2]
    out = args[0] if args else os.path.join(here, "corpus", "fuzz_sshd")
    os.makedirs(out, exist_ok=True)
    captured = os.path.join(out, "openssh_kexinit.bin")
    kexinit_bytes = None
    if os.path.exists(captured):
        with open(captured, "rb") as f:
            kexinit_bytes = f.read()[1:]
    seeds = {}
    seeds.update(connection_seeds(kexinit_bytes))
    seeds.update(key_text_seeds())
    seeds.update(key_blob_seeds())
    for name, blob in sorted(seeds.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(blob)
    print("wrote %d seeds to %s" % (len(seeds), out))
    if reproducers:
        os.makedirs(reproducers, exist_ok=True)
        for name, blob in sorted(known_bug_seeds().items()):
            with open(os.path.join(reproducers, name), "wb") as f:
                f.write(blob)
        print("wrote %d reproducers to %s" % (len(known_bug_seeds()), reproducers))


if __name__ == "__main__":
    main()
