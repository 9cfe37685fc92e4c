"""Group W of the bad-input catalogue: wikilinks and Obsidian syntax. Each case writes the
catalogue's note body to m.md (plus the files it links to) and asserts what kg resolved:
targets, display text, subpaths, and the diagnostics (DESIGN sections 3 and 4).
"""

from __future__ import annotations

import os
import re
import shutil

from framework import CaseFailure, Skip, case

N = 100_000


def fail(message: str) -> None:
    raise CaseFailure(message)


def edges(r, source: str = "m.md") -> list[dict]:
    return r.links_from(source)


def expect_edges(r, expected: list[tuple[str, int]], source: str = "m.md") -> list[dict]:
    """The links of `source`, in order, are exactly these (target, column) pairs."""
    ordered = sorted(edges(r, source), key=lambda e: (e["line"], e["col"]))
    found = [(e["target"], e["col"]) for e in ordered]
    if found != expected:
        fail(f"{source} links {found[:10]}, expected {expected}")
    return ordered


def expect_codes_at(r, code: str, cols: list[int], line: int = 1, file: str = "m.md") -> None:
    found = sorted(d["col"] for d in r.diagnostics
                   if d["code"] == code and d["file"] == file and d["line"] == line)
    if found != cols:
        fail(f"{code} at columns {found} of {file}:{line}, expected {cols}")


@case("W1", "100,000 '[[' openers")
def w1(t):
    t.note("m.md", "[[" * N)
    r = t.run()
    expect_edges(r, [])
    r.expect_clean("m.md")


# The innermost opener wins (as in Obsidian): one link, x, found without recursion.
@case("W2", "100,000 nested [[ ... x ... ]]")
def w2(t):
    t.note("m.md", "[[" * N + "x" + "]]" * N)
    r = t.run()
    expect_edges(r, [("ghost:x", 2 * N - 1)])


# 6 MB is over the 4 MiB cap. With the cap raised, kg keeps the first 100,000 occurrences of
# a note's links and says so (too-many-links); they fold into one relationship to `a`.
@case("W3", "[[a]] a million times (6 MB)")
def w3(t):
    t.note("m.md", "[[a]] " * 1_000_000)
    r = t.run()
    r.expect("file-too-large", "m.md")
    expect_edges(r, [])
    expect_capped_links(t.run("--max-note-bytes", "8000000"))


def expect_capped_links(r) -> None:
    """[[a]] past the link cap: a warning, the first 100,000 kept, folded into one relationship."""
    r.expect("too-many-links", "m.md", line=1, severity="warning")
    found = edges(r)
    if len(found) != N or {e["target"] for e in found} != {"ghost:a"}:
        fail(f"{len(found)} links from m.md to {sorted({e['target'] for e in found})}")
    if len({e["relationship"] for e in found}) != 1:
        fail("the occurrences of [[a]] should fold into one relationship")


# Not in the bad-input catalogue: the largest note of links the default cap lets in, the
# one the per-note bounds (2 s, 512 MiB: catalogue.py --bounds) are measured on.
@case("W22", "[[a]] 699,050 times, just under the 4 MiB note cap")
def w22(t):
    t.note("m.md", "[[a]] " * 699_050)
    r = t.run()
    r.expect_none("file-too-large")
    expect_capped_links(r)


# The target is `a`; the display (the rest) is cut to 1 KiB with an info, not the link dropped.
@case("W4", "[[a|||...]] with 100,000 pipes")
def w4(t):
    t.note("m.md", "[[a" + "|" * N + "]]")
    r = t.run()
    r.expect_none("link-too-long")
    edge = r.expect_linked("m.md", "ghost:a")
    if len((edge["display"] or "").encode()) > 1024:
        fail(f"display of {len(edge['display'])} bytes kept; the cap is 1 KiB")
    r.expect("link-truncated", "m.md", line=1, severity="info")


