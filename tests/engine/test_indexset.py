"""engine/indexset.py: one Whoosh searcher over the segments of several indexes, with the
index-wide statistics of one index holding them all, and an id held twice searched once."""

from __future__ import annotations

from newssearch import NewsIndex
from newssearch.engine import Index, IndexSet


def _index(path, articles):
    NewsIndex.open(path, create=True).add_articles(articles)
    return path


def test_statistics_are_those_of_one_index_holding_every_article(split_indexes):
    whole, parts = split_indexes
    one, several = Index.open(whole).snapshot(), IndexSet.open(parts).snapshot()
    assert several.doc_count() == one.doc_count() == several.per_index()[0][0] + 150 + several.per_index()[2][0]
    for field, term in (("body", "oil"), ("body", "the"), ("title", "gaza"), ("dateline", "cairo")):
        assert several.doc_frequency(field, term) == one.doc_frequency(field, term)
        assert several.idf(field, term) == one.idf(field, term)
    for field in ("title", "body"):
        assert several._searcher.avg_field_length(field) == one._searcher.avg_field_length(field)
    assert [several.stored(d)["id"] for d in several.live_docs()] == [one.stored(d)["id"] for d in one.live_docs()]


def test_an_earlier_index_hides_a_later_copy_of_an_id_but_not_its_own_replaced_versions(tmp_path):
    first = _index(tmp_path / "a", [{"id": "x", "title": "Tin", "body": "Tin v1."}, {"id": "y", "title": "Lead"}])
    NewsIndex.open(first).add_articles([{"id": "x", "title": "Tin", "body": "Tin v2."}])  # replaces v1
    second = _index(tmp_path / "b", [{"id": "x", "title": "Tin", "body": "Tin v3."}, {"id": "z", "title": "Zinc"}])
    empty = tmp_path / "empty"
    NewsIndex.open(empty, create=True)
    snap = IndexSet.open([first, empty, second]).snapshot()
    assert sorted(snap.stored(d)["id"] for d in snap.live_docs()) == ["x", "y", "z"]
    assert snap.stored(snap.docnum_of("x"))["body"] == "Tin v2."
    assert snap.per_index() == [(2, 0), (0, 0), (1, 1)]


def test_a_set_snapshot_is_refreshed_when_any_index_commits(tmp_path):
    first = _index(tmp_path / "a", [{"id": "a1", "title": "Nickel"}])
    second = _index(tmp_path / "b", [{"id": "b1", "title": "Cobalt"}])
    snap = IndexSet.open([first, second]).snapshot()
    assert snap.up_to_date()
    NewsIndex.open(second).add_articles([{"id": "a1", "title": "Nickel again"}])
    assert not snap.up_to_date()
    fresh = snap.refreshed()
    assert fresh.up_to_date() and fresh.doc_count() == 2 and fresh.per_index() == [(1, 0), (1, 1)]
