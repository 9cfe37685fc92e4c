"""Group M of the bad-input catalogue: Markdown bodies that are slow, deep or huge for
cmark-gfm 0.29.0.gfm.6. kg parses each body under a budget (memory, time, container
nesting) and reads a note that blows it with its own linear block reader, saying so with a
`markdown-fallback` warning on line 1. Every note here ends with a blank line and
`[[Target]]`: whichever reader ran, that link must come out, on its own line.
"""

from __future__ import annotations

import itertools
import re
import shutil

from framework import CaseFailure, Skip, case

N = 100_000
CAP = 4 << 20  # kg's default --max-note-bytes
BIG_CAP = "16000000"


def fail(message: str) -> None:
    raise CaseFailure(message)


def targets(r, source: str = "m.md") -> set[str]:
    return {e["target"] for e in r.links_from(source)}


def body(t, text: str, fallback: bool, also: frozenset = frozenset()):
    """Writes m.md = text + a blank line + [[Target]], runs kg, and checks the link came out
    on its line, the fallback warning (or its absence), and no link beyond `also`."""
    t.note("Target.md", "# Target\n")
    content = text + "\n\n[[Target]]\n"
    t.note("m.md", content)
    r = t.run()
    edge = r.expect_linked("m.md", "Target.md")
    if (edge["line"], edge["col"]) != (content.count("\n"), 1):
        fail(f"[[Target]] placed at {edge['line']}:{edge['col']}, "
             f"expected {content.count(chr(10))}:1")
    if fallback:
        r.expect("markdown-fallback", "m.md", line=1, severity="warning")
    else:
        r.expect_none("markdown-fallback")
    found = targets(r)
    if found != {"Target.md"} | also:
        fail(f"m.md links to {sorted(found)[:10]}, expected {sorted({'Target.md'} | also)}")
    return r


def ordinary(size: int) -> str:
    """An ordinary note of about `size` bytes: sections with a heading, a link, a list, a
    quote and a tag (about 150 bytes and one link each)."""
    parts, total = [], 0
    for i in itertools.count():
        if total >= size:
            break
        s = (f"## Section {i}\n\nSome text about [[Note {i % 500}]] with *emphasis* and "
             f"`code`.\n\n- item one\n- item two\n\n> a quote #topic{i % 50}\n\n")
        parts.append(s)
        total += len(s)
    return "".join(parts)


def bytes_read(t, *args: str) -> int:
    """Bytes kg read with read()/pread64() in one run, from strace."""
    if shutil.which("strace") is None:
        raise Skip("strace is not installed: cannot count the bytes kg reads")
    log = t.root / "strace.log"
    p = t.exec(["strace", "-f", "-qq", "-o", str(log), "-e", "trace=read,pread64",
                str(t.kg), "--vault", str(t.vault), *args], timeout=120)
    if p.returncode not in (0, 1):
        fail(f"kg {' '.join(args)} exited {p.returncode} under strace")
    total = 0
    for line in log.read_text(errors="replace").splitlines():
        m = re.search(r"(?:\bread|\bpread64|read resumed>|pread64 resumed>).*= (\d+)$", line)
        if m:
            total += int(m.group(1))
    return total


def too_large(t, text: str):
    """A note over the default cap: file-too-large, and kg reads no more than cap + 1 bytes.
    kg keeps the node without content (links to it still resolve), where the bad-input
    catalogue says skip: its diagnostic says the content is skipped."""
    t.note("m.md", text + "\n\n[[Target]]\n")
    r = t.run()
    r.expect("file-too-large", "m.md", severity="warning")
    r.node("m.md")
    if r.links_from("m.md"):
        fail(f"m.md is over the cap but has links: {targets(r)}")
    read = bytes_read(t, "check", "--json")
    if read > CAP + 1 + (1 << 20):  # the other notes and the shared libraries: < 1 MiB
        fail(f"kg read {read} bytes of a vault whose only big note is over the {CAP}-byte cap")
    return r


@case("M1", "nested strong/emphasis, AST depth 65 k")
def m1(t):
    body(t, "*a **a " * 32500 + "b" + " a** a*" * 32500, fallback=False)


# M2, M8, M9-M12: kg does not hand cmark a line that opens more than 64 block quotes or
# list items (cmark's block parser is quadratic in that depth); the fallback reader reads it.
@case("M2", "100,000 nested block quotes")
def m2(t):
    body(t, "> " * N + "a", fallback=True)


