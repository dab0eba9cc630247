"""Queries that once hurt, timed on Reuters-21578: a word repeated thousands of times, and whole
story bodies pasted as the query, in both match modes (issue 15).

    .venv/bin/python benchmarks/hostile_queries.py [CORPUS.jsonl.gz] [--index DIR]

Without --index the corpus is indexed into a temporary folder first. A body the strict grammar
refuses (a "--" or "Usage:" in it) is searched with strict=False, as a search box would.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newssearch import NewsIndex, QueryError

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def pasted(ix: NewsIndex, body: str, match: str) -> None:
    try:
        ix.search(body, match=match)
    except QueryError:
        ix.search(body, match=match, strict=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(REUTERS))
    parser.add_argument("--index", help="an index of the corpus (default: build one in a temporary folder)")
    args = parser.parse_args()
    if args.index:
        ix = NewsIndex.open(args.index)
    else:
        ix = NewsIndex.open(Path(tempfile.mkdtemp()) / "ix", create=True)
        ix.index_paths([args.corpus])
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        bodies = sorted((b for b in (json.loads(line).get("body") for line in fh) if b), key=len)
    ix.search("warm up")
    print(f"# hostile queries on {Path(args.corpus).name}, {ix.stats().articles:,} articles\n")
    print("| query | match | time |\n|---|---|---|")
    for word, n in (("the", 2000), ("oil", 5000)):
        for match in ("all", "any"):
            took = timed(lambda: ix.search(" ".join([word] * n), match=match))
            print(f"| {n:,} x `{word}` | {match} | {took * 1000:.0f} ms |")
    groups = {"100 random bodies": random.Random(1).sample(bodies, 100),
              f"the 10 longest bodies ({len(bodies[-10]) / 1000:.0f}-{len(bodies[-1]) / 1000:.0f} KB)": bodies[-10:]}
    print("\n| pasted story bodies | match | p50 | p95 | max |\n|---|---|---|---|---|")
    for name, picked in groups.items():
        for match in ("all", "any"):
            times = sorted(timed(lambda: pasted(ix, b, match)) for b in picked)
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"| {name} | {match} | {statistics.median(times) * 1000:.0f} ms | {p95 * 1000:.0f} ms "
                  f"| {times[-1] * 1000:.0f} ms |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
