#!/usr/bin/env python3
"""kg export in every format, checked by tools that are not kg.

  check.py KG SOURCE_DIR WORK_DIR [--update]

1. Byte-exact golden files (tests/golden/export/) for each format on the fixture vault (the
   SVG as this system's Graphviz draws it; a PNG is checked for its signature only).
2. Validity: Graphviz reads every DOT file, xmllint every GraphML and SVG file, Python's
   json and csv modules the JSON and CSV, NetworkX the GraphML, and Kuzu (npm `kuzu`, when
   tools/setup.sh has installed it) runs the Kuzu-dialect Cypher script.
3. Counts: for the same vault and filters every format holds the same nodes and
   relationships, and the whole vault's equal `kg stats`.
4. A hostile-title vault: every format stays valid, and titles come back where the format
   can carry them.
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import networkx as nx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import svg_same  # noqa: E402  (Graphviz's cluster order follows the allocator)

KG, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
UPDATE = "--update" in sys.argv[4:]
GOLDEN = os.path.join(SOURCE, "tests", "golden", "export")
FIXTURE = os.path.join(SOURCE, "tests", "fixtures", "query-vault")
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def kg(vault, *args, binary=False):
    run = subprocess.run([KG, "--vault", vault, "--quiet", *args], capture_output=True)
    if run.returncode != 0:
        raise RuntimeError("kg %s failed (%d): %s" % (" ".join(args), run.returncode, run.stderr.decode()))
    return run.stdout if binary else run.stdout.decode("utf-8")


def kuzu_module():
    for candidate in [os.environ.get("KUZU_MODULE"),
                      os.path.join(WORK, "..", "kuzu-npm", "node_modules", "kuzu")]:
        if candidate and os.path.isdir(candidate) and shutil.which("node"):
            return os.path.abspath(candidate)
    return None


KUZU = kuzu_module()
KUZU_RUNNER = os.path.join(SOURCE, "tests", "export", "kuzu_run.js")


# --- 1. Golden files ------------------------------------------------------------------------

def goldens():
    cases = {
        "fixture.json": ["export", "--format", "json"],
        "fixture.cytoscape.json": ["export", "--format", "cytoscape"],
        "fixture.graphml": ["export", "--format", "graphml"],
        "fixture.neo4j.cypher": ["export", "--format", "cypher"],
        "fixture.memgraph.cypher": ["export", "--format", "cypher", "--dialect", "memgraph"],
        "fixture.kuzu.cypher": ["export", "--format", "cypher", "--dialect", "kuzu"],
        "fixture.dot": ["export", "--format", "dot"],
        "fixture.mermaid": ["export", "--format", "mermaid"],
        "focus-acme.graphml": ["export", "--format", "graphml", "--focus", "Acme", "--depth", "1"],
        "filtered.cytoscape.json": ["export", "--format", "cytoscape", "--relation", "supplier",
                                    "--relation", "competitor", "--type", "company"],
        "view-supply.dot": ["export", "--view", "supply"],
        "view-companies.mermaid": ["export", "--view", "companies"],
        "capped.dot": ["export", "--format", "dot", "--max-nodes", "3", "--no-legend", "--rankdir", "TB"],
        # Graphviz's own drawing: links by vault name, so the file does not depend on where it is written.
        "fixture.svg": ["export", "--format", "svg", "--links", "obsidian"],
    }
    outputs = {name: kg(FIXTURE, *args) for name, args in cases.items()}
    folder = os.path.join(WORK, "csv")
    kg(FIXTURE, "export", "--format", "csv", "-o", folder)
    for part in ("nodes.csv", "relationships.csv"):
        with open(os.path.join(folder, part), encoding="utf-8", newline="") as f:
            outputs["fixture." + part] = f.read()
    os.makedirs(GOLDEN, exist_ok=True)
    for name, text in sorted(outputs.items()):
        path = os.path.join(GOLDEN, name)
        if UPDATE:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            continue
        with open(path, encoding="utf-8", newline="") as f:
            want = f.read()
        if want != text and not (name.endswith(".svg") and svg_same.same(want, text)):
            fail("kg's %s differs from tests/golden/export/%s (rerun with --update and review)" % (name, name))


# --- 2 and 3. Every format read back, counted ----------------------------------------------

def count_dot(text):
    nodes = len(re.findall(r'^\s+n\d+ \[', text, re.M))
    edges = len(re.findall(r'^\s+n\d+ -> n\d+ ', text, re.M))
    return nodes, edges


def check_dot(text, label):
    run = subprocess.run(["dot", "-Tsvg", "-o", os.devnull], input=text.encode(), capture_output=True)
    if run.returncode != 0:
        fail("%s: Graphviz rejects the DOT: %s" % (label, run.stderr.decode()[:300]))


def xmllint(data, label):
    run = subprocess.run(["xmllint", "--noout", "-"], input=data, capture_output=True)
    if run.returncode != 0:
        fail("%s: xmllint rejects it: %s" % (label, run.stderr.decode()[:300]))


def kuzu_counts(script_path):
    run = subprocess.run(["node", KUZU_RUNNER, script_path], capture_output=True,
                         env=dict(os.environ, KUZU_MODULE=KUZU))
    if run.returncode != 0:
        raise RuntimeError("Kuzu cannot run the script: " + run.stderr.decode()[:500])
    return json.loads(run.stdout.decode().strip().splitlines()[-1])


def every_format(vault, filters, label):
    """Each format's (nodes, relationships) for these filters; fails where one disagrees."""
    counts = {}
    cy = json.loads(kg(vault, "export", "--format", "cytoscape", *filters))
    counts["cytoscape"] = (len(cy["elements"]["nodes"]), len(cy["elements"]["edges"]))
    statements = sum(e["data"]["statements"] for e in cy["elements"]["edges"])
    doc = json.loads(kg(vault, "export", "--format", "json", *filters))
    counts["json"] = (len(doc["nodes"]), len(cy["elements"]["edges"]))
    if len(doc["edges"]) != statements:
        fail("%s: the JSON holds %d edges, the relationships %d statements" % (label, len(doc["edges"]), statements))
    graphml = kg(vault, "export", "--format", "graphml", *filters)
    xmllint(graphml.encode(), label + " graphml")
    g = nx.read_graphml(io.BytesIO(graphml.encode()))
    counts["graphml"] = (g.number_of_nodes(), g.number_of_edges())
    folder = os.path.join(WORK, "csv-count")
    shutil.rmtree(folder, ignore_errors=True)
    kg(vault, "export", "--format", "csv", "-o", folder, *filters)
    with open(os.path.join(folder, "nodes.csv"), encoding="utf-8", newline="") as f:
        node_rows = list(csv.reader(f))
    with open(os.path.join(folder, "relationships.csv"), encoding="utf-8", newline="") as f:
        rel_rows = list(csv.reader(f))
    if node_rows[0][:2] != ["id:ID", ":LABEL"] or rel_rows[0][:3] != [":START_ID", ":END_ID", ":TYPE"]:
        fail("%s: the CSV headers are not neo4j-admin's: %r %r" % (label, node_rows[0][:3], rel_rows[0][:4]))
    if any(len(r) != len(node_rows[0]) for r in node_rows) or any(len(r) != len(rel_rows[0]) for r in rel_rows):
        fail("%s: a CSV row has a different number of fields from its header" % label)
    counts["csv"] = (len(node_rows) - 1, len(rel_rows) - 1)
    for dialect in ("neo4j", "memgraph", "kuzu"):
        script = kg(vault, "export", "--format", "cypher", "--dialect", dialect, *filters)
        counts["cypher " + dialect] = (len(re.findall(r"^  \{c0: ", script, re.M)),
                                       len(re.findall(r"^  \{s: ", script, re.M)))
        if dialect == "kuzu" and KUZU:
            path = os.path.join(WORK, "script.cypher")
            with open(path, "w", encoding="utf-8") as f:
                f.write(script)
            got = kuzu_counts(path)
            counts["kuzu database"] = (got["nodes"], got["relationships"])
    dot = kg(vault, "export", "--format", "dot", "--max-nodes", "0", *filters)
    check_dot(dot, label)
    counts["dot"] = count_dot(dot)
    mermaid = kg(vault, "export", "--format", "mermaid", "--force", *filters)
    counts["mermaid"] = (len(re.findall(r'^\s+n\d+\[', mermaid, re.M)) + len(re.findall(r'^\s+n\d+\(', mermaid, re.M)),
                         len(re.findall(r'^\s+n\d+ -', mermaid, re.M)))
    values = set(counts.values())
    if len(values) != 1:
        fail("%s: the formats disagree: %s" % (label, counts))
    return next(iter(values))