# `[[[[...a]]]]`: 0 Markdown links, but the innermost `[[a]]` is a wikilink (DESIGN 3: the
# target runs to the first `]]`; W2 pins the innermost opener).
@case("M3", "100,000 nested brackets")
def m3(t):
    r = body(t, "[" * N + "a" + "]" * N, fallback=False, also=frozenset({"ghost:a"}))
    if r.expect_linked("m.md", "ghost:a")["col"] != N - 1:
        fail("[[a]] should start at the innermost '[['")


@case("M4", "![[]() repeated (CVE-2023-22486)")
def m4(t):
    body(t, "![[]()" * N, fallback=True)


# The catalogue expects cmark to read it; cmark needs over 100 MiB for this 1.2 MB note, past
# kg's budget, so the fallback reads it.
@case("M5", "unclosed HTML comments (CVE-2023-22484)")
def m5(t):
    body(t, "</" + "<!--" * 300_000, fallback=True)


@case("M6", "-1<?x... processing instructions (CVE-2023-22483 t1)")
def m6(t):
    body(t, "-1" + "<?x" * N + "y", fallback=True)


@case("M7", "*t ... _t*_ emphasis (CVE-2023-22483 t3)")
def m7(t):
    body(t, "*t " * N + "_t*_ " * N, fallback=True)


@case("M8", "100,000 '>' then 100,000 '.' (CVE-2023-22483 t11)")
def m8(t):
    body(t, ">" * N + "." * N, fallback=True)


@case("M9", "100,000 nested list markers then blank lines (CVE-2023-24824)")
def m9(t):
    body(t, "- " * N + "x" + "\n" * N, fallback=True)


@case("M10", "nested lists in a block quote with quoted blank lines")
def m10(t):
    body(t, "> " + "- " * 30_000 + "x\n" + ">\n" * 30_000, fallback=True)


@case("M11", "emphasis in 100,000 nested block quotes (CVE-2023-24824)")
def m11(t):
    body(t, ">" * N + "a*" * N, fallback=True)


@case("M12", "' -' list markers then blank lines (CVE-2023-24824 t2)")
def m12(t):
    body(t, " -" * N + "x" + "\n" * N, fallback=True)


@case("M13", "reference-title amplification, 80 KB (CVE-2023-22483 t6)")
def m13(t):
    body(t, "[f]:u\n\"\n" + "[f]\n" * 20_000 + "[f]:u \"t\n", fallback=True)


@case("M14", "reference-title amplification, 400 KB")
def m14(t):
    body(t, "[f]:u\n\"\n" + "[f]\n" * N + "[f]:u \"t\n", fallback=True)


# M15-M18: kg keeps cmark's table extension (DESIGN 3: tables carry relations), so these
# table blow-ups trip the budget and the fallback reader reads them.
@case("M15", "10,000-column table with 10,000 rows (CVE-2023-37463)")
def m15(t):
    body(t, "|" + "x|" * 10_000 + "\n|" + "-|" * 10_000 + "\n" + "a\n" * 10_000, fallback=True)


@case("M16", "|-/t>|- table rows (CVE-2023-22483 t2)")
def m16(t):
    body(t, "|-\nt>|-\n" * 10_000 + "y", fallback=True)


@case("M17", "a table row of 100,000 pipes (CVE-2023-22483 t4)")
def m17(t):
    body(t, "x\n| - |\n" + "|" * N + "y", fallback=True)


@case("M18", "100,000 ':' lines between ':-' rows (CVE-2023-22483 t8)")
def m18(t):
    body(t, ":-\n" + ":\n" * N + ":-\n", fallback=True)


# M19-M22: kg attaches neither autolink nor strikethrough, so cmark reads these at once.
@case("M19", "z_www. repeated (autolink)")
def m19(t):
    body(t, "z_www." * N, fallback=False)


@case("M20", "<http://s repeated (autolink)")
def m20(t):
    body(t, "<http://s" * N, fallback=False)


@case("M21", "www. then 100,000 ')' (autolink)")
def m21(t):
    body(t, "www." + ")" * N, fallback=False)


@case("M22", "~e,z~~ repeated (strikethrough)")
def m22(t):
    body(t, "~e" + ",z~~" * N, fallback=False)


