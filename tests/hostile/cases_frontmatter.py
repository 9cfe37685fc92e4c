"""Catalogue group Y: front matter and YAML. Each note is FM(x) unless the recipe gives the
whole file; the vault also holds Target.md, so the body's [[Target]] resolves.

kg's limits (options.hpp, parsed_note.hpp): notes up to 4 MiB, front matter up to 64 KiB and
found within 2000 lines (past that the fence counts as missing: `frontmatter-unterminated`),
YAML converted to at most 64 levels and 10 000 values. Node titles are file names; a
front-matter `title` is an ordinary property.
"""

from __future__ import annotations

import json

from framework import CaseFailure, Result, case, fm


def vault(t, **notes: str | bytes) -> None:
    t.note("Target.md", "# Target\n")
    for name, content in notes.items():
        t.note(name + ".md", content)


def body_link(r: Result, name: str, x: str) -> None:
    """The body's [[Target]] survived, on its line (front matter included)."""
    edge = r.expect_linked(name + ".md", "Target.md")
    if edge["line"] != x.count("\n") + 5:
        raise CaseFailure(f"{name}: the body link is on line {edge['line']}, "
                          f"expected {x.count(chr(10)) + 5}")


def props(r: Result, name: str) -> dict:
    return r.node(name + ".md")["properties"]


def expect_props(r: Result, name: str, expected: dict) -> None:
    if props(r, name) != expected:
        raise CaseFailure(f"{name}: properties {str(props(r, name))[:300]}, expected {expected}")


def scalars(value) -> int:
    if isinstance(value, dict):
        return sum(scalars(v) for v in value.values())
    if isinstance(value, list):
        return sum(scalars(v) for v in value)
    return 1


def raise_caps(t, frontmatter_bytes: int) -> None:
    t.note("kg.yaml", f"limits:\n  max_frontmatter_bytes: {frontmatter_bytes}\n")


def partial(r: Result, name: str, x: str, code: str, line: int) -> dict:
    """The front matter is dropped with `code` on `line`; the body still loads."""
    d = r.expect(code, name + ".md", line=line)
    expect_props(r, name, {})
    body_link(r, name, x)
    return d


@case("Y1", "100 000 opening brackets")
def y1(t):
    x = "[" * 100_000
    vault(t, deep=fm(x))
    # 100 000 bytes are over kg's 64 KiB front-matter cap, which comes first; with the cap
    # raised, the depth guard answers, on the opening fence (not yaml-cpp's 0:0 mark).
    partial(t.run(), "deep", x, "frontmatter-too-large", 1)
    raise_caps(t, 1 << 20)
    partial(t.run(), "deep", x, "frontmatter-too-deep", 1)


@case("Y2", "20 535 and 21 989 opening braces (CVE-2018-20573/20574)")
def y2(t):
    xs = {"b20535": "{" * 20535, "b21989": "{" * 21989}
    vault(t, **{k: fm(x) for k, x in xs.items()})
    r = t.run()
    for name, x in xs.items():
        partial(r, name, x, "frontmatter-too-deep", 1)


@case("Y3", "23 100 brackets and an f (CVE-2019-6285)")
def y3(t):
    x = "[" * 23100 + "f"
    vault(t, deep=fm(x))
    partial(t.run(), "deep", x, "frontmatter-too-deep", 1)


@case("Y4", "3000 nested block maps")
def y4(t):
    x = "".join(" " * i + "k:\n" for i in range(3000))
    vault(t, deep=fm(x))
    # The recipe is 4.5 MB: over the 4 MiB note cap, and with that raised its fence lies past
    # line 2000, so it is no front matter. 350 levels fit both caps and meet the depth cap.
    r = t.run()
    r.expect("file-too-large", "deep.md")
    r = t.run("--max-note-bytes", str(8 << 20))
    r.expect("frontmatter-unterminated", "deep.md", line=1)
    expect_props(r, "deep", {})
    body_link(r, "deep", x)
    small = "".join(" " * i + "k:\n" for i in range(350))
    t.note("fits.md", fm(small))
    r = t.run()
    r.expect("frontmatter-too-deep", "fits.md", line=2 + 65)  # the first key past 64 levels
    value, depth = props(r, "fits")["k"], 0
    while isinstance(value, dict):
        value, depth = value.get("k"), depth + 1
    if depth != 64:
        raise CaseFailure(f"kept {depth} levels of maps, expected 64")
    body_link(r, "fits", small)


