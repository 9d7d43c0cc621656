#!/usr/bin/python3
"""Copy kernel modules and everything they depend on out of a kernel package.

Usage: kmods.py DEB OUTDIR MODULE...

Reads the package's file tree twice (dpkg-deb --fsys-tarfile, streamed, never
unpacked to disk): first the name and `depends=` of every lib/modules/*.ko
(from its .modinfo ELF section; a Debian package ships no modules.dep), then
the modules in the dependency closure of MODULE..., which are written to
OUTDIR as NN-<name>.ko numbered in load order (dependencies first). Prints
the file names written. Module names compare with '-' and '_' alike.
Stdlib only.
"""
import struct
import subprocess
import sys
import tarfile


def norm(name):
    return name.replace("-", "_")


def modinfo(data):
    """The NUL-separated key=value strings of an ELF64 module's .modinfo."""
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise ValueError("not an ELF64 object")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def section(i):
        name, _type, _flags, _addr, off, size = struct.unpack_from(
            "<IIQQQQ", data, shoff + i * shentsize)
        return name, off, size

    _, stroff, _ = section(shstrndx)
    info = {}
    for i in range(shnum):
        name, off, size = section(i)
        end = data.index(b"\0", stroff + name)
        if data[stroff + name:end] == b".modinfo":
            for item in data[off:off + size].split(b"\0"):
                key, sep, value = item.partition(b"=")
                if sep:
                    info.setdefault(key.decode(), value.decode())
            return info
    return info


def members(deb):
    """(tar member, bytes) of every lib/modules/**.ko in the package."""
    proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
        for m in tar:
            if m.isfile() and "/lib/modules/" in "/" + m.name.lstrip("./") and m.name.endswith(".ko"):
                yield m, tar.extractfile(m).read()
    if proc.wait() != 0:
        raise SystemExit("dpkg-deb --fsys-tarfile %s failed" % deb)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    deb, outdir, wanted = sys.argv[1], sys.argv[2], [norm(m) for m in sys.argv[3:]]
    deps = {}
    for m, data in members(deb):
        info = modinfo(data)
        name = norm(info.get("name") or m.name.rsplit("/", 1)[-1][:-3])
        deps[name] = [norm(d) for d in info.get("depends", "").split(",") if d]
    order, state = [], {}

    def visit(name, via):
        if name not in deps:
            raise SystemExit("module %s (needed by %s) is not in %s" % (name, via, deb))
        if state.get(name) == "done":
            return
        if state.get(name) == "busy":
            raise SystemExit("module dependency cycle at %s" % name)
        state[name] = "busy"
        for d in deps[name]:
            visit(d, name)
        state[name] = "done"
        order.append(name)

    for w in wanted:
        visit(w, "the command line")
    index = {name: i for i, name in enumerate(order)}
    for m, data in members(deb):
        info = modinfo(data)
        name = norm(info.get("name") or m.name.rsplit("/", 1)[-1][:-3])
        if name in index:
            fname = "%02d-%s.ko" % (index[name], name)
            with open("%s/%s" % (outdir, fname), "wb") as f:
                f.write(data)
            print(fname)
    return 0


if __name__ == "__main__":
    sys.exit(main())