@case("W5", "a 1 MB link target")
def w5(t):
    t.note("m.md", "[[" + "a" * 1_000_000 + "]]")
    r = t.run()
    d = r.expect("link-too-long", "m.md", line=1, severity="warning")
    if d["col"] != 1:
        fail("link-too-long should point at column 1")
    expect_edges(r, [])


@case("W6", "wikilinks in a table: escaped and plain pipes")
def w6(t):
    t.note("m.md", "| t | u |\n|---|---|\n| [[P\\|Q]] | [[R|S]] |\n")
    r = t.run()
    p, s = expect_edges(r, [("ghost:p", 3), ("ghost:r", 14)])
    if (p["display"], s["display"]) != ("Q", "S"):
        fail(f"displays {p['display']!r}, {s['display']!r}; expected 'Q', 'S'")
    if {p["origin"], s["origin"], p["line"], s["line"]} != {"table", 3}:
        fail("both links should come from the table row on line 3")


# Code spans, fenced and indented code, and HTML blocks hold no links (HTML blocks as in
# Obsidian, which does not read Markdown inside HTML elements).
@case("W7", "links in code and HTML")
def w7(t):
    t.note("m.md", "`[[code]]`\n\n```\n[[fenced]]\n```\n\n    [[indented]]\n\n"
                   "<div>[[html]]</div>\n")
    r = t.run()
    expect_edges(r, [])
    r.expect_clean("m.md")


# ```...``` on one line is a code span, not a fence: the headings after it stay headings.
@case("W8", "a one-line ``` span before headings")
def w8(t):
    t.note("m.md", "```[[A|B]]```\n# H1\n# H2\n\n[[#H1]] [[#H2]]\n")
    r = t.run()
    for e in expect_edges(r, [("m.md", 1), ("m.md", 9)]):
        if e["subpath_status"] != "ok":
            fail(f"{e['raw']}: heading not found ({e['subpath_status']})")
    r.expect_clean("m.md")


@case("W9", "%% comments %%, inline and as a block")
def w9(t):
    t.note("m.md", "x %%hidden [[C]]%% y\n\n%%\n[[D]]\n%%\n[[E]]")
    r = t.run()
    e = expect_edges(r, [("ghost:e", 1)])[0]
    if e["line"] != 6:
        fail(f"[[E]] on line {e['line']}, expected 6")


# An unclosed %% comments out the rest of the note. (kg reads this note with its fallback
# reader: cmark needs more memory than kg's budget for 600 KB of links.)
@case("W10", "an unclosed %% before 100,000 links")
def w10(t):
    t.note("m.md", "%%" + " [[x]]" * N)
    r = t.run()
    expect_edges(r, [])


# `[[x]](y)` is the wikilink x followed by the text "(y)", the same on every run.
@case("W11", "[[x]](y)")
def w11(t):
    t.note("m.md", "[[x]](y)")
    first = expect_edges(t.run(), [("ghost:x", 1)])
    again = expect_edges(t.run(), [("ghost:x", 1)])
    if first != again:
        fail("two runs disagree")


# kg attaches no autolink extension: URLs do not swallow the wikilinks inside them.
@case("W12", "wikilinks inside bare URLs")
def w12(t):
    t.note("m.md", "www.example.com/[[Note]] https://x.y/[[Z]]")
    r = t.run()
    expect_edges(r, [("ghost:note", 17), ("ghost:z", 38)])


