#!/usr/bin/env python3
"""Runs the hostile-input catalogue: every entry of the bad-input catalogue (files and
scanning F, encoding E, front matter Y, Markdown M, links W, queries Q, exports X) as a case
that builds its vault, runs kg, and asserts kg's diagnostics and what it loaded.

    catalogue.py KG SCRATCH [CASE ...]        run the cases (all by default)
    catalogue.py KG SCRATCH --scale | --no-scale
                                              only the cases of a vault's scale (100,000
                                              notes and the like), or all but those
    catalogue.py KG SCRATCH --bounds [CASE ...]
                                              run each case 3 times and hold every kg run
                                              of it to 2 s and 512 MiB (medians)

SCRATCH is a folder the cases may fill; vaults are never written anywhere else.
pending.txt lists cases kg does not meet yet, each with why: the run fails on a failure not
listed there, and on a listed case that passes (so the list only shrinks).

--bounds is a benchmark, not a test: the machine's load moves the figures, so the test
command runs the cases without it. Each case's slowest kg run and largest peak are taken
three times; the medians are held to the bounds of a hostile note (2 s, 512 MiB), except for
the cases in BOUNDS that are about something else than one note.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import framework  # noqa: E402
from framework import CASES, CaseFailure, Skip, Trial  # noqa: E402

# The case modules register themselves on import.
import cases_files  # noqa: E402,F401  F and E
import cases_frontmatter  # noqa: E402,F401  Y
import cases_markdown  # noqa: E402,F401  M
import cases_links  # noqa: E402,F401  W
import cases_queries  # noqa: E402,F401  Q
import cases_exports  # noqa: E402,F401  X


# Cases whose size is not one hostile note's, with the bound they are held to instead.
BOUNDS = {
    "F20": (30.0, 1024, "50,000 files: the scale of a vault, not of a note"),
    "M28": (5.0, 600, "a 9 MB note with the note cap raised to 16 MB: 5 s and 600 MB"),
    "W3": (5.0, 600, "a 6 MB note of links with the note cap raised to 8 MB, as M28"),
    "Q2": (5.0, 1024, "a hub of 100,000 notes: a vault's scale"),
    "Q3": (10.0, 1024, "a chain of 200,000 notes: a vault's scale"),
    "Q1": (5.0, 1024, "a ring of 100,000 notes: a vault's scale"),
    "X16": (10.0, 1024, "a vault of many notes through every writer"),
}
SECONDS, MIB = 2.0, 512
# Cases about a vault's scale rather than one note: most of the catalogue's run time.
SCALE = {"F9", "F20", "Q1", "Q2", "Q3", "X16"}


def bounds(kg: Path, scratch: Path, wanted: list[str]) -> int:
    """Medians of 3 runs of each case: its slowest kg process and its largest peak RSS."""
    over = []
    for case_id in wanted:
        entry = CASES[case_id]
        runs = []
        for _ in range(3):
            trial = Trial(kg, scratch, case_id)
            try:
                framework.add_sentinels(trial)
                entry.body(trial)
            except Skip:
                break
            except Exception:  # a failing case is the test's business; its figures still count
                pass
            runs.append((max((p.seconds for p in trial.processes), default=0.0),
                         max((p.peak_rss_kib for p in trial.processes), default=0) / 1024))
            framework._force_remove(trial.root)
        if not runs:
            print(f"skip  {case_id}")
            continue
        seconds = sorted(r[0] for r in runs)[len(runs) // 2]
        mib = sorted(r[1] for r in runs)[len(runs) // 2]
        limit_s, limit_mib, why = BOUNDS.get(case_id, (SECONDS, MIB, ""))
        verdict = "ok" if seconds <= limit_s and mib <= limit_mib else "OVER"
        if verdict == "OVER":
            over.append(case_id)
        print(f"{verdict:4}  {case_id:4} {seconds:6.2f} s {mib:7.0f} MiB   (bound {limit_s:g} s, "
              f"{limit_mib} MiB{'; ' + why if why else ''})")
    print(f"bounds: {len(wanted)} cases, {len(over)} over their bounds" + (f": {' '.join(over)}" if over else ""))
    return 1 if over else 0


def pending() -> dict[str, str]:
    listed = {}
    for line in (HERE / "pending.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        case_id, _, why = line.partition(" ")
        listed[case_id] = why.strip()
    return listed


def order(case_id: str):
    return (case_id[0], int("".join(c for c in case_id[1:] if c.isdigit()) or 0), case_id)


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    kg = Path(sys.argv[1]).resolve()
    scratch = Path(sys.argv[2]).resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    args = sys.argv[3:]
    flags = {a for a in args if a.startswith("--")}
    args = [a for a in args if not a.startswith("--")]
    measure = "--bounds" in flags
    wanted = args or sorted(CASES, key=order)
    if "--scale" in flags:
        wanted = [c for c in wanted if c in SCALE]
    if "--no-scale" in flags:
        wanted = [c for c in wanted if c not in SCALE]
    if measure:
        return bounds(kg, scratch, wanted)
    listed = pending()
    unknown = [c for c in list(wanted) + list(listed) if c not in CASES]
    if unknown:
        print(f"catalogue: unknown cases {unknown}", file=sys.stderr)
        return 2

    failures, surprises, skipped = [], [], []
    started = time.monotonic()
    for case_id in wanted:
        entry = CASES[case_id]
        trial = Trial(kg, scratch, case_id)
        error = None
        case_started = time.monotonic()
        try:
            framework.add_sentinels(trial)
            entry.body(trial)
            if trial.sentinel:
                framework.check_sentinels(trial)
        except Skip as why:
            skipped.append(case_id)
            print(f"skip {case_id} {entry.title}: {why}")
            continue
        except CaseFailure as e:
            error = str(e)
        except Exception:  # a broken case is a failure too
            error = traceback.format_exc()
        peak = max((p.peak_rss_kib for p in trial.processes), default=0)
        slowest = max((p.seconds for p in trial.processes), default=0.0)
        figures = (f"({len(trial.processes)} runs, slowest {slowest:.2f} s, peak {peak // 1024} MiB; "
                   f"{time.monotonic() - case_started:.1f} s in all)")
        if error is None:
            if case_id in listed:
                surprises.append(case_id)
                print(f"PASS {case_id} {entry.title} {figures} but pending.txt lists it: remove it")
            else:
                print(f"ok   {case_id} {entry.title} {figures}")
            framework._force_remove(trial.root)
        elif case_id in listed:
            print(f"pending {case_id} {entry.title}: {listed[case_id]}")
        else:
            failures.append(case_id)
            print(f"FAIL {case_id} {entry.title} {figures}\n     {error.strip()}")

    ran = len(wanted) - len(skipped)
    print(f"catalogue: {ran} cases run, {len(skipped)} skipped, {len(failures)} failed, "
          f"{len([c for c in wanted if c in listed])} pending, in {time.monotonic() - started:.1f} s")
    return 1 if failures or surprises else 0


if __name__ == "__main__":
    sys.exit(main())
