"""A 1,000-word pasted query on a large index (issue 16: within 2 s at a million articles).

    .venv/bin/python benchmarks/long_query.py --index DIR CORPUS.jsonl [--queries 5]

Each query is the first 1,000 words of consecutive articles of the corpus (the text a user pastes:
several stories' worth, repeats included), searched in both match modes, top 10 with snippets;
also 1,000 x "the" and 1,000 x "oil". Prints each query's wall time and total.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time

from newssearch import NewsIndex, QueryError

WORD = re.compile(r"[A-Za-z]+")


def pasted_texts(path: str, n: int, seed: int = 11) -> list[str]:
    """n texts of 1,000 words, each from consecutive bodies starting at a random article among the
    first 20,000."""
    with open(path, encoding="utf-8") as fh:
        bodies = [json.loads(line).get("body") or "" for _, line in zip(range(20000), fh)]
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        i = rnd.randrange(len(bodies) - 20)
        words: list[str] = []
        while len(words) < 1000:
            words += WORD.findall(bodies[i])
            i += 1
        out.append(" ".join(words[:1000]))
    return out


def run(ix: NewsIndex, text: str, match: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        total = ix.search(text, match=match, limit=10, snippets=2).total
    except QueryError:
        total = ix.search(text, match=match, limit=10, snippets=2, strict=False).total
    return time.perf_counter() - started, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--index", required=True)
    ap.add_argument("--queries", type=int, default=5)
    args = ap.parse_args()
    ix = NewsIndex.open(args.index)
    ix.search("oil", limit=10)  # opened, warm
    cases = [(f"pasted text {i + 1} (1,000 words, {len(set(t.lower().split()))} distinct)", t)
             for i, t in enumerate(pasted_texts(args.corpus, args.queries))]
    cases += [('1,000 x "the"', " ".join(["the"] * 1000)), ('1,000 x "oil"', " ".join(["oil"] * 1000))]
    print(f"{ix.stats().articles:,} articles; each query top 10 with snippets, wall time")
    print("| query | match | time | total |\n|---|---|---:|---:|")
    worst = 0.0
    for name, text in cases:
        for match in ("all", "any"):
            took, total = run(ix, text, match)
            worst = max(worst, took)
            print(f"| {name} | {match} | {took * 1000:,.0f} ms | {total:,} |", flush=True)
    print(f"slowest: {worst:.2f} s")


if __name__ == "__main__":
    main()
