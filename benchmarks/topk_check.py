"""Top k from block-max bounds (engine/topk.py) against scoring every match, in one process: for each
query, whether the page is the same (ids, scores, total) and the median CPU time of each way.

Usage: .venv/bin/python benchmarks/topk_check.py INDEX QUERY [QUERY ...]
"""

from __future__ import annotations

import sys
import time

from newssearch.api import NewsIndex
from newssearch.engine import topk

RUNS = 7


def timed(ix: NewsIndex, query: str):
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        result = ix.search(query, limit=10, snippets=2)
        times.append((time.process_time() - start) * 1000)
    return result, sorted(times)[RUNS // 2]


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    ix = NewsIndex.open(sys.argv[1])
    default = topk.SMALL
    for query in sys.argv[2:]:
        ix.search(query, limit=10)
        topk.SMALL = 10**12  # every match scored: the reference
        every, t_every = timed(ix, query)
        topk.SMALL = default
        bounded, t_bounded = timed(ix, query)
        same = (every.total == bounded.total
                and [(h.id, h.score) for h in every.hits] == [(h.id, h.score) for h in bounded.hits])
        print(f"{query!r:30} total {every.total:7} all-scored {t_every:6.1f} ms  topk {t_bounded:6.1f} ms  same={same}")


if __name__ == "__main__":
    main()
