#!/usr/bin/env python3
"""kg's PageRank and betweenness against NetworkX's on the same directed graph.

Usage: agree.py KG VAULT...

For each vault, the graph NetworkX reads is built from `kg export --format json`: every
node, and one arc per ordered pair of nodes some edge joins (a DiGraph), which is the graph
kg ranks on. NetworkX's pagerank (alpha 0.85, run to a tight tolerance) and
betweenness_centrality (normalised) must match `kg rank --json` to 1e-9 on every node.
"""
import json
import subprocess
import sys

import networkx as nx


def kg_json(kg, vault, *args):
    out = subprocess.run([kg, "--vault", vault, "--quiet", *args, "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    kg, vaults = sys.argv[1], sys.argv[2:]
    failures = 0
    for vault in vaults:
        doc = kg_json(kg, vault, "export", "--format", "json")
        g = nx.DiGraph()
        g.add_nodes_from(n["id"] for n in doc["nodes"])
        g.add_edges_from((e["source"], e["target"]) for e in doc["edges"])
        expected = {
            "pagerank": nx.pagerank(g, alpha=0.85, tol=1e-13, max_iter=100000),
            "betweenness": nx.betweenness_centrality(g, normalized=True),
        }
        for by, theirs in expected.items():
            ours = {r["id"]: r["score"] for r in kg_json(kg, vault, "rank", "--by", by)["ranking"]}
            if set(ours) != set(theirs):
                print(f"FAIL {vault} {by}: kg ranks {len(ours)} nodes, NetworkX {len(theirs)}")
                failures += 1
                continue
            worst = max(abs(ours[n] - theirs[n]) for n in ours)
            status = "ok" if worst <= 1e-9 else "FAIL"
            failures += status == "FAIL"
            print(f"{status} {vault} {by}: {len(ours)} nodes, {g.number_of_edges()} arcs, "
                  f"largest difference {worst:.2e}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
