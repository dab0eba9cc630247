"""Near-copy clusters of a corpus: how many, at what cost, and a random sample to check by hand.

    .venv/bin/python benchmarks/near_copies.py [CORPUS.jsonl.gz] [--sample 20] [--seed 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from newssearch.indexing.nearcopies import CopyFinder  # noqa: E402
from newssearch.ingest.records import to_article  # noqa: E402
from newssearch.model import RawRecord  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    arts = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            a = to_article(RawRecord(json.loads(line), f"#{n}", "json"))
            if not hasattr(a, "reason"):
                arts.append(a)
    finder = CopyFinder()
    start = time.perf_counter()
    first_with_body: dict[str, str] = {}
    cluster = {}
    for a in arts:  # as the indexer does: identical bodies join directly, the rest through LSH
        same = first_with_body.setdefault(a.body_hash(), a.id) if a.body else None
        cluster[a.id] = finder.add(a.id, a.body, same if same != a.id else None)[0]
    took = time.perf_counter() - start
    members = defaultdict(list)
    for aid, c in cluster.items():
        members[c].append(aid)
    multi = {c: m for c, m in members.items() if len(m) > 1}
    exact = Counter(a.body_hash() for a in arts if a.body)
    print(f"{len(arts):,} articles: {len(multi):,} clusters with copies, "
          f"{sum(len(m) - 1 for m in multi.values()):,} copies "
          f"({sum(v - 1 for v in exact.values() if v > 1):,} exact duplicates); clustering took {took:.1f} s")
    byid = {a.id: a for a in arts}
    for c in random.Random(args.seed).sample(sorted(multi), min(args.sample, len(multi))):
        ms = multi[c]
        kind = "identical bodies" if len({byid[m].body for m in ms}) == 1 else "near copies"
        print(f"\n{c}: {len(ms)} articles, {kind}")
        for m in ms:
            a = byid[m]
            print(f"  {m:<14} {a.date.display() if a.date else '-':<22} {a.title[:60]}")
            print(f"  {'':<14} {a.body[:110]!r}")


if __name__ == "__main__":
    main()
