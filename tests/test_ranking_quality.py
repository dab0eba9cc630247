"""Ranking quality, judged on the TIME test collection (423 articles, 83 queries with relevance
judgments): the statements as typed, ranked in any-word mode. A change that loses quality fails
here; benchmarks/ranking.py compares with other engines."""

from __future__ import annotations

import pytest

from helpers import TIME

DERIVED = TIME.parent


@pytest.mark.slow
def test_time_collection_ndcg_at_10(time_index):
    pytrec_eval = pytest.importorskip("pytrec_eval")
    queries = dict(line.split("\t", 1) for line in (DERIVED / "time.queries.tsv").read_text().splitlines())
    qrels: dict[str, dict[str, int]] = {}
    for line in (DERIVED / "time.qrels").read_text().splitlines():
        qid, _, doc, rel = line.split()
        qrels.setdefault(qid, {})[doc] = int(rel)
    run = {}
    for qid, text in queries.items():
        hits = time_index.search(text, match="any", limit=1000, snippets=0, collapse=False, strict=False).hits
        run[qid] = {h.id: float(1000 - rank) for rank, h in enumerate(hits)}
    scores = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut_10", "map"}).evaluate(run)
    ndcg = sum(s["ndcg_cut_10"] for s in scores.values()) / len(qrels)
    mean_ap = sum(s["map"] for s in scores.values()) / len(qrels)
    assert ndcg >= 0.75, f"nDCG@10 {ndcg:.3f} (MAP {mean_ap:.3f})"
