"""Several indexes searched as one against one index of the same articles: the query cost of the
synthetic 100k corpus indexed as two halves of 50k (NewsIndex.open([a, b]), `--index a --index b`)
beside one index of all 100k.

    .venv/bin/python benchmarks/several.py [--size 100000] [--queries 50] [--workdir DIR]

Needs in --workdir (default benchmarks/.scale/): synth-SIZE.jsonl and newssearch-SIZE (as
benchmarks/scale.py makes them); the halves (half-a.jsonl, half-b.jsonl: the corpus's first and
second half) and their indexes (newssearch-half-a, newssearch-half-b) are made when missing.
The same queries as scale.py (>= --queries distinct per class, warm, top 10 with snippets), the two
set-ups taking turns query by query; totals must agree, and so must each top 10's scores (by
date: its dates) and folded copies. Then the cost of opening the engine's view
(the ids of the first half read into a set, the second's checked against it), of opening and
answering a first query in process, and of a one-query process, cold.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import scale  # noqa: E402  (benchmarks/scale.py: queries, engines, timing)

HERE = Path(__file__).resolve().parent


def halves(corpus: Path, work: Path) -> list[Path]:
    """The corpus cut in two files (first half, second half) and an index of each."""
    with open(corpus, encoding="utf-8") as fh:
        lines = fh.readlines()
    middle = len(lines) // 2
    out = []
    for name, part in (("a", lines[:middle]), ("b", lines[middle:])):
        jsonl, index = work / f"half-{name}.jsonl", work / f"newssearch-half-{name}"
        if not jsonl.exists():
            jsonl.write_text("".join(part), encoding="utf-8")
        if not index.exists():
            started = time.perf_counter()
            subprocess.run([str(Path(sys.executable).with_name("newssearch")), "index", str(jsonl), "--index", str(index)],
                           check=True, stdout=subprocess.DEVNULL)
            print(f"indexed {jsonl.name} in {time.perf_counter() - started:.1f}s", flush=True)
        out.append(index)
    return out


def opening(paths, runs: int = 5) -> float:
    """Median seconds to open and answer a first query, in this process (snapshot made anew)."""
    from newssearch import NewsIndex

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        NewsIndex.open(paths).search("oil", limit=1, snippets=0)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class Recording(scale.Newssearch):
    """scale.py's newssearch, keeping the last result (for comparing more than totals)."""

    def __init__(self, out):
        super().__init__(out)
        search = self.ix.search

        def recorded(*args, **kw):
            self.last = search(*args, **kw)
            return self.last

        self.ix.search = recorded  # type: ignore[method-assign]


def top_agrees(queries: dict, whole: Path, parts: list[Path]) -> tuple[int, list]:
    """(queries compared, those whose top 10 differ): the scores in order (by date: the dates) and
    the folded copies, which global statistics make equal; ids may differ only among equal scores
    (ties follow index order, and the two set-ups were indexed in different orders)."""
    one, two = Recording(whole), Recording(parts)
    differ, n = [], 0
    for cls, qs in queries.items():
        for q in qs:
            one.query(cls, q)
            two.query(cls, q)
            a, b = one.last, two.last
            n += 1
            key = (lambda h: (h.score, h.copies)) if cls != "newest" else (lambda h: (h.date, h.copies))
            if a.total != b.total or list(map(key, a.hits)) != list(map(key, b.hits)):
                differ.append((cls, q))
    return n, differ


def snapshot_ms(paths: list[Path], runs: int = 5) -> float:
    """Median milliseconds to open the engine's view (for several indexes: their ids read and
    checked for repeats), no query."""
    from newssearch.engine import Index, IndexSet

    opened = Index.open(paths[0]) if len(paths) == 1 else IndexSet.open(paths)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        opened.snapshot().close()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def cold(paths: list[Path], runs: int = 5) -> float:
    exe = str(Path(sys.executable).with_name("newssearch"))
    cmd = [exe, "query", "oil prices", *(x for p in paths for x in ("--index", str(p)))]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--workdir", default=str(HERE / ".scale"))
    args = ap.parse_args()
    work = Path(args.workdir)
    corpus, whole = work / f"synth-{args.size}.jsonl", work / f"newssearch-{args.size}"
    for needed in (corpus, whole):
        if not needed.exists():
            sys.exit(f"several: {needed} not found (benchmarks/scale.py --sizes {args.size} makes it)")
    parts = halves(corpus, work)
    scale.ENGINES = {"one": scale.Newssearch, "halves": scale.Newssearch}
    queries = scale.make_queries(corpus, args.queries)
    qstats, differ = scale.measure(["one", "halves"], {"one": whole, "halves": parts}, queries)
    print(f"{args.size:,} articles: one index vs two halves of {args.size // 2:,}, {args.queries} queries per class")
    print("| class | one p50 / p95 ms | two halves p50 / p95 ms | p95 ratio |")
    print("|---|---|---|---|")
    for c in scale.CLASSES:
        one, two = qstats["one"][c], qstats["halves"][c]
        print(f"| {c} | {one['p50']:.1f} / {one['p95']:.1f} | {two['p50']:.1f} / {two['p95']:.1f} | "
              f"{two['p95'] / one['p95']:.2f} |")
    print(f"totals differ on {sum(len(d) for d in differ.values())} queries")
    compared, top_differ = top_agrees(queries, whole, parts)
    print(f"top 10 (scores or dates, folded copies) differ on {len(top_differ)} of {compared} queries"
          + (f", e.g. {top_differ[:3]}" if top_differ else ""))
    print(f"engine view opened (median of 5): one {snapshot_ms([whole]):.1f} ms, "
          f"two halves {snapshot_ms(parts):.1f} ms (the ids of both read, the second's checked)")
    print(f"open + first query (in process, median of 5): one {opening(whole) * 1000:.0f} ms, "
          f"two halves {opening(parts) * 1000:.0f} ms")
    print(f"cold one-query process (median of 5): one {cold([whole]):.2f} s, two halves {cold(parts):.2f} s")


if __name__ == "__main__":
    main()
