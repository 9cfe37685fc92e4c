#!/usr/bin/env python3
"""Whether two SVG files Graphviz drew hold the same picture.

    svg_same.py A B     exit 0 when they do, 1 (with the first difference) when not

Graphviz writes the same elements with the same coordinates on every run, but the order of
a graph's clusters follows where their names lie in memory, which differs under
AddressSanitizer's allocator. So the elements (one per comment or cluster group) are
compared as a sorted list, every byte of each kept.
"""
import sys


def elements(text):
    lines = text.split("\n")
    while lines and lines[-1] in ("", "</svg>", "</g>"):
        lines.pop()
    chunks, current = [], []
    for line in lines:
        if (line.startswith("<!-- ") or line.startswith('<g id="clust')) and current:
            chunks.append("\n".join(current))
            current = []
        current.append(line)
    chunks.append("\n".join(current))
    return chunks[0], sorted(chunks[1:])


def same(a, b):
    return elements(a) == elements(b)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        a = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        b = f.read()
    if same(a, b):
        return 0
    head_a, rest_a = elements(a)
    head_b, rest_b = elements(b)
    if head_a != head_b:
        print("the SVG headers differ", file=sys.stderr)
    else:
        only = [c for c in rest_a if c not in rest_b][:1] or [c for c in rest_b if c not in rest_a][:1]
        print("an element differs:\n" + (only[0][:600] if only else "(counts)"), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