@case("M23", "100,000 footnote definitions then blank lines")
def m23(t):
    body(t, "[^1]:\n" * N + "\n" * N, fallback=False)


# NUL bytes become U+FFFD, with a nul-byte info at the first one; a link holding one keeps
# its other characters.
@case("M24", "NUL bytes in the body")
def m24(t):
    t.note("m.md", "abc\x00de\x00\n\n[[Target]] [[x\x00y]]\n")
    r = t.run()
    r.expect("nul-byte", "m.md", line=1, severity="info")
    if r.expect("nul-byte", "m.md")["col"] != 4:
        fail("nul-byte should point at column 4")
    if r.expect_linked("m.md", "ghost:target")["line"] != 3:
        fail("[[Target]] should be on line 3")
    r.expect_linked("m.md", "ghost:x\ufffdy")


@case("M25", "backtick runs of every length up to 2,500 (3 MB)")
def m25(t):
    body(t, "".join("e" + "`" * k for k in range(1, 2500)), fallback=False)


@case("M26", "3,000 ever deeper list items (9 MB)")
def m26(t):
    text = "".join("  " * x + "* a\n" for x in range(3000))
    t.note("Target.md", "# Target\n")
    too_large(t, text)
    # With the cap raised the note is read in full.
    r = t.run("--max-note-bytes", BIG_CAP)
    r.expect_none("file-too-large")
    r.expect_none("markdown-fallback")
    if r.expect_linked("m.md", "Target.md")["line"] != text.count("\n") + 3:
        fail("[[Target]] on the wrong line")


@case("M27", "100,000 reference definitions; 25,000 hash-colliding references")
def m27(t):
    t.note("collide.md", hash_collisions() + "\n[[Target]]\n")
    r = body(t, "[a]: u\n" * N, fallback=False)
    r.expect_none("markdown-fallback", "collide.md")
    if targets(r, "collide.md") != {"Target.md"}:
        fail(f"collide.md links to {sorted(targets(r, 'collide.md'))[:10]}")


def hash_collisions(count: int = 25_000) -> str:
    """cmark's pathological_tests.py: references whose names collide in cmark's refmap."""
    def bad(ref: str) -> bool:
        h = 0
        for c in ref:
            h = (ord(c) + ((h << 6) & 0xFFFFFFFF) + ((h << 16) & 0xFFFFFFFF) - h) & 0xFFFFFFFF
        return h % 16 == 0
    names = (f"x{i}" for i in itertools.count())
    keys = list(itertools.islice((k for k in names if bad(k)), count))
    return "".join(f"[{k}]: /url\n\n[{keys[0]}]\n\n" for k in keys[1:])


@case("M28", "an ordinary 9 MB note")
def m28(t):
    text = ordinary(9_000_000)
    t.note("Target.md", "# Target\n")
    too_large(t, text)
    # With the cap raised: an ordinary note is no cmark blow-up; cmark reads all of it.
    r = t.run("--max-note-bytes", BIG_CAP)
    r.expect_none("file-too-large")
    r.expect_none("markdown-fallback")
    r.expect_none("too-many-links")
    sections = text.count("## Section ")
    if len(r.links_from("m.md")) != sections + 1:
        fail(f"{len(r.links_from('m.md'))} links from m.md, expected {sections + 1}")


@case("M29", "an ordinary 90 MB note")
def m29(t):
    too_large(t, ordinary(90_000_000))


@case("M30", "one 100 MB line")
def m30(t):
    too_large(t, "a" * 100_000_000)


# Front matter never reaches cmark: no setext heading "title: x", and body lines keep their
# place in the file (the link on line 4).
@case("M31", "front matter is stripped before cmark")
def m31(t):
    t.note("m.md", "---\ntitle: x\n---\n[[Target]] [[#title: x]] [[#Real]]\n# Real\n")
    r = t.run()
    if r.node("m.md")["properties"].get("title") != "x":
        fail("the front matter was not read as properties")
    if r.expect_linked("m.md", "ghost:target")["line"] != 4:
        fail("[[Target]] should be on line 4")
    self_links = {e["subpath"]: e for e in r.links_from("m.md") if e["target"] == "m.md"}
    if self_links["#title: x"]["subpath_status"] != "missing":
        fail("the front matter became a heading 'title: x'")
    if self_links["#Real"]["subpath_status"] != "ok":
        fail("the body's heading 'Real' was not found")
    r.expect("missing-heading", "m.md", line=4)
