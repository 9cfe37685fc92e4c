"""The hostile-input catalogue's machinery: a case builds a vault in a scratch folder, runs kg
over it in a subprocess (time-limited, peak memory from GNU time), and asserts what kg
said and what it loaded.

A case is a function registered with @case("F1", "what it is"). It receives a Trial:

    @case("Y1", "100,000 opening brackets in front matter")
    def y1(t):
        t.note("deep.md", fm("[" * 100_000))
        r = t.run()
        r.expect("frontmatter-too-deep", "deep.md", line=2)
        r.expect_linked("deep.md", "Target")   # the body's link survived

Every vault also holds two sentinel notes, one linking the other; after the case, the
runner checks they loaded and the link resolved (the rest of the vault still loads) unless
the case set t.sentinel = False (for a vault that cannot load at all).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Callable

CASES: dict[str, "Case"] = {}

SENTINEL_FROM = "zz sentinel.md"
SENTINEL_TO = "zz sentinel target.md"


class CaseFailure(AssertionError):
    pass


@dataclasses.dataclass
class Case:
    id: str
    title: str
    body: Callable[["Trial"], None]
    # Cases that need something the machine may lack (strace, a non-root user, ...) skip
    # themselves by raising Skip.


class Skip(Exception):
    pass


def case(case_id: str, title: str):
    def register(fn):
        if case_id in CASES:
            raise ValueError(f"case {case_id} registered twice")
        CASES[case_id] = Case(case_id, title, fn)
        return fn
    return register


def fm(body: str, rest: str = "# Body\n[[Target]]\n") -> str:
    """The catalogue's FM(x): front matter x, then a body with one link."""
    return "---\n" + body + "\n---\n" + rest


@dataclasses.dataclass
class Process:
    args: list[str]
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_rss_kib: int

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8")

    def json(self):
        return json.loads(self.stdout)


class Result:
    """What `kg check --json` and `kg export --format json` said of the vault."""

    def __init__(self, trial: "Trial", check: Process, export: Process):
        self.trial = trial
        self.check_process = check
        self.export_process = export
        if check.returncode not in (0, 1):
            raise CaseFailure(f"kg check exited {check.returncode}: {check.stderr[-2000:]!r}")
        if export.returncode != 0:
            raise CaseFailure(f"kg export exited {export.returncode}: {export.stderr[-2000:]!r}")
        self.check = check.json()
        self.diagnostics: list[dict] = self.check["diagnostics"]
        self.graph = export.json()
        self.nodes: dict[str, dict] = {n["id"]: n for n in self.graph["nodes"]}

    # What kg said.
    def codes(self, file: str | None = None) -> set[str]:
        return {d["code"] for d in self.diagnostics if file is None or d["file"] == file}

    def expect(self, code: str, file: str | None = None, line: int | None = None,
               severity: str | None = None) -> dict:
        """A diagnostic with this code (and file, line, severity when given) exists."""
        for d in self.diagnostics:
            if d["code"] != code:
                continue
            if file is not None and d["file"] != file:
                continue
            if line is not None and d["line"] != line:
                continue
            if severity is not None and d["severity"] != severity:
                continue
            return d
        raise CaseFailure(f"expected {code} at {file}:{line}; kg said: "
                          + "; ".join(f"{d['file']}:{d['line']} {d['code']}" for d in self.diagnostics))

    def expect_none(self, code: str, file: str | None = None) -> None:
        found = [d for d in self.diagnostics if d["code"] == code and (file is None or d["file"] == file)]
        if found:
            raise CaseFailure(f"unexpected {code}: {found[0]}")

    def expect_clean(self, file: str) -> None:
        """No diagnostic at all on this file."""
        found = [d for d in self.diagnostics if d["file"] == file]
        if found:
            raise CaseFailure(f"unexpected diagnostics on {file}: {found}")

    # What kg loaded.
    def node(self, node_id: str) -> dict:
        if node_id not in self.nodes:
            raise CaseFailure(f"{node_id!r} is not in the graph; nodes: {sorted(self.nodes)[:20]}")
        return self.nodes[node_id]

    def expect_absent(self, node_id: str) -> None:
        if node_id in self.nodes:
            raise CaseFailure(f"{node_id!r} should not be in the graph")

    def links_from(self, node_id: str) -> list[dict]:
        return [e for e in self.graph["edges"] if e["source"] == node_id]

    def expect_linked(self, source: str, target: str) -> dict:
        """An edge from node id `source` to the node id `target` (a ghost's id is its name)."""
        for e in self.links_from(source):
            if e["target"] == target:
                return e
        raise CaseFailure(f"no edge {source!r} -> {target!r}; its edges: "
                          + ", ".join(repr(e["target"]) for e in self.links_from(source)))