def formats_agree():
    vaults = [os.path.join(SOURCE, "notes"), FIXTURE]
    for vault in vaults:
        name = os.path.basename(vault)
        stats = json.loads(kg(vault, "stats", "--json"))
        whole = every_format(vault, [], name)
        want = (stats["notes"] + stats["attachments"] + stats["ghosts"], stats["relationships"])
        if whole != want:
            fail("%s: the exports hold %s nodes and relationships, kg stats says %s" % (name, whole, want))
    # Filters: the formats agree with each other and with kg neighbors.
    notes = os.path.join(SOURCE, "notes")
    for filters in (["--relation", "competitor", "--relation", "supplier"],
                    ["--type", "company", "--as-of", "2025-06"],
                    ["--focus", "DeepSeek", "--depth", "2"],
                    ["--focus", "NVIDIA H200", "--depth", "1", "--relation", "subject_to", "--no-implied"]):
        got = every_format(notes, filters, "notes " + " ".join(filters))
        if filters[0] == "--focus":
            rest = [a for a in filters[2:]]
            hood = json.loads(kg(notes, "neighbors", filters[1], *rest, "--json"))
            if got != (len(hood["nodes"]), len(hood["edges"])):
                fail("notes %s: the exports hold %s, kg neighbors %s" % (filters, got, (len(hood["nodes"]), len(hood["edges"]))))
    # Pictures: an SVG Graphviz drew, well-formed, each note a link to its file; a PNG.
    svg = kg(FIXTURE, "export", "--format", "svg", "--max-nodes", "0", binary=True)
    xmllint(svg, "fixture svg")
    hrefs = re.findall(rb'xlink:href="([^"]+)"', svg)
    dot_nodes = count_dot(kg(FIXTURE, "export", "--format", "dot"))[0]
    ghosts = json.loads(kg(FIXTURE, "stats", "--json"))["ghosts"]
    if len(hrefs) != dot_nodes - ghosts:
        fail("the SVG links %d notes, the diagram has %d non-ghost nodes" % (len(hrefs), dot_nodes - ghosts))
    for href in hrefs:
        target = os.path.normpath(os.path.join(os.getcwd(), href.decode().replace("%20", " ")))
        if not os.path.isfile(target):
            fail("the SVG links %s, which is not a file" % href.decode())
            break
    obsidian = kg(FIXTURE, "export", "--format", "svg", "--links", "obsidian", binary=True)
    if b'xlink:href="obsidian://open?vault=query-vault&amp;file=companies%2FAcme.md"' not in obsidian:
        fail("the SVG with --links obsidian has no obsidian:// link to Acme")
    png = kg(FIXTURE, "export", "--format", "png", binary=True)
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        fail("--format png is not a PNG")


