#!/usr/bin/env python3
"""Malformed-schema test for idl/gen.py.

Every case under bad/ must make the generator exit with status 1, print one
"file:line: message" error naming the line and message its "# expect:" line
gives, and write no output. A case is either one bad/*.idl file or a
bad/<case>/ directory whose .idl files are passed together (cross-file
errors); exactly one file of a case holds the expectation:
    # expect: LINE: message text
A good schema is run first so a generator that always fails cannot pass.

Usage: check_bad.py PYTHON GEN_PY BAD_DIR GOOD_SCHEMA
Prints "N passed, M failed" and exits 1 when any case failed.
"""

import os
import re
import subprocess
import sys
import tempfile

EXPECT_RE = re.compile(r"#\s*expect:\s*(\d+):\s*(.+?)\s*$")


def run(python, gen, files, out):
    return subprocess.run(
        [python, gen, "--out", out, "--json", os.path.join(out, "x.json")] + files,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
    )


def expectation(files):
    found = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = EXPECT_RE.match(line.strip())
                if m:
                    found.append((path, int(m.group(1)), m.group(2)))
    return found


def check_case(python, gen, name, files):
    """Returns None when the case behaves, else the reason it does not."""
    exp = expectation(files)
    if len(exp) != 1:
        return "needs exactly one '# expect: LINE: message' line, found %d" % len(exp)
    path, line, text = exp[0]
    with tempfile.TemporaryDirectory() as out:
        res = run(python, gen, files, out)
        written = os.listdir(out)
    err = res.stderr.strip()
    if res.returncode != 1:
        return "exit status %d, want 1 (stderr: %r)" % (res.returncode, err)
    if written:
        return "wrote output despite the error: %s" % written
    if "\n" in err or "Traceback" in err:
        return "want a single error line, got: %r" % err
    prefix = "%s:%d: " % (path, line)
    if not err.startswith(prefix) or text not in err:
        return "want an error starting %r containing %r, got %r" % (prefix, text, err)
    return None


def main(argv):
    python, gen, bad_dir, good = argv[1:5]
    passed = failed = 0

    with tempfile.TemporaryDirectory() as out:
        res = run(python, gen, [good], out)
    if res.returncode == 0:
        passed += 1
    else:
        failed += 1
        print("FAIL good schema %s: exit %d: %s" % (good, res.returncode, res.stderr.strip()))

    cases = []
    for entry in sorted(os.listdir(bad_dir)):
        p = os.path.join(bad_dir, entry)
        if os.path.isdir(p):
            cases.append((entry, sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".idl"))))
        elif entry.endswith(".idl"):
            cases.append((entry, [p]))
    if not cases:
        failed += 1
        print("FAIL no cases under %s" % bad_dir)

    for name, files in cases:
        why = check_case(python, gen, name, files)
        if why is None:
            passed += 1
        else:
            failed += 1
            print("FAIL %s: %s" % (name, why))

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
