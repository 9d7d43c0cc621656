#!/usr/bin/env python3
"""Freestanding test for the generated IDL code: the objects, compiled with
-ffreestanding, may reference no outside symbol but capos_invoke() and the
memory functions a freestanding C compiler may emit calls to.

Usage: check_symbols.py NM object...
Prints "N passed, M failed" and exits 1 when any object needs more.
"""

import subprocess
import sys

ALLOWED = {"capos_invoke", "memcpy", "memset", "memmove", "memcmp"}


def main(argv):
    nm, objects = argv[1], argv[2:]
    passed = failed = 0
    if not objects:
        failed += 1
        print("FAIL no objects given")
    for obj in objects:
        res = subprocess.run([nm, "-u", obj], stdout=subprocess.PIPE, universal_newlines=True, check=True)
        undefined = {line.split()[-1] for line in res.stdout.splitlines() if line.strip()}
        extra = sorted(undefined - ALLOWED)
        if extra:
            failed += 1
            print("FAIL %s references %s" % (obj, ", ".join(extra)))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
