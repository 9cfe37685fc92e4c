#!/usr/bin/env python3
"""The openCypher TCK as a test: converts the public TCK (../shared/tck) to vaults in the build
tree, runs every in-scope case against kg, and compares the failures with
tests/tck-known-failures.txt. A case that fails without being listed fails the test (a
regression); a listed case that passes fails it too, so the list stays true.

    check.py KG TCK_DIR WORK_DIR KNOWN_FAILURES [--update]

--update rewrites the list from this run (each line: the case, then '#' and the reason
kg gives); review the diff before committing. Exit 77 (skipped) when TCK_DIR is missing.
"""
import os
import re
import subprocess
import sys


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv
    if len(args) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    kg, tck, work, known_path = args
    if not os.path.isfile(os.path.join(tck, "run_tck.py")):
        print("tck: %s has no run_tck.py; skipped" % tck)
        return 77
    cases = os.path.join(work, "cases")
    scope = os.path.join(work, "scope.json")
    stamp = os.path.join(work, "converted")
    if not os.path.exists(stamp):
        subprocess.run([sys.executable, os.path.join(tck, "tck_to_vault.py"), "--out", cases, "--scope", scope],
                       check=True, stdout=subprocess.DEVNULL)
        open(stamp, "w").close()
    run = subprocess.run([sys.executable, os.path.join(tck, "run_tck.py"), kg, "--cases", cases, "--jobs", "2"],
                         capture_output=True, text=True)
    failed = {}
    for line in run.stdout.splitlines() + run.stderr.splitlines():
        m = re.match(r"^(FAIL|ERROR) ([^:]+): (.*)$", line)
        if m:
            failed[m.group(2)] = m.group(3)
    summary = [l for l in run.stdout.splitlines() if l.startswith("tck:")]
    if not summary:
        print(run.stdout[-2000:], run.stderr[-2000:], file=sys.stderr)
        print("tck: the runner gave no summary", file=sys.stderr)
        return 1
    if update:
        # A reason written by hand (why kg differs) survives; new cases get the runner's.
        reasons = {}
        if os.path.exists(known_path):
            with open(known_path, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#") or "#" not in line:
                        continue
                    case, reason = line.split("#", 1)
                    reasons[case.strip()] = reason.strip()
        for case in failed:
            if case in reasons:
                failed[case] = reasons[case]
        with open(known_path, "w", encoding="utf-8") as f:
            f.write("# openCypher TCK cases kg fails, with the reason it gives (tests/tck/check.py --update).\n")
            f.write("# A case that fails and is not here, or is here and passes, fails the tck test.\n")
            for case in sorted(failed):
                reason = failed[case].replace("\n", " ")
                f.write("%s  # %s\n" % (case, reason[:200]))
        print("%s (list rewritten: %d cases)" % (summary[0], len(failed)))
        return 0
    known = set()
    with open(known_path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                known.add(line)
    new = sorted(set(failed) - known)
    fixed = sorted(known - set(failed))
    for case in new:
        print("REGRESSION %s: %s" % (case, failed[case]), file=sys.stderr)
    for case in fixed:
        print("NOW PASSES %s: remove it from %s" % (case, os.path.basename(known_path)), file=sys.stderr)
    print(summary[0])
    temporal = [c for c in failed if c.startswith("expressions/temporal/")]
    print("tck: %d known failures (%d temporal), %d new, %d now passing" % (len(failed), len(temporal), len(new), len(fixed)))
    return 1 if new or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