@case("Y5", "100 000 compact sequence entries")
def y5(t):
    x = "- " * 100_000 + "x"
    vault(t, deep=fm(x))
    partial(t.run(), "deep", x, "frontmatter-too-large", 1)  # 200 001 bytes, over 64 KiB
    raise_caps(t, 1 << 20)
    partial(t.run(), "deep", x, "frontmatter-too-deep", 1)


@case("Y6", "10 MB of opening brackets")
def y6(t):
    x = "[" * 10_000_000
    vault(t, big=fm(x))
    # The note is over the 4 MiB note cap (the bad-input catalogue's own default) and is
    # skipped whole; under a raised note cap the front-matter cap drops just the front matter.
    r = t.run()
    r.expect("file-too-large", "big.md")
    r = t.run("--max-note-bytes", str(16 << 20))
    partial(r, "big", x, "frontmatter-too-large", 1)


@case("Y7", "billion laughs, 9 levels")
def y7(t):
    x = "a0: &a0 [\"lol\"]\n" + "\n".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10))
    vault(t, laughs=fm(x))
    r = t.run()
    r.expect("frontmatter-alias-budget", "laughs.md", severity="warning")
    if scalars(props(r, "laughs")) > 10_000:
        raise CaseFailure(f"kept {scalars(props(r, 'laughs'))} values, over the 10 000 budget")
    body_link(r, "laughs", x)


@case("Y8", "recursive aliases")
def y8(t):
    xs = {"seq": "a: &x [*x]", "map": "&x {k: *x}", "keys": "{&x [*x]: 0, &y [*y]: 1}"}
    vault(t, **{k: fm(x) for k, x in xs.items()})
    r = t.run()
    for name, x in xs.items():
        r.expect("frontmatter-recursive-alias", name + ".md", line=2, severity="warning")
        body_link(r, name, x)


@case("Y9", "an alias chain 100 000 deep")
def y9(t):
    x = "a0: &a0 x\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 100_000))
    vault(t, chain=fm(x))
    # 100 000 lines: the fence lies past line 2000, so this is no front matter and the lines
    # are read as Markdown. A 200-line chain fits the caps and meets the depth cap and the
    # value budget.
    r = t.run()
    r.expect("frontmatter-unterminated", "chain.md", line=1)
    expect_props(r, "chain", {})
    body_link(r, "chain", x)
    small = "a0: &a0 x\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 200))
    t.note("fits.md", fm(small))
    r = t.run()
    r.expect("frontmatter-too-deep", "fits.md")
    r.expect("frontmatter-alias-budget", "fits.md")
    if scalars(props(r, "fits")) > 10_000:
        raise CaseFailure(f"kept {scalars(props(r, 'fits'))} values, over the 10 000 budget")
    body_link(r, "fits", small)


@case("Y10", "an alias to an undefined anchor")
def y10(t):
    x = "a: *nope"
    vault(t, n=fm(x))
    d = partial(t.run(), "n", x, "frontmatter-parse", 2)
    if d["col"] != 4 or "anchor is not defined" not in d["message"]:
        raise CaseFailure(f"{d}")


@case("Y11", "a duplicate key")
def y11(t):
    x = "title: a\ntitle: b"
    vault(t, n=fm(x))
    r = t.run()
    r.expect("duplicate-key", "n.md", line=3, severity="warning")
    expect_props(r, "n", {"title": "a"})
    body_link(r, "n", x)


