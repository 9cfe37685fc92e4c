#!/usr/bin/env python3
"""kg query against Kuzu 0.11.3 on Kuzu's own ground: the same typed graph, the same five
queries, answers checked to agree, medians side by side.

    kuzu_compare.py BUILD_DIR [--notes 200000] [--repeat 7] [--work DIR] [--kuzu-peer JS]

1. kg-genvault --typed writes the vault (5 types, 5 relations, about 5 relationships per note).
2. kg's ingest (`kg stats`, three runs) is timed against Kuzu's load of the same graph
   (kuzu_peer.js load, through `kg export --format json`).
3. Each query runs --repeat times in both, in process with the graph loaded (kg_query_bench;
   kuzu_peer.js query, database open), and the answers must agree.

Kuzu comes from npm (`npm i kuzu@0.11.3` into WORK/npm when missing); kuzu_peer.js from
../shared/bench next to the source tree unless --kuzu-peer says where.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def timed(cmd, **kw):
    t = time.perf_counter()
    out = run(cmd, **kw)
    return time.perf_counter() - t, out


def title(kind, i, pad):
    name = "".join(w.capitalize() for w in kind.split("_"))
    return "%s %s" % (name, str(i).zfill(pad))


def queries(notes):
    pad = len(str(notes))
    companies = max(2, round(notes * 0.25))
    chips = max(2, round(notes * 0.20))
    a = "company/%s.md" % title("company", 7 % companies, pad)
    b = "chip/%s.md" % title("chip", chips // 2, pad)
    return [
        ("q1 one-hop count", "MATCH (c:company)-[:develops]->(m:model) RETURN count(*)"),
        ("q2 two-hop distinct",
         "MATCH (m:model)-[:uses]->(:chip)-[:subject_to]->(x:export_control) RETURN count(DISTINCT m)"),
        ("q3 var-length 1..3",
         "MATCH (a:company {title: '%s'})-[*1..3]->(x:export_control) RETURN DISTINCT x.title"
         % title("company", 0, pad)),
        ("q4 top-5 in-degree",
         "MATCH (c:company)<-[:supplier]-(o:company) RETURN c.title, count(o) AS n ORDER BY n DESC, c.title LIMIT 5"),
        ("q5 shortest path",
         "MATCH p = shortestPath((a)-[*..10]-(b)) WHERE a.id = '%s' AND b.id = '%s' RETURN length(p)" % (a, b)),
    ]


def canonical(rows, ordered):
    rows = [[round(x, 9) if isinstance(x, float) else x for x in r] for r in rows]
    return rows if ordered else sorted(rows, key=json.dumps)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build")
    ap.add_argument("--notes", type=int, default=200000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--work", default="/tmp/kg-kuzu")
    ap.add_argument("--kuzu-peer", default=os.path.join(HERE, "..", "..", "..", "shared", "bench", "kuzu_peer.js"))
    o = ap.parse_args()
    bin_dir = os.path.join(o.build, "bin")
    kg = os.path.join(bin_dir, "kg")
    os.makedirs(o.work, exist_ok=True)
    npm = os.path.join(o.work, "npm")
    module = os.path.join(npm, "node_modules", "kuzu")
    if not os.path.isdir(module):
        os.makedirs(npm, exist_ok=True)
        print("installing kuzu@0.11.3 from npm into %s" % npm, file=sys.stderr)
        run(["npm", "i", "--silent", "kuzu@0.11.3"], cwd=npm)
    env = dict(os.environ, KUZU_MODULE=module)

    vault = os.path.join(o.work, "typed-%d" % o.notes)
    if not os.path.isdir(vault):
        run([os.path.join(bin_dir, "kg-genvault"), "--out", vault, "--typed", "--notes", str(o.notes)])
    graph = os.path.join(o.work, "typed-%d.json" % o.notes)
    db = os.path.join(o.work, "typed-%d.kz" % o.notes)
    if not os.path.exists(graph):
        # kg's export is indented; Node cannot hold a string over 512 MB, so Kuzu's loader
        # reads it on one line.
        pretty = graph + ".pretty"
        run([kg, "--vault", vault, "export", "--format", "json", "-o", pretty])
        with open(pretty, encoding="utf-8") as f:
            doc = json.load(f)
        with open(graph, "w", encoding="utf-8") as f:
            json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
        del doc
        os.remove(pretty)

    # Ingest against load, interleaved.
    kg_ingest, kuzu_load = [], []
    for _ in range(3):
        seconds, _ = timed([kg, "--vault", vault, "--quiet", "stats"])
        kg_ingest.append(seconds)
        seconds, out = timed(["node", o.kuzu_peer, "load", graph, db], env=env)
        kuzu_load.append(seconds)
    counts = json.loads(out.stdout.strip().splitlines()[-1])["counts"]

    qs = queries(o.notes)
    bench = json.loads(run([os.path.join(bin_dir, "kg_query_bench"), vault, "--repeat", str(o.repeat)] +
                           [q for _, q in qs]).stdout)
    print("graph: %d notes, Kuzu counts %s; ingest and load: medians of 3, interleaved" % (o.notes, json.dumps(counts)))
    print("medians of %d runs in one process, the graph loaded; first runs in brackets (kg builds its" % o.repeat)
    print("type, relation and in-arc indexes on its first query, Kuzu warms its caches)")
    print("%-22s %10s %10s %8s  %-20s %s" % ("", "kg", "Kuzu", "Kuzu/kg", "first runs", "answers"))
    print("%-22s %9.2fs %9.2fs %8.1f" % ("ingest / load", statistics.median(kg_ingest),
                                         statistics.median(kuzu_load),
                                         statistics.median(kuzu_load) / statistics.median(kg_ingest)))
    failures = 0
    for (name, q), mine in zip(qs, bench["queries"]):
        peer = json.loads(run(["node", o.kuzu_peer, "query", db, q, "--repeat", str(o.repeat)], env=env).stdout)
        ordered = "ORDER BY" in q
        agree = canonical(mine["rows"], ordered) == canonical(peer["rows"], ordered)
        failures += not agree
        first = "(%.1f, %.1f ms)" % (mine["ms"][0], peer["ms"][0])
        print("%-22s %8.2fms %8.2fms %8.1f  %-20s %s" % (name, mine["median_ms"], peer["median_ms"],
                                                  peer["median_ms"] / max(mine["median_ms"], 1e-6), first,
                                                  "agree" if agree else "DIFFER: kg %s, Kuzu %s" % (
                                                      json.dumps(mine["rows"])[:120], json.dumps(peer["rows"])[:120])))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
