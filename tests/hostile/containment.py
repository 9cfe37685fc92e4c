#!/usr/bin/env python3
"""kg's containment promise: kg never writes inside a vault, and never opens anything
outside it but what it needs to run.

    python3 tests/hostile/containment.py KG SCRATCH

KG is the kg program; SCRATCH a folder the test may fill (it uses SCRATCH/containment and
nothing else). The test builds a vault full of hazards (symbolic links out of the vault, to
/etc/passwd, /dev/zero and /dev/urandom, symbolic-link loops, dangling links, a FIFO named
like a note, links that climb out with ../ or percent-encoding, a kg.yaml and a .kgignore),
starts kg from a working folder holding decoy libraries (libkg.so.0.1, libc.so.6, ...) and a
decoy kg.yaml, and holds kg to this:

  1. Under strace, for stats, check, links, export (stdout, csv -o DIR, svg -o FILE), query
     and path: no call with write intent (open for writing, creat, rename, unlink, mkdir,
     rmdir, truncate, link, symlink, chmod, utimensat) on a path in the vault; no open of a path
     outside the vault except ALLOWLIST below and the -o output; never the secret note
     beside the vault, /etc/passwd, /etc/shadow, /dev/zero, /dev/urandom or a FIFO; no
     library from the working folder or the vault.
  2. The vault, the folder beside it and the working folder are byte- and mtime-identical
     afterwards (type, mode, size, sha256, mtime and link target of every path).
  3. On the vault bind-mounted read-only over itself (unshare -m), and on a copy of it after
     chmod -R a-w read by user nobody, `export --format json` and `check --json` print what
     they print on the writable vault. (The read-only mount sits over the vault's own path,
     so an absolute link to the vault means the same thing; the copy's absolute links into
     the vault are pointed at the copy.)

Parts that need what the machine lacks (strace or ptrace, mount rights, setpriv) print
"skipped: ..." and the rest still runs. Exit 0 when everything held, 1 with the list of
violations.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
from pathlib import Path

TIMEOUT = 120

# What strace watches: every call that writes a path or opens one ("?": a call this
# architecture lacks is no error) ...
WATCHED = ("?open,openat,?openat2,?creat,?rename,renameat,?renameat2,?unlink,unlinkat,"
           "?mkdir,mkdirat,?rmdir,?truncate,ftruncate,?link,linkat,?symlink,symlinkat,?chmod,"
           "fchmodat,utimensat")
# ... and the calls that say what a file descriptor or a relative path refers to.
BOOKKEEPING = "clone,?clone3,?fork,?vfork,close,dup,?dup2,dup3,fcntl,chdir,fchdir"

OPENS = {"open", "openat", "openat2", "creat"}
WRITE_FLAGS = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND", "O_TMPFILE"}
WRITE_BITS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000  # the same, when strace prints a number
O_NOFOLLOW_BIT = 0o400000


@dataclasses.dataclass(frozen=True)
class Allowed:
    """Paths outside the vault kg may open: each a file, or a folder and all under it."""
    name: str
    paths: tuple[str, ...]
    writes: bool = False

    def covers(self, path: str) -> bool:
        return any(path == p or path.startswith(p.rstrip("/") + "/") for p in self.paths)


@dataclasses.dataclass(frozen=True)
class Outputs:
    """The outputs given with -o: each path, all under it, and the NAME.kg-partial-PID
    beside it that kg writes first and renames."""
    paths: tuple[str, ...]
    name: str = "export outputs (-o)"
    writes: bool = True

    def covers(self, path: str) -> bool:
        return any(path == p or path.startswith(p + "/") or (
            os.path.dirname(path) == os.path.dirname(p)
            and os.path.basename(path).startswith(os.path.basename(p) + ".kg-partial-"))
            for p in self.paths)


def allowlist(kg: Path) -> list[Allowed]:
    """What kg opens outside the vault, and why: nothing else may be opened."""
    home = os.environ.get("HOME", "/nonexistent")
    data = os.environ.get("XDG_DATA_HOME") or f"{home}/.local/share"
    cache = os.environ.get("XDG_CACHE_HOME") or f"{home}/.cache"
    sanitizer = [
        # A sanitized build only: the sanitizer runtime reads its options and the memory map.
        Allowed("sanitizer runtime (sanitized build)", ("/proc/self/cmdline",
                                                        "/proc/self/environ", "/proc/self/maps")),
    ] if sanitized(kg) else []
    return sanitizer + [
        # The dynamic loader looks for libkg (and probes for the rest) where kg's RUNPATH
        # says, $ORIGIN/../lib: kg's own installation.
        Allowed("kg's own libraries (its RUNPATH)", tuple(runpath(kg))),
        # The loader's index of system libraries.
        Allowed("loader cache /etc/ld.so.cache", ("/etc/ld.so.cache",)),
        # libstdc++, libc, yaml-cpp, cmark-gfm, re2, ICU (its data is libicudata.so) and
        # Graphviz with the plugins (and their config6a) it loads for svg/png. lib64: where
        # a distribution keeps 64-bit libraries there.
        Allowed("system libraries and Graphviz plugins",
                ("/lib", "/lib64", "/usr/lib", "/usr/lib64")),
        # Graphviz lays out labels with pango/fontconfig (svg, png only).
        Allowed("fontconfig configuration", ("/etc/fonts", "/usr/share/fontconfig")),
        # The font folders /etc/fonts/fonts.conf names; the ones in $HOME only when they exist.
        Allowed("fonts", ("/usr/share/fonts", "/usr/local/share/fonts",
                          f"{home}/.fonts", f"{data}/fonts")),
        # fontconfig reads its caches, and rewrites one when it finds it stale.
        Allowed("fontconfig caches", ("/var/cache/fontconfig", f"{cache}/fontconfig",
                                      f"{home}/.fontconfig"), writes=True),
        # On a fresh account fontconfig first makes the cache folder its cache goes in.
        Allowed("the user's cache folder (fontconfig makes it)", (cache,), writes=True),
        # Graphviz finds its plugin folder from where libgvc is mapped (gvconfig_libdir).
        Allowed("/proc/self/maps (Graphviz)", ("/proc/self/maps",)),
        # libselinux, loaded with Graphviz's cairo plugin, checks for selinuxfs.
        Allowed("/proc/filesystems (libselinux)", ("/proc/filesystems",)),
        # The parser threads: one per online core.
        Allowed("online CPUs (thread count)", ("/sys/devices/system/cpu/online",)),
    ]


def dynamic(binary: Path) -> dict[int, list[str]]:
    """The string entries of an ELF64 program's dynamic section, by tag."""
    found: dict[int, list[str]] = collections.defaultdict(list)
    data = binary.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return found
    end = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(end + "Q", data, 0x28)
    shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
    sections = [struct.unpack_from(end + "IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]
    for sh in sections:
        if sh[1] != 6:  # SHT_DYNAMIC; its sh_link is the string table
            continue
        strtab = sections[sh[6]][4]
        for off in range(sh[4], sh[4] + sh[5], 16):
            tag, val = struct.unpack_from(end + "qQ", data, off)
            if tag in (DT_NEEDED, DT_RPATH, DT_RUNPATH):
                found[tag].append(data[strtab + val:data.index(b"\0", strtab + val)].decode())
    return found


DT_NEEDED, DT_RPATH, DT_RUNPATH = 1, 15, 29


def runpath(binary: Path) -> list[str]:
    """The folders a program's RUNPATH (or RPATH) names, $ORIGIN expanded."""
    entries = dynamic(binary)
    found = [p for text in entries[DT_RUNPATH] + entries[DT_RPATH] for p in text.split(":")]
    origin = str(binary.resolve().parent)
    return [os.path.normpath(p.replace("$ORIGIN", origin).replace("${ORIGIN}", origin))
            for p in found if p]


def sanitized(binary: Path) -> bool:
    """A sanitizer runtime linked in: as a shared library (GCC's default), or into the
    program itself (clang's), which leaves its entry points' names in the binary."""
    if any(re.match(r"lib(a|ub|t|l|m)san\.so", n) for n in dynamic(binary)[DT_NEEDED]):
        return True
    data = binary.read_bytes()
    return b"__asan_init" in data or b"__ubsan_handle_" in data


# ---------------------------------------------------------------------------------------
# The hazardous vault


@dataclasses.dataclass
class Layout:
    root: Path      # SCRATCH/containment
    vault: Path
    outside: Path   # beside the vault: the secret note, a FIFO
    work: Path      # the folder kg is started from, with decoys
    out: Path       # where -o outputs go
    logs: Path

    @property
    def forbidden(self) -> dict[str, str]:
        """Paths kg must never open, by why."""
        return {
            str(self.outside / "secret.md"): "the secret note beside the vault",
            str(self.outside / "pipe"): "a FIFO beside the vault",
            str(self.vault / "pipe.md"): "a FIFO named like a note",
            "/etc/passwd": "/etc/passwd", "/etc/shadow": "/etc/shadow",
            "/dev/zero": "/dev/zero", "/dev/urandom": "/dev/urandom",
        }


NOTES = {
    "Alpha.md": "---\ntype: company\naliases: [A]\n---\n# Alpha\n"
                "Alpha works with [[Beta]] and [[sub/Gamma|Gamma]]. #company\n",
    "Beta.md": "---\ntype: company\npartner: \"[[Alpha]]\"\n---\n# Beta\n[[Gamma]]\n",
    "sub/Gamma.md": "# Gamma\nBack to [[Alpha]]; up: [x](../../outside/secret.md)\n",
    "Climb.md": "# Climb\n[[../../outside/secret]] [[/etc/passwd]] [x](../outside/secret.md)\n"
                "![[../../../../etc/shadow]] [y](..%2F..%2Foutside%2Fsecret.md)\n"
                "[[..%2F..%2Foutside%2Fsecret]] ![[/dev/zero]] [z](/dev/urandom)\n"
                "[[outside-dir/secret]] [[secret]] [[pipe]] [[Alpha]]\n",
    "drafts/Ignored.md": "# Ignored\n[[Alpha]]\n",
    # Names strace must escape: the log's paths are decoded, not guessed.
    "Ünïcode ñote.md": "# Ünïcode\n[[Alpha]]\n",
    'quote " back\\slash, comma (paren).md': "# Quote\n[[Beta]]\n",
    "new\nline\ttab.md": "# Newline\n[[Gamma]]\n",
}

LINKS = {  # name in the vault: target
    "outside-dir": "../outside",
    "secret.md": "../outside/secret.md",
    "abs-secret.md": "{outside}/secret.md",
    "passwd.md": "/etc/passwd",
    "shadow.md": "/etc/shadow",
    "zero.md": "/dev/zero",
    "urandom.md": "/dev/urandom",
    "fifo-beside.md": "../outside/pipe",
    "up": "..",
    "sub/upup": "../..",
    "loop-a": "loop-b",
    "loop-b": "loop-a",
    "loop-a.md": "loop-b.md",
    "loop-b.md": "loop-a.md",
    "dangling.md": "nowhere.md",
    "dangling-dir": "nowhere",
    "root": ".",
    "self": "{vault}",
}

DECOY_LIBS = ["libkg.so.0.1", "libkg.so", "libc.so.6", "libstdc++.so.6",
              "libyaml-cpp.so.0.7", "libgvc.so.6", "libicuuc.so.72"]


def build(root: Path) -> Layout:
    if root.exists():  # a previous run's, perhaps with its read-only copy
        subprocess.run(["chmod", "-R", "u+w", str(root)], check=False)
        shutil.rmtree(root)
    lay = Layout(root, root / "vault", root / "outside", root / "work", root / "out",
                 root / "logs")
    for d in (lay.vault, lay.outside, lay.work, lay.out, lay.logs):
        d.mkdir(parents=True)
    (lay.outside / "secret.md").write_text("# Secret\nkg must never read this.\n")
    os.mkfifo(lay.outside / "pipe")
    build_vault(lay)
    build_work(lay)
    return lay


def build_vault(lay: Layout) -> None:
    v = lay.vault
    for name, text in NOTES.items():
        (v / name).parent.mkdir(parents=True, exist_ok=True)
        (v / name).write_text(text)
    (v / ".obsidian").mkdir()
    (v / ".obsidian" / "app.json").write_text("{}\n")
    (v / "kg.yaml").write_text("profile: kg\nimplied: true\n"
                               "relations:\n  partner:\n    symmetric: true\n")
    (v / ".kgignore").write_text("drafts/\n")
    os.mkfifo(v / "pipe.md")
    for name, target in LINKS.items():
        os.symlink(target.format(vault=v, outside=lay.outside), v / name)


def build_work(lay: Layout) -> None:
    """The folder kg starts in: decoy libraries, a decoy kg.yaml and notes."""
    for lib in DECOY_LIBS:
        (lay.work / lib).write_bytes(b"\x7fELF not a library: kg must never load this\n")
    (lay.work / "kg.yaml").write_text("profile: obsidian\nimplied: false\n")
    (lay.work / ".kgignore").write_text("*\n")
    (lay.work / "Decoy.md").write_text("# Decoy\n[[Alpha]]\n")
    (lay.work / "Alpha.md").write_text("# Alpha in the working folder\n")


# ---------------------------------------------------------------------------------------
# Manifests


def manifest(top: Path) -> dict[str, tuple]:
    """Every path under top, not following links: type, mode, size, sha256, mtime, target."""
    entries = {}
    for here, dirs, files in os.walk(top, followlinks=False):
        for name in [""] + dirs + files:
            p = Path(here) / name if name else Path(here)
            if name == "" and p != top:
                continue
            entries[str(p.relative_to(top))] = describe(p)
    return entries


def describe(p: Path) -> tuple:
    st = p.lstat()
    kind = stat.S_IFMT(st.st_mode)
    digest = target = None
    if stat.S_ISREG(st.st_mode):
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
    elif stat.S_ISLNK(st.st_mode):
        target = os.readlink(p)
    return (kind, stat.S_IMODE(st.st_mode), st.st_size, digest, st.st_mtime_ns, target)


def manifest_changes(name: str, before: dict, after: dict) -> list[str]:
    changes = []
    for path in sorted(set(before) | set(after)):
        if path not in after:
            changes.append(f"{name}: {path} disappeared")
        elif path not in before:
            changes.append(f"{name}: {path} appeared")
        elif before[path] != after[path]:
            fields = ("type", "mode", "size", "sha256", "mtime", "link target")
            what = [f for f, a, b in zip(fields, before[path], after[path]) if a != b]
            changes.append(f"{name}: {path} changed ({', '.join(what)})")
    return changes


# ---------------------------------------------------------------------------------------
# Running kg


@dataclasses.dataclass
class Command:
    args: list[str]
    outputs: list[str] = dataclasses.field(default_factory=list)  # -o, made absolute


def commands(lay: Layout) -> list[Command]:
    """kg's commands, run from the working folder with the vault given relative to it."""
    rel = os.path.relpath(lay.vault, lay.work)
    csv, svg = lay.out / "csv", lay.out / "graph.svg"
    v = ["--vault", rel]
    return [
        Command(v + ["stats"]),
        Command(v + ["check", "--json"]),
        Command(v + ["links", "Alpha"]),
        Command(v + ["export", "--format", "json"]),
        Command(v + ["export", "--format", "csv", "-o", os.path.relpath(csv, lay.work)],
                [str(csv)]),
        Command(v + ["export", "--format", "svg", "-o", str(svg)], [str(svg)]),
        Command(v + ["query", "MATCH (n) RETURN count(n)"]),
        Command(v + ["path", "Alpha", "Gamma"]),
    ]


def kg_env(traced: bool) -> dict[str, str]:
    """The environment, less LD_LIBRARY_PATH entries that name the working folder ('' or
    relative): those would be the user's choice, not kg's."""
    env = dict(os.environ)
    if "LD_LIBRARY_PATH" in env:
        kept = [p for p in env["LD_LIBRARY_PATH"].split(":") if p.startswith("/")]
        env["LD_LIBRARY_PATH"] = ":".join(kept)
    if traced:  # LeakSanitizer cannot run under ptrace
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    return env


def run(argv: list[str], cwd: Path, traced: bool = False) -> subprocess.CompletedProcess:
    """Run argv in a process group of its own, killed whole on timeout (kg stuck on a FIFO
    would outlive a killed strace)."""
    proc = subprocess.Popen(argv, cwd=cwd, env=kg_env(traced), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        err += f"\n[timed out after {TIMEOUT} s]".encode()
        return subprocess.CompletedProcess(argv, -1, out, err)
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def strace_argv(log: Path) -> list[str]:
    return ["strace", "-f", "-qq", "-x", "-s", "4096", "-o", str(log),
            "-e", f"trace={WATCHED},{BOOKKEEPING}", "--"]


def strace_usable(kg: Path, lay: Layout) -> str | None:
    """None when strace can trace kg here; else why not."""
    if shutil.which("strace") is None:
        return "strace is not installed"
    log = lay.logs / "probe.log"
    p = run(strace_argv(log) + [str(kg), "--version"], lay.work, traced=True)
    text = log.read_text(errors="replace") if log.exists() else ""
    if p.returncode != 0 or "openat(" not in text:
        err = p.stderr.decode(errors="replace").strip().splitlines()
        return f"strace cannot trace kg here (exit {p.returncode}): {' '.join(err[-2:])}"
    return None


def exit_problem(label: str, p: subprocess.CompletedProcess) -> str | None:
    if p.returncode in (0, 1):
        return None
    err = p.stderr.decode(errors="replace").strip()[-300:]
    return f"{label}: kg exited {p.returncode}: {err}"


# ---------------------------------------------------------------------------------------
# Reading strace's log


@dataclasses.dataclass
class Call:
    pid: int
    name: str
    args: list[str]
    ret: int | None
    line: str


def calls(log: Path) -> list[Call]:
    """The log's system calls, an <unfinished ...> call joined with its resumption."""
    pending: dict[int, str] = {}
    found = []
    for raw in log.read_text(errors="surrogateescape").splitlines():
        m = re.match(r"(\d+)\s+(.*)$", raw)
        if not m:
            continue
        pid, body = int(m[1]), m[2]
        if body.endswith("<unfinished ...>"):
            pending[pid] = body[:-len("<unfinished ...>")].rstrip()
            continue
        resumed = re.match(r"<\.\.\. \w+ resumed>\s?(.*)$", body)
        if resumed:
            body = pending.pop(pid, "") + resumed[1]
        call = parse_call(pid, body)
        if call:
            found.append(call)
    return found


def parse_call(pid: int, body: str) -> Call | None:
    m = re.match(r"(\w+)\((.*)\)\s+=\s+(\S+)", body)
    if not m:
        return None
    try:
        ret = int(m[3], 0)
    except ValueError:
        ret = None
    return Call(pid, m[1], split_args(m[2]), ret, body)


def split_args(text: str) -> list[str]:
    """Top-level, comma-separated arguments; strings, braces and brackets kept whole."""
    args, depth, cur, i = [], 0, [], 0
    while i < len(text):
        c = text[i]
        if c == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        if c == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if cur:
        args.append("".join(cur).strip())
    return args


ESCAPES = {"n": b"\n", "t": b"\t", "r": b"\r", "v": b"\v", "f": b"\f", '"': b'"', "\\": b"\\"}


def unquote(arg: str) -> str | None:
    """A string argument as the path it names; None when the argument is not a string."""
    m = re.match(r'"(.*)"(\.\.\.)?$', arg, re.S)
    if not m:
        return None
    s, out, i = m[1], bytearray(), 0
    while i < len(s):
        if s[i] != "\\":
            out += s[i].encode("utf-8", "surrogateescape")
            i += 1
        elif s[i + 1] == "x":
            out.append(int(s[i + 2:i + 4], 16))
            i += 4
        elif s[i + 1].isdigit():
            digits = re.match(r"[0-7]{1,3}", s[i + 1:])[0]
            out.append(int(digits, 8))
            i += 1 + len(digits)
        else:
            out += ESCAPES.get(s[i + 1], s[i + 1].encode())
            i += 2
    return os.fsdecode(bytes(out))


# ---------------------------------------------------------------------------------------
# Which path each call touched


@dataclasses.dataclass
class Access:
    call: Call
    path: str | None      # absolute, as kg named it; None when it cannot be told
    write: bool
    follow: bool          # the last component is followed when it is a link
    why_unknown: str = ""


class Tasks:
    """Per process: its file descriptors and its working folder, shared by threads."""

    def __init__(self, calls_: list[Call], cwd: str):
        self.parents = clone_parents(calls_)
        self.fds: dict[int, dict[int, str]] = {}
        self.cwds: dict[int, list[str]] = {}
        self.first_cwd = cwd

    def fd_table(self, pid: int) -> dict[int, str]:
        if pid not in self.fds:
            parent = self.parents.get(pid)
            if parent:
                table = self.fd_table(parent[0])
                self.fds[pid] = table if parent[1] else dict(table)
            else:
                self.fds[pid] = {}
        return self.fds[pid]

    def cwd(self, pid: int) -> list[str]:
        if pid not in self.cwds:
            parent = self.parents.get(pid)
            if parent:
                shared = self.cwd(parent[0])
                self.cwds[pid] = shared if parent[2] else [shared[0]]
            else:
                self.cwds[pid] = [self.first_cwd]
        return self.cwds[pid]

    def resolve(self, pid: int, dirfd: str, path: str) -> tuple[str | None, str]:
        """The absolute path of (dirfd, path); None and why when it cannot be told."""
        if path.startswith("/"):
            return path, ""
        if dirfd == "AT_FDCWD":
            return os.path.join(self.cwd(pid)[0], path), ""
        try:
            base = self.fd_table(pid).get(int(dirfd))
        except ValueError:
            return None, f"unknown directory argument {dirfd}"
        if base is None:
            return None, f"fd {dirfd} was not opened in the log"
        return os.path.join(base, path) if path else base, ""


def clone_parents(calls_: list[Call]) -> dict[int, tuple[int, bool, bool]]:
    """Child pid: (parent pid, shares the fd table, shares the working folder)."""
    parents = {}
    for c in calls_:
        if c.name in ("clone", "clone3", "fork", "vfork") and c.ret and c.ret > 0:
            flags = " ".join(c.args)
            parents[c.ret] = (c.pid, "CLONE_FILES" in flags, "CLONE_FS" in flags)
    return parents


def accesses(calls_: list[Call], cwd: str) -> list[Access]:
    tasks = Tasks(calls_, cwd)
    found = []
    for c in calls_:
        found += access_of(tasks, c)
        bookkeep(tasks, c, found[-1] if found and found[-1].call is c else None)
    return found


def open_flags(c: Call) -> str:
    if c.name == "openat2":
        m = re.search(r"flags=([^,}]+)", c.args[2])
        return m[1] if m else ""
    if c.name == "creat":
        return "O_WRONLY|O_CREAT|O_TRUNC"
    at = 1 if c.name == "open" else 2
    return c.args[at] if len(c.args) > at else ""


def flag_set(flags: str) -> tuple[bool, bool]:
    """(write intent, O_NOFOLLOW) of an open's flags, named or numeric."""
    names = set(flags.split("|"))
    write = bool(names & WRITE_FLAGS)
    nofollow = "O_NOFOLLOW" in names
    for n in names:
        try:
            bits = int(n, 0)
        except ValueError:
            continue
        write |= bool(bits & WRITE_BITS)
        nofollow |= bool(bits & O_NOFOLLOW_BIT)
    return write, nofollow


# For each watched call: its (dirfd index or None, path index) pairs, and whether the last
# component is followed.
PATH_ARGS = {
    "creat": [(None, 0)], "rename": [(None, 0), (None, 1)],
    "renameat": [(0, 1), (2, 3)], "renameat2": [(0, 1), (2, 3)],
    "unlink": [(None, 0)], "unlinkat": [(0, 1)], "rmdir": [(None, 0)],
    "mkdir": [(None, 0)], "mkdirat": [(0, 1)],
    "truncate": [(None, 0)], "link": [(None, 0), (None, 1)], "linkat": [(0, 1), (2, 3)],
    "symlink": [(None, 1)], "symlinkat": [(1, 2)], "chmod": [(None, 0)],
    "fchmodat": [(0, 1)], "utimensat": [(0, 1)],
}
FOLLOWS = {"truncate", "chmod", "fchmodat", "utimensat"}


def access_of(tasks: Tasks, c: Call) -> list[Access]:
    if c.name in OPENS:
        write, nofollow = flag_set(open_flags(c))
        dirfd = "AT_FDCWD" if c.name in ("open", "creat") else c.args[0]
        path_arg = c.args[0] if c.name in ("open", "creat") else c.args[1]
        return [located(tasks, c, dirfd, path_arg, write, not nofollow)]
    if c.name == "ftruncate":
        return [located(tasks, c, c.args[0], '""', True, True)]
    found = []
    for dirfd_i, path_i in PATH_ARGS.get(c.name, []):
        dirfd = "AT_FDCWD" if dirfd_i is None else c.args[dirfd_i]
        path_arg = c.args[path_i]
        if c.name == "utimensat" and path_arg == "NULL":
            path_arg = '""'
        follow = c.name in FOLLOWS and "AT_SYMLINK_NOFOLLOW" not in c.line
        found.append(located(tasks, c, dirfd, path_arg, True, follow))
    return found


def located(tasks: Tasks, c: Call, dirfd: str, path_arg: str, write: bool,
            follow: bool) -> Access:
    path = unquote(path_arg)
    if path is None:
        return Access(c, None, write, follow, f"path argument {path_arg!r} not understood")
    where, why = tasks.resolve(c.pid, dirfd, path)
    return Access(c, where, write, follow, why)


def bookkeep(tasks: Tasks, c: Call, opened: Access | None) -> None:
    """Keep each task's fd table and working folder up to date after a call."""
    if c.ret is None or c.ret < 0:
        return
    fds = tasks.fd_table(c.pid)
    if c.name in OPENS and opened and opened.path:
        fds[c.ret] = os.path.normpath(opened.path)
    elif c.name == "close":
        fds.pop(int(c.args[0]), None)
    elif c.name in ("dup", "dup2", "dup3") or (
            c.name == "fcntl" and len(c.args) > 1 and c.args[1].startswith("F_DUPFD")):
        source = fds.get(int(c.args[0]))
        if source:
            fds[c.ret] = source
        else:
            fds.pop(c.ret, None)
    elif c.name == "chdir":
        path, _ = tasks.resolve(c.pid, "AT_FDCWD", unquote(c.args[0]) or "")
        tasks.cwd(c.pid)[0] = os.path.normpath(path)
    elif c.name == "fchdir":
        tasks.cwd(c.pid)[0] = fds.get(int(c.args[0]), "<unknown folder>")


# ---------------------------------------------------------------------------------------
# Judging the accesses


def real(path: str, follow: bool) -> str:
    """Where the kernel lands: links in the folders resolved; the last one only if followed.
    /proc/self is kg's own, not this test's: it is left as it is."""
    if under(path, "/proc/self") or under(path, "/proc/thread-self"):
        return os.path.normpath(path)
    if follow:
        return os.path.realpath(path)
    head, tail = os.path.split(os.path.normpath(path))
    return os.path.join(os.path.realpath(head), tail)


def under(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


@dataclasses.dataclass
class Verdict:
    violations: list[str] = dataclasses.field(default_factory=list)
    categories: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    syscalls: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    paths: dict[str, set] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(set))


def judge(label: str, acc: Access, lay: Layout, allowed: list[Allowed], v: Verdict) -> None:
    """Add acc's violations to v, or count it in its allowlisted category."""
    name = acc.call.name
    if acc.path is None:
        v.violations.append(f"{label}: {name}: cannot tell which path ({acc.why_unknown}); "
                            f"counted as a violation: {acc.call.line[:200]}")
        return
    lexical, landed = os.path.normpath(acc.path), real(acc.path, acc.follow)
    both = (lexical, landed)
    shown = lexical if lexical == landed else f"{lexical} (-> {landed})"
    vaults = (str(lay.vault), os.path.realpath(lay.vault))
    in_vault = any(under(p, t) for p in both for t in vaults)
    if acc.write and in_vault:
        v.violations.append(f"{label}: {name} with write intent inside the vault: {shown}")
    forbidden = lay.forbidden
    for p in both:
        if p in forbidden:
            v.violations.append(f"{label}: {name} of {forbidden[p]}: {shown}")
            return
    if name in OPENS and is_library(lexical) and any(
            under(p, t) for p in both for t in (str(lay.work), *vaults)):
        v.violations.append(f"{label}: {name} of a library in the working folder or the vault: "
                            f"{shown}")
        return
    if all(any(under(p, t) for t in vaults) for p in both):
        return
    category = next((a for a in allowed if a.covers(lexical) or a.covers(landed)), None)
    if category is None:
        kind = "write" if acc.write else "open"
        v.violations.append(f"{label}: {name} ({kind}) outside the vault, not allowlisted: "
                            f"{shown}")
    elif acc.write and not category.writes:
        v.violations.append(f"{label}: {name} with write intent in {category.name}: {shown}")
    elif name in OPENS:
        v.categories[category.name] += 1
        v.paths[category.name].add(lexical)


def is_library(path: str) -> bool:
    base = os.path.basename(path)
    return base.endswith(".so") or ".so." in base


# ---------------------------------------------------------------------------------------
# The parts


def traced_runs(kg: Path, lay: Layout, v: Verdict) -> list[str]:
    """Run each command under strace and judge what it touched; the labels of the runs."""
    base = allowlist(kg)
    ran = []
    for i, cmd in enumerate(commands(lay)):
        label = "kg " + " ".join(cmd.args)
        log = lay.logs / f"strace-{i}.log"
        p = run(strace_argv(log) + [str(kg)] + cmd.args, lay.work, traced=True)
        problem = exit_problem(label, p)
        if problem:
            v.violations.append(problem)
        outputs = Outputs(tuple(cmd.outputs))
        seen = calls(log)
        for acc in accesses(seen, str(lay.work)):
            v.syscalls[acc.call.name] += 1
            judge(label, acc, lay, base + [outputs], v)
        ran.append(f"{label}  (exit {p.returncode}, {len(seen)} calls)")
    return ran


def plain_runs(kg: Path, lay: Layout, v: Verdict) -> list[str]:
    """Without strace: the commands still run, so the manifest comparison still means it."""
    ran = []
    for cmd in commands(lay):
        label = "kg " + " ".join(cmd.args)
        p = run([str(kg)] + cmd.args, lay.work)
        problem = exit_problem(label, p)
        if problem:
            v.violations.append(problem)
        ran.append(f"{label}  (exit {p.returncode})")
    return ran


def reference_outputs(kg: Path, lay: Layout) -> dict[str, subprocess.CompletedProcess]:
    return {" ".join(a): run([str(kg), "--vault", str(lay.vault)] + a, lay.work)
            for a in COMPARED}


COMPARED = [["export", "--format", "json"], ["check", "--json"]]

# Mounts the vault read-only over itself, checks it took, then runs kg.
RO_SCRIPT = ('mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 97; '
             'if test -w "$1"; then echo "the mount is still writable" >&2; exit 98; fi; '
             'shift; exec "$@"')
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def compare(label: str, ref: subprocess.CompletedProcess, got: subprocess.CompletedProcess,
            v: Verdict) -> None:
    if (got.returncode, got.stdout) == (ref.returncode, ref.stdout):
        return
    ours, theirs = ref.stdout.decode(errors="replace"), got.stdout.decode(errors="replace")
    first = next((f"line {i + 1}: {a!r} vs {b!r}" for i, (a, b) in
                  enumerate(zip(ours.splitlines(), theirs.splitlines())) if a != b),
                 f"{len(ours.splitlines())} lines vs {len(theirs.splitlines())}")
    err = got.stderr.decode(errors="replace").strip()[-200:]
    v.violations.append(f"{label}: exit {got.returncode} (writable: {ref.returncode}), "
                        f"output differs at {first} {err}")


def read_only_mount(kg: Path, lay: Layout, ref: dict, v: Verdict) -> str:
    """kg on the vault mounted read-only prints what it prints on the writable vault."""
    if not shutil.which("unshare") or not shutil.which("mount"):
        return "skipped: cannot make a read-only bind mount here: unshare or mount is missing"
    ways = [["unshare", "-m", "--propagation", "private"]]
    if os.geteuid() != 0:
        ways.append(["unshare", "-r", "-m", "--propagation", "private"])
    why = ""
    for way in ways:
        results = {}
        for key, args in zip(ref, COMPARED):
            argv = way + ["sh", "-c", RO_SCRIPT, "sh", str(lay.vault), str(kg),
                          "--vault", str(lay.vault)] + args
            results[key] = run(argv, lay.work)
            if results[key].returncode in (97, 98) or b"unshare: " in results[key].stderr:
                why = results[key].stderr.decode(errors="replace").strip()[-300:]
                break
        else:
            for key, got in results.items():
                compare(f"read-only mount: kg {key}", ref[key], got, v)
            return f"read-only bind mount ({' '.join(way)}): {len(results)} commands compared"
    return f"skipped: cannot make a read-only bind mount here: {why}"


def read_only_copy(kg: Path, lay: Layout, ref: dict, v: Verdict) -> str:
    """kg as user nobody on a copy after chmod -R a-w prints what it prints on the vault."""
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            return "skipped: chmod -R a-w copy: setpriv is missing (root ignores a-w)"
        prefix = NOBODY
    copy = lay.root / "vault-copy"  # beside the vault: ../outside means the same there
    subprocess.run(["cp", "-a", str(lay.vault), str(copy)], check=True)
    repoint_links(copy, lay.vault)
    subprocess.run(["chmod", "-R", "a-w", str(copy)], check=True)
    try:
        probe = run(prefix + ["test", "-r", str(copy / "Alpha.md")], lay.work)
        if probe.returncode != 0:
            return (f"skipped: chmod -R a-w copy: {' '.join(prefix) or 'this user'} cannot "
                    f"read {copy} (a folder above it is closed to others)")
        for key, args in zip(ref, COMPARED):
            got = run(prefix + [str(kg), "--vault", str(copy)] + args, lay.work)
            got.stdout = got.stdout.replace(os.fsencode(copy), os.fsencode(lay.vault))
            compare(f"chmod -R a-w copy as {'nobody' if prefix else 'this user'}: kg {key}",
                    ref[key], got, v)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(copy)], check=False)
        shutil.rmtree(copy)
    return (f"chmod -R a-w copy, read as {'nobody (setpriv)' if prefix else 'this user'}: "
            f"{len(COMPARED)} commands compared")


def repoint_links(copy: Path, vault: Path) -> None:
    """A copy's absolute links into the vault lead into the copy, as in the vault."""
    for here, dirs, files in os.walk(copy):
        for name in dirs + files:
            p = Path(here) / name
            target = os.readlink(p) if p.is_symlink() else ""
            if under(target, str(vault)):
                p.unlink()
                os.symlink(str(copy) + target[len(str(vault)):], p)


# ---------------------------------------------------------------------------------------


def snapshot(lay: Layout) -> dict[str, dict]:
    return {"vault": manifest(lay.vault), "beside the vault": manifest(lay.outside),
            "working folder": manifest(lay.work)}


def check_snapshot(before: dict, lay: Layout, when: str, v: Verdict) -> None:
    after = snapshot(lay)
    for name in before:
        for change in manifest_changes(name, before[name], after[name]):
            v.violations.append(f"{when}: {change}")


def summary(ran: list[str], traced: bool, v: Verdict, notes: list[str], t0: float) -> None:
    for note in notes:
        print(note)
    print(f"containment: {len(ran)} kg commands {'under strace' if traced else 'untraced'}:")
    for line in ran:
        print(f"  {line}")
    if traced:
        seen = ", ".join(f"{k} {n}" for k, n in sorted(v.syscalls.items()))
        print(f"paths named by watched calls: {sum(v.syscalls.values())} ({seen})")
        print("opened outside the vault, allowlisted:")
        for name, n in v.categories.most_common():
            paths = sorted(v.paths[name])
            print(f"  {n:5d} opens of {len(paths):3d} paths  {name}  (e.g. {paths[0]})")
    print(f"time: {time.monotonic() - t0:.1f} s")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    t0 = time.monotonic()
    os.umask(0o022)
    kg = Path(argv[1]).absolute()
    lay = build(Path(argv[2]).absolute() / "containment")
    before = snapshot(lay)
    v, notes = Verdict(), []
    why = strace_usable(kg, lay)
    if why:
        notes.append(f"skipped: strace checks ({why}); the commands ran untraced")
        ran = plain_runs(kg, lay, v)
    else:
        ran = traced_runs(kg, lay, v)
        notes.append(f"strace logs: {lay.logs}")
    check_snapshot(before, lay, "after the commands", v)
    ref = reference_outputs(kg, lay)
    for key, p in ref.items():
        problem = exit_problem(f"kg --vault VAULT {key}", p)
        if problem:
            v.violations.append(problem)
    notes.append(read_only_mount(kg, lay, ref, v))
    notes.append(read_only_copy(kg, lay, ref, v))
    check_snapshot(before, lay, "after the read-only runs", v)
    summary(ran, not why, v, notes, t0)
    if v.violations:
        print(f"\nFAILED: {len(v.violations)} violations of kg's containment:")
        for line in dict.fromkeys(v.violations):
            print(f"  {line}")
        return 1
    print("all held: the vault is unchanged" + (
        ", kg wrote nothing in it and opened nothing outside it but the allowlist"
        if not why else " (what kg opened was not watched)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
