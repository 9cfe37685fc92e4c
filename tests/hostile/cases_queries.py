"""Group Q of the bad-input catalogue: the graph and the query language. Each case builds a
graph (cycles, a hub, a long chain, a complete graph) or a hostile query and asserts kg's
answer, its query errors (message, line and column on stderr, exit 2) and its budgets
(`kg query --timeout`, `--max-rows`, `--max-hops`; DESIGN sections 6 and 7).
"""

from __future__ import annotations

import os
import re

from framework import CaseFailure, case

ERROR_LINE = re.compile(r"^kg: (.*?)(?: \(line (\d+), column (\d+)\))?$")


def fail(message: str) -> None:
    raise CaseFailure(message)


def bulk(t, notes: dict[str, str]) -> None:
    """Writes many small notes straight into the vault's top folder."""
    for name, text in notes.items():
        with open(os.path.join(t.vault, name), "w", encoding="utf-8") as f:
            f.write(text)


def query(t, text: str | bytes, *flags: str, vault=None):
    """kg query over the vault; a long or binary query goes through --file (argv caps an
    argument at 128 KiB and cannot hold a NUL)."""
    if isinstance(text, bytes) or len(text) > 100_000:
        path = t.outside("query.cypher", text)
        return t.kg_run("query", "--file", str(path), *flags, vault=vault)
    return t.kg_run("query", text, *flags, vault=vault)


def rows(p) -> list[list]:
    if p.returncode != 0:
        fail(f"kg query exited {p.returncode}: {p.stderr[-600:]!r}")
    return p.json()["rows"]


def expect_rows(p, expected: list[list]) -> None:
    found = rows(p)
    if found != expected:
        fail(f"rows {found[:10]}, expected {expected[:10]}")


def query_error(p, message: str, column: int | None = None, line: int = 1) -> str:
    """kg refused the query (exit 2, nothing on stdout) with a first stderr line matching
    `message` (a regex), at `line`:`column` when given. Returns that line."""
    if p.returncode != 2:
        fail(f"kg query exited {p.returncode}, expected 2; stdout {p.stdout[:200]!r}, "
             f"stderr {p.stderr[:300]!r}")
    if p.stdout.strip():
        fail(f"a refused query printed {p.stdout[:200]!r}")
    first = p.stderr.decode("utf-8", "replace").split("\n", 1)[0]
    m = ERROR_LINE.match(first)
    if not m or not re.search(message, m.group(1)):
        fail(f"kg said {first[:300]!r}, expected /{message}/")
    if column is not None and (m.group(2), m.group(3)) != (str(line), str(column)):
        fail(f"kg points at line {m.group(2)}, column {m.group(3)}; expected {line}:{column}")
    return first


def expect_small_stderr(p, limit: int = 64 * 1024) -> None:
    if len(p.stderr) > limit:
        fail(f"the error message is {len(p.stderr)} bytes (echoes the query); at most {limit}")


# A self-loop is an ordinary relationship (DESIGN 4: [[#H]] and [[Self]] point at the note
# itself); relationship-unique walks end on every cycle, and the unbounded walk round the
# 100,000-note ring stops at the hop budget instead of looping.
@case("Q1", "a self-link, a 2-cycle and a 100,000-note ring")
def q1(t):
    n = 100_000
    bulk(t, {"Self.md": "[[Self]]\n", "A.md": "[[B]]\n", "B.md": "[[A]]\n"})
    bulk(t, {f"r{i}.md": f"[[r{(i + 1) % n}]]\n" for i in range(n)})
    expect_rows(query(t, "MATCH (s {title: 'Self'})-[r]->(s) RETURN 'self' AS what, count(r) AS n "
                         "UNION ALL MATCH p = (a {title: 'A'})-[*]->(b) RETURN 'two' AS what, count(p) AS n "
                         "UNION ALL MATCH (a {title: 'r0'})-[*1..10]->(b) RETURN 'ring' AS what, "
                         "count(DISTINCT b) AS n",
                      "--json"),
                [["self", 1], ["two", 2], ["ring", 10]])
    query_error(query(t, "MATCH p = (a {title: 'r0'})-[*]->(a) RETURN length(p)"), r"hop budget.*--max-hops")
    path = t.kg_run("--json", "path", "r1", "r0", "--direction", "out").json()["paths"]
    if len(path) != 1 or len(path[0]["nodes"]) != n:
        fail(f"kg path r1 r0: {len(path)} paths, the first of {len(path[0]['nodes']) if path else 0} notes")
    parts = t.kg_run("--json", "components", "--strong").json()["components"]
    if len(parts[0]) != n or not all(i.startswith("r") for i in parts[0]):
        fail(f"the largest strong component holds {len(parts[0])} notes, expected the ring of {n}")