@case("Y12", "a complex key, and a template placeholder {{groupTag}}")
def y12(t):
    vault(t, complex=fm("? [a, b]\n: v"), template=fm("t: {{groupTag}}"))
    r = t.run()
    r.expect("non-scalar-key", "complex.md", line=2, severity="info")
    expect_props(r, "complex", {'["a","b"]': "v"})
    # kg reads a whole-value {{...}} as the literal text a template meant (research
    # wikilinks-spec #55), so there is no map key to report; either way no "" key.
    r.expect_clean("template.md")
    expect_props(r, "template", {"t": "{{groupTag}}"})


@case("Y13", "a tab in the indentation")
def y13(t):
    x = "a:\n\tb: 1"
    vault(t, n=fm(x))
    d = partial(t.run(), "n", x, "frontmatter-parse", 3)
    if d["col"] != 3 or "illegal map value" not in d["message"]:
        raise CaseFailure(f"{d}")


@case("Y14", "an unterminated flow sequence")
def y14(t):
    x = "tags: [a, b"
    vault(t, n=fm(x))
    r = t.run()
    d = r.expect("frontmatter-parse", "n.md")
    if "end of sequence flow not found" not in d["message"]:
        raise CaseFailure(d["message"])
    if r.node("n.md")["tags"]:
        raise CaseFailure("tags kept from invalid YAML")
    body_link(r, "n", x)


@case("Y15", "{x:")
def y15(t):
    x = "{x:"
    vault(t, n=fm(x))
    r = t.run()
    r.expect("frontmatter-parse", "n.md")
    expect_props(r, "n", {})
    body_link(r, "n", x)


@case("Y16", "a bare tag !2 (CVE-2017-11692)")
def y16(t):
    x = "!2"
    vault(t, n=fm(x))
    r = t.run()
    r.expect_clean("n.md")
    expect_props(r, "n", {})
    body_link(r, "n", x)


@case("Y17", "an unterminated double quote")
def y17(t):
    x = 'title: "abc'
    vault(t, n=fm(x))
    r = t.run()
    # yaml-cpp 0.7 accepts it, the line break folded into a space.
    expect_props(r, "n", {"title": "abc "})
    if any(d["severity"] == "error" for d in r.diagnostics if d["file"] == "n.md"):
        raise CaseFailure("an accepted value reported as an error")
    body_link(r, "n", x)


@case("Y18", "family: [[Smith]]  [[Jones]]")
def y18(t):
    x = "family: [[Smith]]  [[Jones]]"
    vault(t, n=fm(x))
    r = t.run()
    partial(r, "n", x, "frontmatter-parse", 2)
    if {e["target"] for e in r.links_from("n.md")} != {"Target.md"}:
        raise CaseFailure("links kept from invalid front matter")


@case("Y19", "wikilinks in front-matter values")
def y19(t):
    x = 'related: [[A]]\nup: "[[B]]"\nlist: ["[[C]]", "[[D|Dee]]"]\nnested: {deep: {x: "[[E#h]]"}}'
    vault(t, n=fm(x))
    for name in "ABCDE":
        t.note(f"{name}.md", f"# {name}\n\n# h\n")
    r = t.run()
    # DESIGN section 3: unquoted [[A]] is YAML for a nested list, not a link; kg warns.
    r.expect("yaml-unquoted-wikilink", "n.md", line=2, severity="warning")
    if any(e["target"] == "A.md" for e in r.links_from("n.md")):
        raise CaseFailure("unquoted [[A]] became a link")
    # The relation is the top-level key (DESIGN section 5).
    for target, relation, line in (("B", "up", 3), ("C", "list", 4), ("D", "list", 4),
                                   ("E", "nested", 5)):
        e = r.expect_linked("n.md", f"{target}.md")
        if (e["origin"], e["relation"], e["line"]) != ("frontmatter", relation, line):
            raise CaseFailure(f"[[{target}]]: {e['origin']} {e['relation']} line {e['line']}")
    if r.expect_linked("n.md", "D.md")["display"] != "Dee":
        raise CaseFailure("[[D|Dee]] lost its display text")
    e = r.expect_linked("n.md", "E.md")
    if (e["subpath"], e["subpath_status"]) != ("#h", "ok"):
        raise CaseFailure("[[E#h]] lost its heading")
    body_link(r, "n", x)