# Wikilinks are not percent-decoded (DESIGN 3 decodes markdown destinations only, as
# Obsidian does), so `#Foo %7C Bar` is not the heading "Foo | Bar": a missing-heading
# warning, where the bad-input catalogue suggests decoding.
@case("W13", "heading, block and self subpaths")
def w13(t):
    t.note("Note.md", "# Heading\n\npara ^blk\n\n# A\n## B\n")
    t.note("m.md", "[[Note#Heading]] [[Note#^blk]] [[#Local]] [[Note#A#B]] [[#Foo %7C Bar]]"
                   "\n\n## Local\n\n## Foo | Bar\n")
    r = t.run()
    found = expect_edges(r, [("Note.md", 1), ("Note.md", 18), ("m.md", 32), ("Note.md", 43),
                             ("m.md", 56)])
    got = [(e["subpath"], e["subpath_status"]) for e in found]
    want = [("#Heading", "ok"), ("#^blk", "ok"), ("#Local", "ok"), ("#A#B", "ok"),
            ("#Foo %7C Bar", "missing")]
    if got != want:
        fail(f"subpaths {got}, expected {want}")
    r.expect("missing-heading", "m.md", line=1)
    expect_codes_at(r, "missing-heading", [56])


# '#' starts a subpath, so [[C# notes]] is the note "C" (missing) with heading "notes"; the
# warning should name the file the user meant.
@case("W14", "file names with [, ], # and ^")
def w14(t):
    for name in ("[Bug] x.md", "C# notes.md", "a^b.md"):
        t.note(name, "# x\n")
    t.note("m.md", "[[[Bug] x]] [[C# notes]] [[a^b]]\n")
    r = t.run()
    found = expect_edges(r, [("[Bug] x.md", 1), ("ghost:c", 13), ("a^b.md", 26)])
    if found[1]["subpath"] != "#notes":
        fail(f"[[C# notes]] has subpath {found[1]['subpath']!r}, expected '#notes'")
    d = r.expect("unresolved-link", "m.md", line=1)
    if "C# notes.md" not in d["message"]:
        fail(f"the warning gives no hint of 'C# notes.md': {d['message']!r}")


@case("W15", "embeds of an image, a note, a heading with a size, a PDF page")
def w15(t):
    t.note("img.png", b"\x89PNG\r\n\x1a\n")
    t.note("doc.pdf", b"%PDF-1.4\n")
    t.note("Note.md", "# H\n")
    t.note("m.md", "![[img.png]] ![[Note]] ![[Note#H|300]] ![[doc.pdf#page=3]]")
    r = t.run()
    found = expect_edges(r, [("img.png", 1), ("Note.md", 14), ("Note.md", 24), ("doc.pdf", 40)])
    if any(not e["embed"] or e["relation"] != "embeds" for e in found):
        fail("every link here is an embed")
    for attachment in ("img.png", "doc.pdf"):
        if r.node(attachment)["kind"] != "attachment":
            fail(f"{attachment} should be an attachment node")
    sized = found[2]
    if (sized["subpath"], sized["subpath_status"], sized["size"]["width"]) != ("#H", "ok", 300):
        fail(f"![[Note#H|300]] read as {sized}")
    # A PDF fragment is not a heading: never checked, never a warning.
    if (found[3]["subpath"], found[3]["subpath_status"]) != ("#page=3", "unchecked"):
        fail(f"![[doc.pdf#page=3]] read as {found[3]}")
    r.expect_clean("m.md")


# Trimmed, case-folded, optional .md, ./ and / from the root all find Note.md. A path link
# must match the file's path (DESIGN 4, rule 5, as Obsidian): with no folder/ in the vault,
# [[folder/Note]] stays unresolved where the bad-input catalogue has it resolve.
@case("W16", "spellings of one note")
def w16(t):
    t.note("Note.md", "# N\n")
    t.note("m.md", "[[  Note  ]] [[note]] [[Note.md]] [[folder/Note]] [[./Note]] [[/Note]]")
    r = t.run()
    found = expect_edges(r, [("Note.md", 1), ("Note.md", 14), ("Note.md", 23),
                             ("ghost:folder/note", 35), ("Note.md", 51), ("Note.md", 62)])
    if found[4]["via"] != "relative":
        fail("[[./Note]] should resolve relative to m.md")
    r.expect("unresolved-link", "m.md", line=1)
    expect_codes_at(r, "unresolved-link", [35])