# --- 4. Hostile titles ----------------------------------------------------------------------

HOSTILE = ['say "hi" <b> & \'x\'', "back\\slash", "node", "edge", "<script>alert(1)", "=SUM(A1)",
           "+1 -1 @x", "tab\there", "bell \x07 escape \x1b", "\U0001F680 rocket", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
           "\u0645\u0631\u062d\u0628\u0627", "semi;colon, comma", "back`tick", "{curly} [square]"]
# A title is a file name (at most 255 bytes) or an unresolved link's target (at most 4,096):
# the 20,000 characters go in a property, and the longest ghost a link can make in a link.
LONG = "x" * 20000
GHOST = "g" * 4000


def hostile_vault(root):
    os.makedirs(os.path.join(root, "things"))
    # Links to the titles a wikilink can name (a backslash is a separator, brackets end it).
    linkable = [t for t in HOSTILE if not any(c in t for c in "\\[]")]
    for i, title in enumerate(HOSTILE):
        with open(os.path.join(root, "things", title + ".md"), "w", encoding="utf-8") as f:
            f.write('---\ntype: "we\\"ird <type> `%d`"\nnote: "line one\\nline two = =x"\n'
                    'title: "%s"\nscore: %d\nlong_text: "%s"\n---\n' % (i % 3, "=HYPERLINK(1)", i, LONG if i == 0 else "=short"))
            f.write("supplier:: [[%s]]\n" % linkable[(i + 1) % len(linkable)])
            if i == 0:
                f.write("competitor:: [[%s]]\n" % GHOST)