@case("Y20", "site_name: XX: YY")
def y20(t):
    x = "site_name: XX: YY"
    vault(t, n=fm(x))
    partial(t.run(), "n", x, "frontmatter-parse", 2)


@case("Y21", "Templater and placeholder values")
def y21(t):
    x = 'creation_date: <% tp.date.now("yyyy-MM-DD") %>\ntitle: {{title}}'
    vault(t, n=fm(x))
    r = t.run()
    r.expect_clean("n.md")
    expect_props(r, "n", {"creation_date": '<% tp.date.now("yyyy-MM-DD") %>', "title": "{{title}}"})
    body_link(r, "n", x)


@case("Y22", "dates, hex, yes, .inf, ~ and a 20-digit integer")
def y22(t):
    x = "date: 2024-01-01\nn: 0x1F\nb: yes\nv: .inf\nz: ~\nk: 99999999999999999999"
    vault(t, n=fm(x))
    r = t.run()
    raw = r.export_process.stdout
    json.loads(raw, parse_constant=lambda c: (_ for _ in ()).throw(CaseFailure(f"JSON has {c}")))
    p = props(r, "n")
    # YAML 1.2 core schema: yes is a string, .inf stays text (JSON has no Infinity).
    expected = {"date": "2024-01-01", "n": 31, "b": "yes", "v": ".inf", "z": None}
    if {k: p.get(k) for k in expected} != expected:
        raise CaseFailure(f"properties: {p}")
    # An integer beyond 64 bits keeps its digits (a double would make it 1e+20).
    if str(p.get("k")) != "99999999999999999999":
        raise CaseFailure(f"k = {p.get('k')!r}: the integer lost its digits")
    q = t.kg_run("query", "MATCH (n) WHERE n.k > 5 OR n.n > 5 RETURN n.date, n.n, n.b, n.v, n.z, n.k",
                 "--json")
    if q.returncode != 0:
        raise CaseFailure(f"a query over the values failed: {q.stderr[-300:]!r}")
    body_link(r, "n", x)


@case("Y23", "title: {a: 1}, tags: x, aliases: (null)")
def y23(t):
    x = "title: {a: 1}\ntags: x\naliases:"
    vault(t, n=fm(x))
    r = t.run()
    # The node's title is its file name, so a map-valued `title` is an ordinary map property
    # and there is no type to warn about.
    r.expect_clean("n.md")
    node = r.node("n.md")
    if node["title"] != "n" or node["properties"] != {"title": {"a": 1}}:
        raise CaseFailure(f"{node}")
    if node["tags"] != ["x"] or node["aliases"] != []:
        raise CaseFailure(f"tags {node['tags']}, aliases {node['aliases']}")
    body_link(r, "n", x)


@case("Y24", "an opening fence never closed, 100 000 lines")
def y24(t):
    recipe = "---\ntitle: x\n" + "line\n" * 100_000
    vault(t, open=recipe, linked=recipe + "[[Target]]\n")
    r = t.run()
    for name in ("open", "linked"):
        r.expect("frontmatter-unterminated", name + ".md", line=1, severity="warning")
        expect_props(r, name, {})
    # The rest is Markdown: a link after the lines is found.
    if r.expect_linked("linked.md", "Target.md")["line"] != 100_003:
        raise CaseFailure("the body link is not on line 100 003")


@case("Y25", "fence variants")
def y25(t):
    # DESIGN section 3: a `---` line at byte 0 (trailing blanks allowed) up to the next
    # `---` or `...` line.
    notes = {"trailing": ("--- \ntitle: x\n--- \n[[Target]]\n", {"title": "x"}, 4),
             "four": ("----\ntitle: x\n----\n[[Target]]\n", {}, 4),
             "dots": ("---\ntitle: x\n...\n[[Target]]\n", {"title": "x"}, 4),
             "blank": ("\n---\ntitle: x\n---\n[[Target]]\n", {}, 5),
             "empty": ("---\n---\n[[Target]]\n", {}, 3),
             "only": ("---\ntitle: x\n---\n", {"title": "x"}, None)}
    vault(t, **{k: v[0] for k, v in notes.items()})
    r = t.run()
    for name, (_, expected, line) in notes.items():
        r.expect_clean(name + ".md")
        expect_props(r, name, expected)
        if line is not None and r.expect_linked(name + ".md", "Target.md")["line"] != line:
            raise CaseFailure(f"{name}: the link is not on line {line}")


