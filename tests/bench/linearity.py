#!/usr/bin/env python3
"""Does kg's time grow linearly with the size of a hostile input?

For every generator below (a hostile note shape, or a query shape) and each size n, kg reads a
one-note vault holding the generated note (`kg --vault V check --json`), or answers the
generated query over a small fixed vault (`kg --vault V query --file Q --json`). The wall time
of the kg process is the median of --repeat runs; its peak RSS comes from `/usr/bin/time -f %M`.

    python3 tests/bench/linearity.py KG [--sizes 1000,10000,100000] [--repeat 3]
                                        [--only NAME...] [--json OUT] [--timeout S]

The rule, for each step from n to 10n:

    linear     t(10n) <= 15 * t(n) + 0.050 s  (the 50 ms absorbs process start-up)
    contained  not linear, but kg read the larger note with its fallback reader
               (`markdown-fallback`), in <= 2 s and <= 512 MiB: cmark-gfm's known quadratic
               shapes, held in by kg's parse budget
    FAIL       anything else, a timeout, or a crash

A generator is FAIL when any step fails, contained when any step is contained, else linear.
The exit status is 1 when a generator failed. This is a benchmark, not a unit test: the
machine's load shows in the figures, so run it on a quiet machine and at normal priority.

Groups: M Markdown bodies (cmark-gfm's pathological cases, league/commonmark's CVE inputs,
vault shapes), Y front matter, W wikilinks and other Obsidian syntax, Q query texts. Every
note stays under kg's 4 MiB note cap; a size whose note would not is left out, and the row
says so. n counts repetitions of the shape unless the generator's note says otherwise.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

NOTE_CAP = 4 << 20          # kg's default --max-note-bytes
QUERY_CAP = 1 << 20         # kg refuses longer query texts
STARTUP_S = 0.050           # the constant term of the rule
FACTOR = 15.0               # t(10n) may be this many times t(n)
CONTAINED_S = 2.0           # a note read by the fallback must still take at most this
CONTAINED_MIB = 512.0       # ... and peak at most this


@dataclass(frozen=True)
class Generator:
    name: str
    group: str                              # M, Y, W or Q
    make: Callable[[int], str]              # n -> note text (M, Y, W) or query text (Q)
    note: str = ""                          # what n means, when not plain repetitions
    args: Callable[[int], list[str]] = lambda n: []   # extra `kg query` flags (Q)


# --- shape helpers --------------------------------------------------------------------------

def fm(yaml: str) -> str:
    """A note whose front matter is `yaml`, with a heading and a link in its body."""
    return "---\n" + yaml + "\n---\n# Body\n[[Target]]\n"


def side(n: int, per: int = 1) -> int:
    """k with about n bytes in a shape whose k-th line is k*per bytes long (k*k*per/2 in all)."""
    return max(2, math.isqrt(2 * n // per))


def staircase(n: int, indent: str, item: str) -> str:
    """Lines indented one step deeper each, about n bytes in all."""
    return "".join(indent * d + item for d in range(side(n, len(indent))))


def backtick_runs(n: int) -> str:
    """'e`e``e```...': code-span openers of every length, about n bytes in all."""
    return "".join("e" + "`" * k for k in range(1, side(n)))


def ref_hash(label: str) -> int:
    """cmark's reference-map hash of a label (as its pathological tests reproduce it)."""
    h = 0
    for c in label:
        h = (ord(c) + ((h << 6) & 0xFFFFFFFF) + ((h << 16) & 0xFFFFFFFF) - h) & 0xFFFFFFFF
    return h


def colliding_refs(n: int) -> str:
    """n reference definitions whose labels share a bucket of a 16-slot map, each used."""
    labels = (f"x{i}" for i in itertools.count())
    same = list(itertools.islice((s for s in labels if ref_hash(s) % 16 == 0), n + 1))
    return "".join(f"[{s}]: /url\n\n[{same[0]}]\n\n" for s in same[1:])