def hostile():
    vault = os.path.join(WORK, "hostile")
    shutil.rmtree(vault, ignore_errors=True)
    hostile_vault(vault)
    doc = json.loads(kg(vault, "export", "--format", "json"))
    titles = sorted(n["title"] for n in doc["nodes"])
    if GHOST not in titles or not all(t in titles for t in HOSTILE):
        fail("hostile: kg did not load every hostile title: %r" % [t[:40] for t in titles])
    every_format(vault, [], "hostile")
    # Titles back from each format that can carry them.
    cy = json.loads(kg(vault, "export", "--format", "cytoscape"))
    if sorted(n["data"]["name"] for n in cy["elements"]["nodes"]) != titles:
        fail("hostile: Cytoscape JSON does not carry the titles as written")
    if not any(n["data"].get("long_text") == LONG for n in cy["elements"]["nodes"]):
        fail("hostile: Cytoscape JSON does not carry the 20,000-character property")
    g = nx.read_graphml(io.BytesIO(kg(vault, "export", "--format", "graphml").encode()))
    xml_titles = sorted(d["title"] for _, d in g.nodes(data=True))
    if xml_titles != sorted("".join(c for c in t if c >= " " or c in "\t\n\r") for t in titles):
        fail("hostile: GraphML does not carry the titles (less what XML 1.0 cannot hold)")
    if not any(d.get("long_text") == LONG for _, d in g.nodes(data=True)):
        fail("hostile: GraphML does not carry the 20,000-character property")
    folder = os.path.join(WORK, "hostile-csv")
    kg(vault, "export", "--format", "csv", "-o", folder)
    with open(os.path.join(folder, "nodes.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    safe = sorted(("'" + t) if t[:1] in "=+-@\t\r" else t for t in titles)
    if sorted(r["title"] for r in rows) != safe:
        fail("hostile: the CSV titles are not the titles (with a formula's leading ')")
    if any(v[:1] in "=+-@" for r in rows for v in r.values() if v):
        fail("hostile: a CSV field starts as a formula")
    if not any(r.get("long_text:string") == LONG for r in rows):
        fail("hostile: the CSV does not carry the 20,000-character property")
    if KUZU:
        path = os.path.join(WORK, "hostile.cypher")
        with open(path, "w", encoding="utf-8") as f:
            f.write(kg(vault, "export", "--format", "cypher", "--dialect", "kuzu"))
        run = subprocess.run(["node", KUZU_RUNNER, path, "--titles"], capture_output=True,
                             env=dict(os.environ, KUZU_MODULE=KUZU))
        got = json.loads(run.stdout.decode().strip().splitlines()[-1]) if run.returncode == 0 else None
        if got is None or sorted(got["titles"]) != titles:
            fail("hostile: Kuzu does not read the titles back: %s" % run.stderr.decode()[:300])
    for fmt in ("dot", "svg"):
        out = kg(vault, "export", "--format", fmt, binary=True)
        if fmt == "dot":
            check_dot(out.decode(), "hostile dot")
        else:
            xmllint(out, "hostile svg")
    mermaid = kg(vault, "export", "--format", "mermaid")
    for bad in ('"hi"', "<script>", "`"):
        if re.search(r'\[[^\]]*' + re.escape(bad), mermaid):
            fail("hostile: Mermaid label holds %s unescaped" % bad)


def main():
    os.makedirs(WORK, exist_ok=True)
    goldens()
    if UPDATE:
        print("export: golden files rewritten")
        return 0
    formats_agree()
    hostile()
    if not KUZU:
        print("export: Kuzu (npm kuzu) is not installed; the Kuzu script was counted, not run "
              "(tools/setup.sh test installs it)")
    if failures:
        print("export: %d failures" % len(failures), file=sys.stderr)
        return 1
    print("export: every format valid, counts agree%s" % ("" if not KUZU else ", Kuzu runs the script"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