@case("Y26", "%YAML 9.9")
def y26(t):
    x = "%YAML 9.9\n---\na: 1"
    vault(t, n=fm(x))
    d = partial(t.run(), "n", x, "frontmatter-parse", 2)
    if "major version too large" not in d["message"]:
        raise CaseFailure(d["message"])


@case("Y27", "a 10 MB quoted scalar")
def y27(t):
    x = 'k: "' + "v" * 10_000_000 + '"'
    vault(t, big=fm(x))
    # As Y6: over the note cap first; under a raised note cap, the front-matter cap.
    t.run().expect("file-too-large", "big.md")
    partial(t.run("--max-note-bytes", str(16 << 20)), "big", x, "frontmatter-too-large", 1)


@case("Y28", "200 000 keys")
def y28(t):
    x = "".join(f"k{i}: v\n" for i in range(200_000))
    vault(t, many=fm(x))
    r = t.run()
    # Past line 2000 the fence counts as missing (as Y24): no front matter, body read.
    r.expect("frontmatter-unterminated", "many.md", line=1)
    expect_props(r, "many", {})
    body_link(r, "many", x)
    # Within the caps: 1990 keys are all kept.
    block = "".join(f"k{i}: v\n" for i in range(1990))
    t.note("block.md", fm(block))
    # With the front-matter cap raised, 20 000 keys on one line meet the 10 000 cap.
    flow = "{" + ", ".join(f"k{i}: v" for i in range(20_000)) + "}"
    t.note("flow.md", fm(flow))
    raise_caps(t, 1 << 20)
    r = t.run()
    if len(props(r, "block")) != 1990:
        raise CaseFailure(f"block: {len(props(r, 'block'))} properties, expected 1990")
    body_link(r, "block", block)
    if not r.codes("flow.md") & {"too-many-properties", "frontmatter-alias-budget"}:
        raise CaseFailure(f"flow: no warning about the key count: {r.codes('flow.md')}")
    if len(props(r, "flow")) > 10_000:
        raise CaseFailure(f"flow: {len(props(r, 'flow'))} properties kept, over 10 000")
    body_link(r, "flow", flow)


@case("Y29", "title: \\xff\\xfe (raw bytes)")
def y29(t):
    vault(t, n=b"---\ntitle: \xff\xfe\n---\n# Body\n[[Target]]\n")
    r = t.run()
    r.expect("invalid-utf8", "n.md", line=2, severity="info")
    expect_props(r, "n", {"title": "\ufffd\ufffd"})
    body_link(r, "n", "title: x")


@case("Y30", "a merge key <<")
def y30(t):
    x = "base: &b {x: 1}\nd:\n  <<: *b"
    vault(t, n=fm(x))
    r = t.run()
    # yaml-cpp 0.7 has no merge keys: << is a literal key.
    r.expect_clean("n.md")
    expect_props(r, "n", {"base": {"x": 1}, "d": {"<<": {"x": 1}}})
    body_link(r, "n", x)


@case("Y31", "100 000 fence lines")
def y31(t):
    recipe = "---\n" * 100_000
    vault(t, fences=recipe, linked=recipe + "[[Target]]\n")
    r = t.run()
    for name in ("fences", "linked"):
        r.expect_clean(name + ".md")
        expect_props(r, name, {})
    # The first two lines are an empty front matter; the rest is body.
    if r.expect_linked("linked.md", "Target.md")["line"] != 100_001:
        raise CaseFailure("the body link is not on line 100 001")