def alias_bomb(levels: int, fan: int = 9) -> str:
    """Each anchor a list of `fan` aliases of the one before: fan**levels values expanded."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


def balanced(terms: list[str], op: str) -> str:
    """terms joined by op as a balanced tree of parentheses (depth about 2 log2 of terms)."""
    if len(terms) == 1:
        return terms[0]
    mid = len(terms) // 2
    return f"({balanced(terms[:mid], op)} {op} {balanced(terms[mid:], op)})"


def M(name, make, note=""):
    return Generator(name, "M", make, note)


def Y(name, yaml, note=""):
    return Generator(name, "Y", lambda n: fm(yaml(n)), note)


def Y_file(name, make, note=""):
    return Generator(name, "Y", make, note)


def W(name, make, note=""):
    return Generator(name, "W", make, note)


def Q(name, make, note="", args=lambda n: []):
    return Generator(name, "Q", make, note, args)


# --- the generators -------------------------------------------------------------------------

GENERATORS: list[Generator] = [
    # Markdown bodies: cmark's pathological tests
    M("nested_strong_emph", lambda n: "*a **a " * n + "b" + " a** a*" * n),
    M("emph_closers_no_openers", lambda n: "a_ " * n),
    M("emph_openers_no_closers", lambda n: "_a " * n),
    M("link_closers_no_openers", lambda n: "a]" * n),
    M("link_openers_no_closers", lambda n: "[a" * n),
    M("mismatched_openers_closers", lambda n: "*a_ " * n),
    M("issue389_emph", lambda n: "*a " * n + "_a*_ " * n),
    M("openers_closers_mult3", lambda n: "a**b" + "c* " * n),
    M("link_openers_emph_closers", lambda n: "[ a_" * n),
    M("pattern_bracket_paren", lambda n: "[ (](" * n),
    M("image_link_CVE-2023-22486", lambda n: "![[]()" * n),
    M("nested_brackets", lambda n: "[" * n + "a" + "]" * n),
    M("nested_blockquotes", lambda n: "> " * n + "a"),
    M("deeply_nested_lists", lambda n: staircase(n, "  ", "* a\n"), "n bytes (sqrt(n) lines)"),
    M("backticks", backtick_runs, "n bytes (sqrt(2n) runs)"),
    M("unclosed_links_angle", lambda n: "[a](<b" * n),
    M("unclosed_links", lambda n: "[a](b" * n),
    M("unclosed_html_comment_CVE-2023-22484", lambda n: "</" + "<!--" * n),
    M("empty_lines_nested_lists", lambda n: "- " * n + "x" + "\n" * n),
    M("empty_lines_nested_lists_bq", lambda n: "> " + "- " * n + "x\n" + ">\n" * n),
    M("emph_in_deep_bq_CVE-2023-24824", lambda n: ">" * n + "a*" * n),
    M("nested_inlines", lambda n: "*" * n + "a" + "*" * n),
    M("many_refdefs", lambda n: "[a]: u\n" * n),
    M("colliding_refdefs", colliding_refs),
    M("huge_hr", lambda n: "*" * n + "\n"),
    # Markdown bodies: league/commonmark's CVE inputs
    M("CVE-2022-39209_image_openers", lambda n: "![l" * n + "\n"),
    M("CVE-2023-22483_t1_pi", lambda n: "-1" + "<?x" * n + "y\n"),
    M("CVE-2023-22483_t2_table", lambda n: "|-\nt>|-\n" * n + "y\n"),
    M("CVE-2023-22483_t3_emph", lambda n: "*t " * n + "_t*_ " * n + "\n"),
    M("CVE-2023-22483_t4_table", lambda n: "x\n| - |\n" + "|" * n + "y\n"),
    M("CVE-2023-22483_t5_autolink", lambda n: "z_www." * n + "\n"),
    M("CVE-2023-22483_t6_refs", lambda n: '[f]:u\n"\n' + "[f]\n" * n + '[f]:u "t\n'),
    M("CVE-2023-22483_t7_autolink_parens", lambda n: "www." + ")" * n + "\n"),
    M("CVE-2023-22483_t8_table", lambda n: ":-\n" + ":\n" * n + ":-\n"),
    M("CVE-2023-22483_t9_autolink", lambda n: "<http://s" * n + "\n"),
    M("CVE-2023-22483_t10_strike", lambda n: "~e" + ",z~~" * n + "\n"),
    M("CVE-2023-22483_t11_bq", lambda n: ">" * n + "." * n + "\n"),
    M("CVE-2023-24824_t2_lists", lambda n: " -" * n + "x" + "\n" * n),
    M("CVE-2023-26485_t1_underscores", lambda n: "_" * n + "." + "_" * n + "\n"),
    M("CVE-2023-26485_t2_olist", lambda n: "1.\n" + " 2.\n" * n),
    M("CVE-2023-26485_t3_ulist", lambda n: " -\n" * n + "x\n"),
    M("CVE-2023-37463_t1_wide_table", lambda n: "|" + "x|" * n + "\n|" + "-|" * n + "\n"),
    M("CVE-2023-37463_t2_wide_table_rows",
      lambda n: "|" + "x|" * n + "\n|" + "-|" * n + "\n" + "a\n" * n),
    M("CVE-2023-37463_t3_footnotes", lambda n: "[^1]:\n" * n + "\n" * n),
    # Markdown bodies: vault shapes
    M("one_huge_line", lambda n: "a" * n),
    M("many_empty_lines", lambda n: "\n" * n),
    M("nul_bytes", lambda n: "\x00" * n),
    M("many_headings", lambda n: "# h\n" * n),
    M("deep_list_2space", lambda n: staircase(n, "  ", "- a\n"), "n bytes (sqrt(n) lines)"),
    # Front matter
    Y("flow_seq_open", lambda n: "[" * n),
    Y("flow_map_open", lambda n: "{" * n),
    Y("flow_seq_open_f_CVE-2019-6285", lambda n: "[" * n + "f"),
    Y("flow_seq_balanced", lambda n: "[" * n + "]" * n),
    Y("flow_map_balanced", lambda n: "{a: " * n + "b" + "}" * n),
    Y("block_seq_compact", lambda n: "- " * n + "x\n"),
    Y("block_map_indent", lambda n: staircase(n, " ", "k:\n"), "n bytes (sqrt(2n) lines)"),
    Y("block_seq_indent", lambda n: staircase(n, " ", "-\n"), "n bytes (sqrt(2n) lines)"),
    Y("alias_bomb", lambda n: alias_bomb(max(1, n // 64)), "n/64 levels of 9 aliases"),
    Y("many_anchors", lambda n: "".join(f"k{i}: &a{i} v\n" for i in range(n))),
    Y("deep_alias_chain",
      lambda n: "a0: &a0 x\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, n))),
    Y("long_key", lambda n: "k" * n + ": v\n"),
    Y("long_scalar", lambda n: "k: " + "v" * n + "\n"),
    Y("long_dq_escapes", lambda n: 'k: "' + "\\u00e9" * n + '"\n'),
    Y("many_keys", lambda n: "".join(f"k{i}: v\n" for i in range(n))),
    Y("many_aliases", lambda n: "aliases: [" + ", ".join(f"a{i}" for i in range(n)) + "]"),
    Y("links_in_property", lambda n: "related: [" + ", ".join(f'"[[t{i}]]"' for i in range(n)) + "]"),
    Y_file("many_fences", lambda n: "---\n" * n, "the whole note"),
    Y_file("unterminated_front_matter", lambda n: "---\ntitle: x\n" + "line\n" * n,
           "the whole note"),
    # Wikilinks and Obsidian syntax
    W("wikilink_openers", lambda n: "[[" * n),
    W("wikilink_nested", lambda n: "[[" * n + "x" + "]]" * n),
    W("wikilink_many_same", lambda n: "[[a]] " * n),
    W("wikilink_many_targets", lambda n: "".join(f"[[t{i}]] " for i in range(n))),
    W("wikilink_one_per_line", lambda n: "[[a]]\n" * n),
    W("wikilink_unclosed_per_line", lambda n: "[[a\n" * n),
    W("wikilink_pipes", lambda n: "[[a" + "|" * n + "]]"),
    W("wikilink_long_target", lambda n: "[[" + "a" * n + "]]", "target of n bytes"),
    W("wikilink_long_targets_under_cap", lambda n: ("[[" + "a" * 4000 + "]]\n") * (n // 100),
      "n/100 targets of 4000 bytes"),
    W("wikilink_table_escaped_pipe",
      lambda n: "| a | b |\n|---|---|\n" + "| [[x\\|y]] | [[z#h\\|w]] |\n" * n),
    W("embeds", lambda n: "![[x]]" * n),
    W("markdown_links", lambda n: "".join(f"[x](t{i}.md) " for i in range(n))),
    W("comment_unclosed", lambda n: "%%" + "[[x]] " * n),
    W("tag_like", lambda n: "#a/" * n),
    W("hashes", lambda n: "#tag " + "#" * n + " http://x/#frag `#incode`\n"),
    W("heading_links",
      lambda n: "".join(f"## H {i}\n" for i in range(n // 2))
      + "".join(f"[[#H {i}]]\n" for i in range(n // 2)),
      "n/2 headings, n/2 links to them"),
    W("heading_missing_links",
      lambda n: "".join(f"## H {i}\n" for i in range(n // 2)) + "[[#nowhere]]\n" * (n // 2),
      "n/2 headings, n/2 links to none"),
    W("heading_chain_links", lambda n: "# A\n## B\n" * (n // 4) + "[[#A#B]]\n" * (n // 2),
      "n/4 sections A>B, n/2 links #A#B"),
    W("block_links",
      lambda n: "".join(f"p ^b{i}\n\n" for i in range(n // 2))
      + "".join(f"[[#^b{i}]]\n" for i in range(n // 2)),
      "n/2 block ids, n/2 links to them"),
    W("footnote_links",
      lambda n: "".join(f"[^f{i}]: x\n" for i in range(n // 2))
      + "".join(f"[[#[^f{i}]]]\n" for i in range(n // 2)),
      "n/2 footnotes, n/2 links to them"),
    # Query texts, over the fixed vault (kg refuses texts over 1 MiB)
    Q("or_chain", lambda n: "UNWIND [7] AS x RETURN "
      + " OR ".join(f"x = {i}" for i in range(n // 2)),
      "n/2 terms; over the depth cap"),
    Q("or_tree", lambda n: "MATCH (n) WHERE "
      + balanced([f'n.title = "t{i}"' for i in range(n // 4)], "OR") + " RETURN count(n)",
      "n/4 terms, balanced"),
    Q("and_tree", lambda n: "MATCH (n) WHERE "
      + balanced([f"n.rank <> {i}" for i in range(n // 4)], "AND") + " RETURN count(n)",
      "n/4 terms, balanced"),
    Q("deep_parens", lambda n: "RETURN " + "(" * n + "1" + ")" * n, "over the depth cap"),
    Q("parens_near_cap", lambda n: "RETURN size(["
      + ", ".join(["(" * 100 + "1" + ")" * 100] * max(1, n // 200)) + "])",
      "n/200 items 100 deep"),
    Q("long_list", lambda n: "RETURN size([" + ", ".join(map(str, range(n))) + "])"),
    Q("in_list", lambda n: "MATCH (n) WHERE n.title IN ["
      + ", ".join(f'"t{i}"' for i in range(n // 2)) + "] RETURN count(n)", "n/2 items"),
    Q("union_parts", lambda n: " UNION ".join(f"RETURN {i} AS x" for i in range(n // 10)),
      "n/10 parts"),
    Q("long_string", lambda n: 'RETURN size("' + "a" * n + '")'),
    Q("long_string_escapes", lambda n: 'RETURN size("' + "\\u00e9" * n + '")'),
    Q("regex_long_subject", lambda n: 'RETURN "' + "a" * n + '" =~ "(a|b)*c"'),
    Q("case_branches", lambda n: "RETURN CASE 7 "
      + " ".join(f"WHEN {i} THEN {i}" for i in range(n // 4)) + " END", "n/4 branches"),
    Q("with_stages", lambda n: "WITH 1 AS x" + " WITH x" * (n // 2) + " RETURN x",
      "n/2 clauses"),
    Q("return_columns", lambda n: "RETURN " + ", ".join(f"{i} AS c{i}" for i in range(n // 2)),
      "n/2 columns"),
    Q("map_keys", lambda n: "RETURN size(keys({"
      + ", ".join(f"k{i}: {i}" for i in range(n // 2)) + "}))", "n/2 keys"),
    Q("long_pattern", lambda n: "MATCH (a0)"
      + "".join(f"-->(a{i})" for i in range(1, n // 20)) + " RETURN count(*)", "n/20 hops"),
    Q("range_count", lambda n: f"UNWIND range(1, {n}) AS i RETURN count(i)", "n rows"),
    Q("range_rows", lambda n: f"UNWIND range(1, {n}) AS i RETURN i", "n rows returned",
      args=lambda n: ["--max-rows", str(10 * n)]),
    Q("range_order_by", lambda n: f"UNWIND range(1, {n}) AS i RETURN i ORDER BY -i LIMIT 1",
      "n rows sorted"),
    Q("range_distinct", lambda n: f"UNWIND range(1, {n}) AS i RETURN count(DISTINCT i % 977)",
      "n rows"),
    Q("range_comprehension",
      lambda n: f"RETURN size([x IN range(1, {n}) WHERE x % 3 = 0 | x * 2])", "n items"),
    Q("range_join", lambda n: f"UNWIND range(1, {n}) AS i MATCH (m) WHERE m.rank = i % 30 "
      "RETURN count(m)", "n rows x the vault"),
]


# --- vaults ---------------------------------------------------------------------------------

def write_query_vault(root: Path) -> None:
    """30 notes in a chain, with titles, a rank and a tag each: the fixed vault for Q."""
    for i in range(30):
        nxt = f"[[t{i + 1}]]" if i < 29 else ""
        text = f"---\ntitle: t{i}\nrank: {i}\ntags: [q{i % 3}]\n---\n# t{i}\nsee {nxt}\n"
        (root / f"t{i}.md").write_text(text)


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


# --- running kg -----------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_kib: int
    exit: int                  # kg's exit status; -signal when it died of one; None on timeout
    stdout: bytes = b""
    stderr: bytes = b""


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_once(cmd: list[str], work: Path, timeout: float) -> Run:
    """One kg process under /usr/bin/time; kills its whole group when it overruns."""
    rss = work / "rss.txt"
    with open(work / "out", "wb") as out, open(work / "err", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", str(rss), *cmd],
                                stdout=out, stderr=err, start_new_session=True)
        # A blocking wait sees the exit at once (wait(timeout=) polls every few ms).
        killer = threading.Timer(timeout, kill_group, (proc.pid,))
        killer.start()
        proc.wait()
        seconds = time.perf_counter() - start
        killer.cancel()
        if seconds >= timeout:
            return Run(timeout, 0, None)
    report = rss.read_text().split()
    status = proc.returncode
    if "signal" in report:     # "Command terminated by signal N"
        status = -int(report[report.index("signal") + 1])
    return Run(seconds, int(report[-1]) if report else 0, status,
               (work / "out").read_bytes(), (work / "err").read_bytes())


def diagnostic_codes(run: Run) -> list[str]:
    """The distinct codes of `kg check --json`, in order of first appearance."""
    try:
        diags = json.loads(run.stdout)["diagnostics"]
    except (ValueError, KeyError, TypeError):
        return []
    return list(dict.fromkeys(d.get("code", "") for d in diags))


@dataclass
class Point:
    n: int
    bytes: int
    seconds: float             # median
    runs: list[float]
    peak_mib: float            # the largest of the runs
    fallback: bool
    codes: list[str]
    exit: int | None
    message: str = ""          # kg's first stderr line, for queries kg refused


def measure(gen: Generator, n: int, kg: str, work: Path, qvault: Path,
            repeat: int, timeout: float) -> Point | None:
    text = gen.make(n)
    data = encode(text)
    if gen.group == "Q":
        if len(data) > QUERY_CAP:
            return None
        (work / "query.cypher").write_bytes(data)
        cmd = [kg, "--vault", str(qvault), "query", "--file", str(work / "query.cypher"),
               "--json", *gen.args(n)]
    else:
        if len(data) > NOTE_CAP:
            return None
        vault = work / "vault"
        vault.mkdir(exist_ok=True)
        (vault / "note.md").write_bytes(data)
        cmd = [kg, "--vault", str(vault), "check", "--json"]
    runs: list[Run] = []
    for _ in range(repeat):
        runs.append(run_once(cmd, work, timeout))
        if runs[-1].exit is None or runs[-1].exit < 0 or runs[-1].seconds > timeout / 3:
            break              # a timeout, a crash or a very slow run: one is enough
    last = runs[-1]
    codes = diagnostic_codes(last) if gen.group != "Q" else []
    message = last.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
    return Point(n, len(data), statistics.median(r.seconds for r in runs),
                 [round(r.seconds, 4) for r in runs], max(r.peak_kib for r in runs) / 1024,
                 "markdown-fallback" in codes, codes, last.exit,
                 message[0][:120] if message else "")


# --- verdicts -------------------------------------------------------------------------------

def broken(p: Point) -> str:
    """Why a point fails on its own (timeout, crash), or ''."""
    if p.exit is None:
        return "timeout"
    if p.exit < 0:
        return f"killed by signal {-p.exit}"
    if p.exit > 2:
        return f"exit {p.exit}"
    return ""


def step_verdict(small: Point, big: Point) -> str:
    if broken(big):
        return "FAIL"
    if big.seconds <= FACTOR * small.seconds + STARTUP_S:
        return "linear"
    if big.fallback and big.seconds <= CONTAINED_S and big.peak_mib <= CONTAINED_MIB:
        return "contained"
    return "FAIL"


@dataclass
class Result:
    gen: Generator
    points: list[Point]
    steps: list[str] = field(default_factory=list)
    verdict: str = "linear"
    remarks: list[str] = field(default_factory=list)


def judge(gen: Generator, points: list[Point], skipped: list[int]) -> Result:
    res = Result(gen, points)
    res.steps = [step_verdict(a, b) for a, b in zip(points, points[1:])]
    problems = [f"n={p.n}: {broken(p)}" for p in points if broken(p)]
    if problems or "FAIL" in res.steps:
        res.verdict = "FAIL"
    elif "contained" in res.steps:
        res.verdict = "contained"
    res.remarks = problems + [f"n={n} over the {'query' if gen.group == 'Q' else 'note'} cap"
                              for n in skipped]
    return res


def bench(gen: Generator, sizes: list[int], kg: str, qvault: Path,
          repeat: int, timeout: float) -> Result:
    points, skipped = [], []
    with tempfile.TemporaryDirectory(prefix="kg-linearity-") as tmp:
        for n in sizes:
            if points and broken(points[-1]):
                break          # no point in a bigger input after a timeout or a crash
            p = measure(gen, n, kg, Path(tmp), qvault, repeat, timeout)
            if p is None:
                skipped.append(n)
            else:
                points.append(p)
    return judge(gen, points, skipped)


# --- report ---------------------------------------------------------------------------------

def interesting(p: Point, group: str) -> str:
    """What kg said about the largest input, in a few words."""
    if group == "Q":
        return p.message if p.exit else ""
    quiet = {"unresolved-link", "missing-heading"}
    return ",".join(c for c in p.codes if c not in quiet)


MARK = {"linear": "", "contained": "*", "FAIL": "!"}   # after a step's ratio


def table(results: list[Result], sizes: list[int]) -> str:
    head = (f"{'generator':38} g " + "".join(f"{'t(' + str(n) + ')':>10}" for n in sizes)
            + f" {'ratios':17} {'fallback':11} {'MiB':>6}  {'verdict':9} notes")
    lines = [head, "-" * len(head)]
    for r in results:
        by_n = {p.n: p for p in r.points}
        times = "".join(f"{by_n[n].seconds:>10.3f}" if n in by_n else f"{'-':>10}" for n in sizes)
        ratios = " ".join(f"x{b.seconds / a.seconds:.1f}" + MARK[s]
                          for a, b, s in zip(r.points, r.points[1:], r.steps))
        falls = ",".join(f"{p.n:.0e}".replace("+0", "") for p in r.points if p.fallback) or "-"
        peak = max((p.peak_mib for p in r.points), default=0.0)
        notes = "; ".join(x for x in [r.gen.note, *r.remarks,
                                      interesting(r.points[-1], r.gen.group) if r.points else ""]
                          if x)
        lines.append(f"{r.gen.name:38.38} {r.gen.group} {times} {ratios:17} {falls:11} "
                     f"{peak:6.1f}  {r.verdict:9} {notes}")
    return "\n".join(lines)


def summary(results: list[Result]) -> str:
    count = {v: sum(r.verdict == v for r in results) for v in ("linear", "contained", "FAIL")}
    return (f"linearity: {len(results)} generators, {count['linear']} linear, "
            f"{count['contained']} contained, {count['FAIL']} failed")


def as_json(results: list[Result], args: argparse.Namespace, elapsed: float) -> dict:
    return {
        "kg": args.kg, "sizes": args.sizes, "repeat": args.repeat, "seconds": round(elapsed, 1),
        "rule": {"factor": FACTOR, "startup_s": STARTUP_S,
                 "contained_s": CONTAINED_S, "contained_mib": CONTAINED_MIB},
        "generators": [{
            "name": r.gen.name, "group": r.gen.group, "note": r.gen.note,
            "verdict": r.verdict, "steps": r.steps, "remarks": r.remarks,
            "points": [{"n": p.n, "bytes": p.bytes, "seconds": round(p.seconds, 4),
                        "runs": p.runs, "peak_mib": round(p.peak_mib, 1),
                        "fallback": p.fallback, "codes": p.codes, "exit": p.exit,
                        "message": p.message} for p in r.points],
        } for r in results],
    }


# --- main -----------------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kg", help="the kg binary")
    ap.add_argument("--sizes", default="1000,10000,100000",
                    type=lambda s: [int(x) for x in s.split(",")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these generators")
    ap.add_argument("--json", metavar="OUT", help="write the figures here")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per kg run")
    return ap.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    args.kg = os.path.abspath(args.kg)
    gens = GENERATORS
    if args.only:
        unknown = set(args.only) - {g.name for g in GENERATORS}
        if unknown:
            sys.exit(f"linearity: no generator named {', '.join(sorted(unknown))}")
        gens = [g for g in GENERATORS if g.name in args.only]
    start = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-linearity-vault-") as qvault:
        write_query_vault(Path(qvault))
        for gen in gens:
            results.append(bench(gen, args.sizes, args.kg, Path(qvault),
                                 args.repeat, args.timeout))
            print(f"  {gen.group} {gen.name}: {results[-1].verdict}", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - start
    print(table(results, args.sizes))
    print(f"steps: ! failed, * contained; {elapsed:.0f} s in all")
    print(summary(results))
    if args.json:
        Path(args.json).write_text(json.dumps(as_json(results, args, elapsed), indent=1) + "\n")
    return 1 if any(r.verdict == "FAIL" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
