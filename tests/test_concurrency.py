"""Readers while a writer writes, and one NewsIndex shared by threads.

- CLI processes and API threads keep answering while another process indexes, and every answer
  is one consistent view: its facet counts add up to its total, totals never go back.
- One NewsIndex shared by 8 threads answers 2,000 mixed queries exactly as one thread does."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from newssearch import NewsIndex

from helpers import ROOT, VOCAB, synthetic_articles

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def _consistent(result) -> int:
    """The total of one answer, checked against its own facet counts (one view of the index)."""
    counts = result.facets["source"]
    assert sum(counts.values()) == result.total, (result.total, counts)
    return result.total


@pytest.mark.slow
def test_readers_keep_answering_consistently_while_a_writer_indexes(tmp_path):
    arts = synthetic_articles(4000, seed=11)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in arts), encoding="utf-8")
    index_dir = tmp_path / "ix"
    NewsIndex.open(index_dir, create=True).add_articles(arts[:100])
    writer = subprocess.Popen([sys.executable, "-m", "newssearch", "index", str(src), "--index", str(index_dir),
                               "--commit-every", "300", "--workers", "2"], env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ix = NewsIndex.open(index_dir)
    errors: list[BaseException] = []
    seen: dict[str, list[int]] = {}

    def read(name: str) -> None:
        totals = seen.setdefault(name, [])
        try:
            while writer.poll() is None:
                totals.append(_consistent(ix.search("*", facets=["source"], limit=5)))
                _consistent(ix.search("market OR oil", facets=["source"], match="any"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read, args=(f"t{k}",)) for k in range(3)]
    for t in threads:
        t.start()
    cli_totals = []
    while writer.poll() is None:  # a whole `newssearch query` process now and then
        done = subprocess.run([sys.executable, "-m", "newssearch", "query", "*", "--index", str(index_dir),
                               "-f", "json", "--facet", "source"], env=ENV, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        assert sum(answer["facets"]["source"].values()) == answer["total"]
        cli_totals.append(answer["total"])
    for t in threads:
        t.join()
    assert writer.returncode == 0, writer.stderr.read()
    assert errors == []
    for totals in [*seen.values(), cli_totals]:
        assert totals == sorted(totals), "a reader saw the index go back"
    assert sum(len(t) for t in seen.values()) > 20 and cli_totals
    assert len({t for ts in seen.values() for t in ts}) > 2, "the readers never saw a commit land"
    assert ix.search("*").total == 4000


def _queries(n: int, seed: int) -> list[tuple[str, dict]]:
    rnd = random.Random(seed)
    words = list(VOCAB)
    out = []
    for _ in range(n):
        a, b, c = rnd.sample(words, 3)
        q, kw = rnd.choice([
            (f"{a} {b}", {}),
            (f'"{a} {b}"', {}),
            (f"{a} OR {b} -{c}", {"sort": "newest"}),
            (f"{a} {b} {c}", {"match": "any"}),
            (f"title:{a}", {"since": "2024-02-01", "until": "2024-03-15"}),
            (f"{a}*", {"facets": ["source", "month"]}),
            (f"{a} date:2024-02", {"sort": "oldest", "page": 2, "limit": 5}),
        ])
        out.append((q, kw))
    return out


def _answer(ix: NewsIndex, q: str, kw: dict) -> str:
    """The whole answer as the JSON contract has it: hits, scores, snippets, facets, total."""
    r = ix.search(q, **kw)
    out = r.to_dict()
    out.pop("took_ms", None)
    return json.dumps(out, sort_keys=True)


def test_one_index_shared_by_eight_threads_answers_as_one_thread(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles(synthetic_articles(500, seed=5))
    queries = _queries(2000, seed=17)
    alone = [_answer(ix, q, kw) for q, kw in queries]
    shared = NewsIndex.open(tmp_path / "ix")
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda qk: _answer(shared, *qk), queries))
    assert sum(1 for a in alone if json.loads(a)["total"]) > 800  # most queries find something
    assert together == alone


def test_an_export_goes_on_while_another_process_rebuilds_the_index(tmp_path):
    """Whoosh opened a segment's column files on first use; a rebuild committed by another process
    removes them, and an export streaming from the older view failed mid-way (TypeError)."""
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    for k in range(4):
        ix.add_articles([{"id": f"a{k}-{i}", "title": f"oil story {k} {i}", "body": f"crude oil text {k} {i}",
                          "date": f"2024-01-{k + 1:02d}"} for i in range(3)])
    total, hits = ix.export("oil")
    first = next(hits)
    code = ("import sys; from newssearch import NewsIndex; "
            "NewsIndex.open(sys.argv[1]).add_articles([{'id': 'z', 'title': 'oil', 'body': 'oil z'}], rebuild=True)")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "ix")], env=ENV, check=True)
    rest = [h.id for h in hits]
    assert total == 12 and len([first.id, *rest]) == 12
    assert ix.search("oil").total == 1  # a new search sees the rebuild
