#!/usr/bin/env python3
"""kg's GraphML read back by NetworkX: as many nodes as kg has nodes, as many edges as it
has relationships, and typed attributes as kg declares them.

    graphml.py KG VAULT...
"""
import json
import subprocess
import sys
import tempfile

import networkx as nx


def main():
    kg, vaults = sys.argv[1], sys.argv[2:]
    failures = 0
    for vault in vaults:
        stats = json.loads(subprocess.run([kg, "--vault", vault, "--quiet", "stats", "--json"], check=True,
                                          capture_output=True, text=True).stdout)
        with tempfile.NamedTemporaryFile(suffix=".graphml") as f:
            subprocess.run([kg, "--vault", vault, "--quiet", "export", "--format", "graphml", "-o", f.name],
                           check=True)
            g = nx.read_graphml(f.name)
        nodes = stats["notes"] + stats["attachments"] + stats["ghosts"]
        if g.number_of_nodes() != nodes or g.number_of_edges() != stats["relationships"]:
            print("FAIL %s: NetworkX reads %d nodes and %d edges, kg has %d and %d" % (
                vault, g.number_of_nodes(), g.number_of_edges(), nodes, stats["relationships"]), file=sys.stderr)
            failures += 1
        for _, _, data in g.edges(data=True):
            if not isinstance(data.get("implied"), bool) or not isinstance(data.get("statements"), int) \
                    or not data.get("relation"):
                print("FAIL %s: an edge lacks its typed attributes: %r" % (vault, data), file=sys.stderr)
                failures += 1
                break
    # Titles that XML must escape, or cannot hold at all, come back as written (less what
    # XML 1.0 cannot carry).
    hostile = ['say "hi" <b> & \'x\'', "bell \x07 and \x1b escape", "=SUM(A1)", "\u05e9\u05dc\u05d5\u05dd",
               "emoji \U0001F600", "x" * 1000]
    with tempfile.TemporaryDirectory() as vault:
        with open(vault + "/A.md", "w", encoding="utf-8") as f:
            f.write("".join("[[%s]] " % t for t in hostile) + "\n")
        with tempfile.NamedTemporaryFile(suffix=".graphml") as out:
            subprocess.run([kg, "--vault", vault, "--quiet", "export", "--format", "graphml", "-o", out.name],
                           check=True)
            g = nx.read_graphml(out.name)
        titles = {data.get("title") for _, data in g.nodes(data=True)}
        for t in hostile:
            want = "".join(c for c in t if c >= " " or c in "\t\n\r")
            if want not in titles:
                print("FAIL: the title %r does not come back from GraphML" % t[:60], file=sys.stderr)
                failures += 1
    if failures:
        return 1
    print("graphml: NetworkX reads %d vaults with kg's counts" % len(vaults))
    return 0


if __name__ == "__main__":
    sys.exit(main())