@case("W17", "empty links and a line break inside [[ ]]")
def w17(t):
    t.note("m.md", "[[]] [[|]] [[#]] [[ ]] [[|alias]] [[a\nb]]")
    r = t.run()
    expect_edges(r, [])
    expect_codes_at(r, "empty-link", [1, 6, 12, 18, 24])
    if any(d["severity"] != "info" for d in r.diagnostics if d["code"] == "empty-link"):
        fail("empty-link is an info")


# '../' above the root stays at the root, as in Obsidian: an info (link-above-root), the
# link unresolved, and nothing outside the vault looked at. The bad-input catalogue's
# LINK_OUTSIDE_VAULT warning is kg's link-above-root info plus unresolved-link.
@case("W18", "links that climb out of the vault")
def w18(t):
    (t.root / "outside.md").write_text("# outside\n")  # what ../outside.md would open
    t.outside("s.md")
    t.note("m.md", "[[../../etc/passwd]] ![[../../../../etc/shadow]] [x](../outside.md) "
                   "[y](/etc/passwd) [[..\\..\\win]] [[%2e%2e/s]]")
    r = t.run()
    found = edges(r)
    if len(found) != 6 or any(not e["target"].startswith("ghost:") for e in found):
        fail(f"every link should be unresolved: {[e['target'] for e in found]}")
    expect_codes_at(r, "link-above-root", [1, 22, 50, 86])
    expect_codes_at(r, "unresolved-link", [1, 22, 50, 69, 86, 100])
    outside_paths = opened_outside(t)
    if outside_paths:
        fail(f"kg looked outside the vault: {outside_paths[:5]}")


def opened_outside(t) -> list[str]:
    """Paths beside the vault, or /etc/passwd and /etc/shadow, that kg opened or looked up."""
    if shutil.which("strace") is None:
        raise Skip("strace is not installed: cannot watch what kg opens")
    log = t.root / "strace.log"
    argv = ["strace", "-f", "-qq", "-s", "4096", "-o", str(log), "-e", "trace=%file",
            str(t.kg), "--vault", str(t.vault), "check", "--json"]
    if t.exec(argv).returncode not in (0, 1):
        fail("kg check failed under strace")
    # Canonicalising the vault's own path looks at its parent folders: that is not outside.
    root, vault = str(t.root) + "/", str(t.vault)
    bad = []
    for path in re.findall(r'"([^"]*)"', log.read_text(errors="replace")):
        path = os.path.normpath(path) if path.startswith("/") else path
        if path in ("/etc/passwd", "/etc/shadow") or (
                path.startswith(root) and not path.startswith(vault)):
            bad.append(path)
    return bad


@case("W19", "javascript:, file: and data: URLs")
def w19(t):
    urls = ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>"]
    t.note("m.md", f"[x]({urls[0]}) [y]({urls[1]}) [z]({urls[2]})")
    r = t.run()
    expect_edges(r, [])
    if r.node("m.md")["external_links"] != urls:
        fail(f"external links {r.node('m.md')['external_links']}, expected {urls}")
    mermaid = t.kg_run("export", "--format", "mermaid")
    if mermaid.returncode != 0 or "click" in mermaid.text or "javascript:" in mermaid.text:
        fail("the Mermaid export must never make a URL clickable")


@case("W20", "tags, numbers, fragments, code and 100,000 '#'")
def w20(t):
    t.note("m.md", "#tag #1234 #a/b/c #tag-with-dash #ü #" + "#" * N + " http://x/#frag `#incode`")
    r = t.run()
    tags = r.node("m.md")["tags"]
    if sorted(tags) != sorted(["tag", "a/b/c", "tag-with-dash", "ü"]):
        fail(f"tags {tags}")
    r.expect_clean("m.md")


@case("W21", "NFD link to an NFC file name")
def w21(t):
    t.note("Caf\u00e9.md", "# Café\n")
    t.note("m.md", "[[Cafe\u0301]]")
    r = t.run()
    expect_edges(r, [("Caf\u00e9.md", 1)])
    r.expect_clean("m.md")