class Trial:
    def __init__(self, kg: Path, scratch: Path, case_id: str):
        self.kg = kg
        self.root = scratch / case_id
        self.vault = self.root / "vault"
        if self.root.exists():
            _force_remove(self.root)
        self.vault.mkdir(parents=True)
        self.sentinel = True
        self.processes: list[Process] = []

    # Building the vault.
    def path(self, rel: str | bytes) -> Path:
        if isinstance(rel, bytes):
            return Path(os.fsdecode(os.fsencode(self.vault) + b"/" + rel))
        return self.vault / rel

    def note(self, rel: str | bytes, content: str | bytes) -> Path:
        p = self.path(rel)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return p

    def outside(self, rel: str, content: str | bytes = "# outside\n") -> Path:
        """A file beside the vault, never inside it."""
        p = self.root / "outside" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return p

    # Running kg.
    def kg_run(self, *args: str, vault: Path | None = None, timeout: float = 60,
               stdin: bytes | None = None, env: dict | None = None) -> Process:
        argv = [str(self.kg), "--vault", str(vault or self.vault), *args]
        return self.exec(argv, timeout=timeout, stdin=stdin, env=env)

    def exec(self, argv: list[str], timeout: float = 60, stdin: bytes | None = None,
             env: dict | None = None) -> Process:
        """Runs argv under GNU time for its exact peak RSS, in its own process group so a
        timeout kills all of it."""
        peak_file = self.root / "peak-rss"
        timed = ["/usr/bin/time", "-f", "%M", "-o", str(peak_file), *argv]
        started = time.monotonic()
        proc = subprocess.Popen(timed, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
                                start_new_session=True)
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise CaseFailure(f"{' '.join(argv[:6])} ran over {timeout} s")
        seconds = time.monotonic() - started
        text = peak_file.read_text() if peak_file.exists() else ""
        # GNU time writes "Command terminated by signal N" before the figure when the child died.
        if "signal" in text:
            raise CaseFailure(f"{' '.join(argv[:6])} {text.splitlines()[0]}: {err[-2000:]!r}")
        peak = int(text.split()[-1]) if text.split() else 0
        p = Process(argv, proc.returncode, out, err, seconds, peak)
        self.processes.append(p)
        return p

    def run(self, *extra: str) -> Result:
        """kg check --json and kg export --format json over the vault."""
        check = self.kg_run(*extra, "check", "--json")
        export = self.kg_run(*extra, "export", "--format", "json")
        return Result(self, check, export)


def _force_remove(path: Path) -> None:
    # Folders a case made unreadable are opened up first; links are left alone (their
    # targets may be outside the case's folder).
    for dirpath, dirnames, _ in os.walk(path):
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if not os.path.islink(full):
                try:
                    os.chmod(full, 0o755)
                except OSError:
                    pass
    shutil.rmtree(path, ignore_errors=True)


def add_sentinels(t: Trial) -> None:
    t.note(SENTINEL_FROM, "# Sentinel\n[[zz sentinel target]]\n")
    t.note(SENTINEL_TO, "# Sentinel target\n")


def check_sentinels(t: Trial) -> None:
    r = t.run()
    r.expect_linked(SENTINEL_FROM, SENTINEL_TO)