# The hub links to 100,000 notes that each link back. --max-rows stops a query whose answer
# passes it with kg's budget error (kg refuses rather than cutting the answer short).
@case("Q2", "a hub linked to and from 100,000 notes")
def q2(t):
    n = 100_000
    bulk(t, {"hub.md": "".join(f"[[n{i}]]\n" for i in range(n))})
    bulk(t, {f"n{i}.md": "[[hub]]\n" for i in range(n)})
    found = rows(query(t, "MATCH (h {title: 'hub'})-->(x) RETURN x.id", "--json"))
    if sorted(r[0] for r in found) != sorted(f"n{i}.md" for i in range(n)):
        fail(f"the hub's {len(found)} out-neighbours are not n0..n{n - 1}")
    # Every relationship (both directions, plus the sentinel's one), then the hub's in-degree.
    expect_rows(query(t, "MATCH (h)-->(x) RETURN count(x) AS n "
                         "UNION ALL MATCH (x)-->(h {title: 'hub'}) RETURN count(x) AS n", "--json"),
                [[2 * n + 1], [n]])
    query_error(query(t, "MATCH (h {title: 'hub'})--(x) RETURN x.id", "--max-rows", "10000"),
                r"more than 10000 rows.*--max-rows")


# The catalogue's million-note chain at 100,000 notes: deep enough that a recursive walk
# overflows an 8 MiB stack (a recursive variable-length walk of kg's died near 50,000 hops).
@case("Q3", "a chain of 100,000 notes")
def q3(t):
    n = 100_000
    bulk(t, {f"n{i}.md": (f"[[n{i + 1}]]\n" if i + 1 < n else "the end\n") for i in range(n)})
    last = f"n{n - 1}"
    path = t.kg_run("--json", "path", "n0", last, "--direction", "out").json()["paths"]
    if len(path) != 1 or len(path[0]["edges"]) != n - 1:
        fail(f"kg path n0 {last}: no path of {n - 1} hops")
    # Past the default hop budget a shortest path is the budget error, never an empty answer.
    p = query(t, f"MATCH p = shortestPath((a {{title: 'n0'}})-[*]->(b {{title: '{last}'}})) "
                 "RETURN length(p)", "--json")
    if p.returncode == 0:
        expect_rows(p, [[n - 1]])
    else:
        query_error(p, r"hop budget")
    # With the budget raised, the shortest path (breadth-first) walks the whole chain. A
    # variable-length walk recurses once per hop, so kg stops it at 2,000 hops with an error
    # that points to shortestPath, whatever the budget: never a stack overflow.
    expect_rows(query(t, f"MATCH p = shortestPath((a {{title: 'n0'}})-[*]->(b {{title: '{last}'}})) "
                         "RETURN length(p) AS n", "--json", "--max-hops", str(n)),
                [[n - 1]])
    query_error(query(t, "MATCH (a {title: 'n0'})-[*]->(b) RETURN count(b) AS n", "--json",
                      "--max-hops", str(n)), r"deepest walk kg makes \(2000 hops; shortestPath")
    # 5 x 10^9 pairs: the time limit stops the count, unless kg counts them another way.
    p = query(t, "MATCH (a), (b) WHERE a.title < b.title RETURN count(*)", "--json", "--timeout", "200")
    if p.returncode == 0:
        expect_rows(p, [[(n + 2) * (n + 1) // 2]])
    else:
        query_error(p, r"time limit \(200 ms, --timeout\)")


def query_flags(t) -> set[str]:
    help_text = t.kg_run("query", "--help").text
    return set(re.findall(r"--[a-z][a-z-]+", help_text))


# K30 has 30 x 29^k walks of k hops. kg's budgets (DESIGN 6, kg query --help) differ from the
# catalogue's 5 hops / 10,000 rows, so the catalogue's figures are passed as flags.
@case("Q4", "K30 and MATCH p=(a)-[*]->(b) RETURN p")
def q4(t):
    bulk(t, {f"k{i}.md": "".join(f"[[k{j}]]\n" for j in range(30) if j != i) for i in range(30)})
    everything = "MATCH p = (a)-[*]->(b) RETURN p"
    first = query_error(query(t, everything), r"hop budget \((\d+) hops, --max-hops\)")
    default = re.search(r"--max-hops N .*\(default (\d+)\)", t.kg_run("query", "--help").text)
    if not default or default.group(1) != re.search(r"\((\d+) hops", first).group(1):
        fail(f"the hop budget kg applied ({first!r}) is not the default kg query --help states "
             f"({default.group(0) if default else 'none'!r})")
    query_error(query(t, everything, "--max-hops", "5", "--max-rows", "10000"), r"hop budget \(5 hops")
    query_error(query(t, "MATCH p = (a)-[*1..5]->(b) RETURN p", "--max-rows", "10000"),
                r"more than 10000 rows")
    # The walk budget names the flag that raises it; kg query must accept that flag.
    named = query_error(query(t, "MATCH p = (a)-[*1..5]->(b) RETURN count(p)"), r"paths")
    missing = set(re.findall(r"--[a-z][a-z-]+", named)) - query_flags(t)
    if missing:
        fail(f"kg's budget error names {sorted(missing)}, which kg query does not accept: {named!r}")


# 1,000,000 parentheses are a 2 MB query: a syntax error at column 1 for kg (a query starts
# with a clause), or a size error. Behind RETURN, the 257th '(' passes the nesting cap of 256.
@case("Q5", "a million nested parentheses")
def q5(t):
    n = 1_000_000
    p = query(t, "(" * n + "1" + ")" * n)
    query_error(p, r"expected MATCH|too large|too long|bytes")
    expect_small_stderr(p)
    query_error(query(t, "RETURN " + "(" * 1000 + "1" + ")" * 1000), r"nests deeper than 256", column=7 + 257)
    # A 60 KB chain of additions nests as deep as it is long in a naive tree.
    p = query(t, "RETURN " + "+".join(["1"] * 30_000), "--json")
    if p.returncode == 0:
        expect_rows(p, [[30_000]])
    else:
        query_error(p, r"nests deeper")


# kg's column points at the opening quote (column 27), where the unterminated string starts;
# the catalogue's column 28 is its first character.
@case("Q6", "an unterminated string, identifier and comment")
def q6(t):
    query_error(query(t, 'MATCH (n) WHERE n.title = "abc'), r'string opened with " is never closed', column=27)
    query_error(query(t, "MATCH (n) WHERE n.title = 'abc"), r"string opened with ' is never closed", column=27)
    query_error(query(t, "MATCH (n) RETURN n.`abc"), r"never closed", column=20)
    query_error(query(t, "MATCH (n) RETURN n /* abc"), r"never closed", column=20)


@case("Q7", "a query holding bytes \\xff\\x00")
def q7(t):
    query_error(query(t, b'MATCH (n) WHERE n.title = "a\xff\x00b" RETURN n'), r"not valid UTF-8", column=29)
    query_error(query(t, b"MATCH (n) RETURN n\xff\x00"), r"not valid UTF-8", column=19)
    stdin = t.kg_run("query", "-", stdin=b"RETURN 1 // \xff\x00")
    query_error(stdin, r"not valid UTF-8", column=13)
    # A NUL alone: the message names it legibly and never writes a raw control byte.
    for bad in (b"\x00", b"\x01"):
        p = query(t, b"RETURN 1" + bad)
        first = query_error(p, r"unexpected character|NUL|U\+00|\\x0", column=9)
        if re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", p.stderr):
            fail(f"kg wrote a raw control byte to the terminal: {p.stderr[:120]!r}")
        if not re.search(r"NUL|U\+000|\\x0|\\0|\\u000", first):
            fail(f"the message does not show which character: {first!r}")


# kg matches =~ with RE2 (linear time, no backtracking), so "(a*)*b" on 100,000 a's is a plain
# false, answered at once, where the catalogue expected a complexity error from a
# backtracking engine. A title is the file name (at most 255 bytes), so the long text is a
# property (10,000 a's) and a parameter (100,000 a's).
@case("Q8", "catastrophic regular expressions")
def q8(t):
    t.note("long.md", "---\ntext: " + "a" * 10_000 + "\n---\n")
    text = "a" * 100_000
    checks = "MATCH (n {title: 'long'}) RETURN n.text =~ '(a*)*b', n.text =~ '(a|b)*', " \
             "n.text =~ '(a|aa)*c', $s =~ '(a*)*b', $s =~ '(a|b)*', $s =~ '(x+x+)+y'"
    expect_rows(query(t, checks, "--json", "--param", f"s={text}"),
                [[False, True, False, False, True, False]])
    # What RE2 refuses (a program over its memory budget, a broken pattern) is a query error.
    query_error(query(t, "RETURN 'a' =~ '((a{100}){100}){100}'"), r"regular expression")
    query_error(query(t, "RETURN 'a' =~ '(a'"), r"regular expression")


@case("Q9", "LIMIT 99999999999999999999, SKIP -1, [*1..9223372036854775807]")
def q9(t):
    t.note("a.md", "[[b]]\n")
    query_error(query(t, "MATCH (n) RETURN n LIMIT 99999999999999999999"), r"IntegerOverflow", column=26)
    query_error(query(t, "MATCH (n) RETURN n SKIP -1"), r"SKIP cannot be negative", column=25)
    query_error(query(t, "MATCH (n) RETURN n LIMIT -1"), r"LIMIT cannot be negative", column=26)
    query_error(query(t, "MATCH (n)-[*1..9223372036854775807]->(m) RETURN count(*)"),
                r"up to 9223372036854775807 hops.*hop budget")
    query_error(query(t, "MATCH (n)-[*1..99999999999999999999]->(m) RETURN m"), r"IntegerOverflow", column=16)
    query_error(query(t, "RETURN 9223372036854775807 + 1"), r"overflow")
    query_error(query(t, "RETURN abs(-9223372036854775808)"), r"overflow")
    query_error(query(t, "UNWIND range(1, 9223372036854775807) AS x RETURN count(x)"), r"--max-rows")
    expect_rows(query(t, "MATCH (n) RETURN n.id SKIP 9223372036854775807 LIMIT 9223372036854775807", "--json"), [])
    expect_rows(query(t, "RETURN range(0, 9223372036854775807, 4611686018427387904), "
                         "-9223372036854775808", "--json"),
                [[[0, 4611686018427387904], -9223372036854775808]])


# 10 MB of query: kg should refuse it before parsing, as the catalogue's 64 KiB cap does.
@case("Q10", "a 10 MB query")
def q10(t):
    size = 10_000_000
    for shape in ("RETURN 1 /*" + "x" * size + "*/",
                  "RETURN '" + "x" * size + "'",
                  "RETURN " + "+".join(["1"] * (size // 2))):
        p = query(t, shape)
        query_error(p, r"too large|too long|bytes|KiB")
        expect_small_stderr(p)


@case("Q11", "null semantics: a map as tags, n.missing.deeper, comparisons across types")
def q11(t):
    t.note("m.md", "---\ntags:\n  a: 1\n  b: [x, y]\nn: 5\ns: '5'\nl: [1, 2]\n---\nbody\n")
    expect_rows(query(t, "MATCH (n {title: 'm'}) RETURN n.missing.deeper, n.missing IS NULL, "
                         "n.n < n.s, n.n = n.s, n.l < n.n, n.l = n.n, n.n < null, [1] = 1, "
                         "null = null, n.missing = n.missing.deeper", "--json"),
                [[None, True, None, False, None, False, None, False, None, None]])
    mixed = "UNWIND [1, 'a', null, [1], {a: 1}, true, 0.0 / 0.0, 2.5] AS x RETURN x ORDER BY x"
    found = [r[0] for r in rows(query(t, mixed, "--json"))]
    if found[:6] != [{"a": 1}, [1], "a", True, 1, 2.5] or found[-1] is not None:
        fail(f"ORDER BY over mixed types gave {found}")
    # kg's tags are a list, so reading a key of them is openCypher's TypeError, at its column.
    tags = query(t, "MATCH (n {title: 'm'}) RETURN n.tags.a")
    query_error(tags, r"TypeError", column=37)
    if b"std::" in tags.stderr or b"what()" in tags.stderr:
        fail(f"an exception's text leaked: {tags.stderr[:200]!r}")
    # The map under `tags` is not tags; it may be dropped, but never without a word.
    r = t.run()
    kept = r.node("m.md")["properties"].get("tags")
    said = [d for d in r.diagnostics if d["file"] == "m.md" and d["line"] == 2]
    if kept != {"a": 1, "b": ["x", "y"]} and not said:
        fail(f"the map under tags vanished without a diagnostic (tags {r.node('m.md')['tags']}, "
             f"properties {r.node('m.md')['properties']})")
