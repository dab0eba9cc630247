"""The JSON contract, in-process: the keys and value types every result's to_dict gives (what
`--format json` prints and other programs rely on)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone

from newssearch.model import ArticleDate, Note, Skip
from newssearch.results import (
    Copies,
    Hit,
    IndexReport,
    KeyTerm,
    KeyTerms,
    SearchResult,
    Snippet,
    Stats,
    Timeline,
    TimelinePeriod,
)

HIT_KEYS = ["id", "title", "title_derived", "date", "source", "url", "dateline", "authors", "score", "title_highlights", "copies",
            "snippets"]


def test_a_search_result_as_json(seed_index):
    out = seed_index.search('"ground operation"', facets=["month"]).to_dict()
    assert list(out) == ["query", "total", "page", "limit", "took_ms", "hits", "facets", "did_you_mean", "relaxed_hint"]
    assert (out["query"], out["total"], out["page"], out["limit"]) == ('"ground operation"', 1, 1, 10)
    [hit] = out["hits"]
    assert list(hit) == HIT_KEYS
    assert hit["date"] == "2024-02-14" and hit["dateline"] == "GAZA CITY" and isinstance(hit["score"], float)
    assert hit["snippets"]
    for snip in hit["snippets"]:
        assert list(snip) == ["text", "highlights"] and snip["highlights"]
        assert all(snip["text"][a:b].lower() == "ground operation" for a, b in snip["highlights"])
    assert out["facets"] == {"month": {"2024-02": 1}} and out["did_you_mean"] is None


def test_hits_dates_scores_and_empty_parts():
    when = ArticleDate(datetime(2024, 3, 2, 4, 30, tzinfo=timezone.utc), date_only=False)
    hit = Hit("a", "T", when, "S", "u", "", ["A B"], None, [Snippet("x y", [(0, 1)])], [(0, 1)], copies=2)
    d = hit.to_dict()
    assert d["date"] == "2024-03-02T04:30:00Z" and d["score"] is None and d["copies"] == 2
    assert d["snippets"] == [{"text": "x y", "highlights": [[0, 1]]}] and d["title_highlights"] == [[0, 1]]
    assert d["title_derived"] is False
    res = SearchResult("q", 0, 1, 10, 1.234567, [], did_you_mean="oil").to_dict()
    assert "facets" not in res and res["took_ms"] == 1.23 and res["did_you_mean"] == "oil"


def test_stats_timeline_terms_copies_and_index_reports():
    assert Stats(3, "2024-01-01", None, 1, {"AP": 2}, 10, "ix").to_dict() == {
        "index": "ix", "articles": 3, "date_range": {"first": "2024-01-01", "last": None}, "undated": 1,
        "sources": {"AP": 2}, "size_bytes": 10}
    tl = Timeline(["oil"], "month", [TimelinePeriod(date(2024, 1, 1), date(2024, 2, 1), 4, [1])], undated=2)
    assert tl.to_dict() == {"queries": ["oil"], "by": "month", "undated_articles": 2, "periods": [
        {"start": "2024-01-01", "end": "2024-01-31", "articles": 4, "counts": {"oil": 1}, "shares": {"oil": 0.25}}]}
    kt = KeyTerms("oil", 5, [KeyTerm("opec", "word", 3, 1, 12.345)])
    assert kt.to_dict() == {"query": "oil", "total": 5, "terms": [
        {"term": "opec", "kind": "word", "docs": 3, "background": 1, "score": 12.35}]}
    copies = Copies("a", "T", "a", [{"id": "b", "title": "T2", "date": None, "source": "", "url": "", "origin": "f",
                                     "body": "not in the contract"}])
    assert copies.to_dict() == {"id": "a", "cluster": "a", "copies": [
        {"id": "b", "title": "T2", "date": None, "source": "", "url": "", "origin": "f"}]}
    report = IndexReport(added=2, skipped=1, skip_reasons=Counter({"invalid JSON": 1}), files=1, elapsed=0.5,
                         skips=[Skip("f#3", "invalid JSON: x")])
    for n, value in enumerate(["'soon'", "'soon'", "'NaN'"]):
        report.warn(Note("unreadable_date", f"f#{n}", value))
    assert report.to_dict() == {
        "added": 2, "updated": 0, "unchanged": 0, "duplicates": 0, "near_copies": 0, "skipped": 1, "failed": 0,
        "skip_reasons": {"invalid JSON": 1}, "files": 1, "elapsed_s": 0.5, "articles_per_s": 4.0,
        "interrupted": False, "skips": [{"origin": "f#3", "reason": "invalid JSON: x", "failed": True}],
        "warnings": [{"kind": "unreadable_date", "count": 3, "examples": [  # distinct examples only
            {"origin": "f#0", "detail": "'soon'"}, {"origin": "f#2", "detail": "'NaN'"}]}]}
