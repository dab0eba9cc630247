"""Several indexes searched as one (NewsIndex.open([...])): a newsroom's index per period gives the
results, order, scores and totals of one index holding all its articles; an article id held by
two indexes is one article; side files combine; errors name the folder at fault."""

from __future__ import annotations

import pytest

from newssearch import NewsIndex
from newssearch.errors import IndexMissingError, InputError, NotFoundError

from helpers import synthetic_articles

SEARCHES = [
    ("oil", {}),
    ("bank rate", {}),
    ('"ground operation"', {}),
    ('"the central" bank', {}),
    ('"israel strikes"~3', {}),
    ("oil date:2024-02", {}),
    ("gaza date:[2024-01-15 TO 2024-02-10]", {}),
    ("ceasefire", {"since": "2024-02-01", "until": "2024-02-29"}),
    ("title:gaza", {}),
    ('title:"oil prices" OR source:reuters', {}),
    ("rafah -lebanon", {}),
    ("rafah", {"sort": "newest"}),
    ("market", {"sort": "oldest", "limit": 7, "page": 2}),
    ("*", {"since": "2024-03-01", "limit": 20}),
    ("oil", {"limit": 7, "page": 3}),
    ("gaza OR rafah", {"facets": ["source", "month", "year", "author"]}),
    ("oil prices market", {"match": "any"}),
    ("the minister said", {"match": "any", "limit": 15}),
    ("oper*", {}),
    ("rafha~", {}),
    ("rafha", {}),  # did you mean: from the words of every index
    ("exports", {"sample": 5, "seed": 3}),
    ("aid", {"collapse": False}),
    ("*", {"limit": 500}),  # every article: the near copies folded into their originals
]


def _same(a: dict, b: dict) -> None:
    a, b = dict(a), dict(b)
    a.pop("took_ms", None)
    b.pop("took_ms", None)
    assert a == b


@pytest.fixture(scope="module")
def pair(split_indexes):
    whole, parts = split_indexes
    return NewsIndex.open(whole), NewsIndex.open(parts)


@pytest.mark.parametrize("query,options", SEARCHES)
def test_a_search_over_three_indexes_is_the_search_of_one_index_holding_them_all(pair, query, options):
    whole, several = pair
    expected = whole.search(query, **options)
    assert expected.total > 0 or query == "rafha"
    _same(several.search(query, **options).to_dict(), expected.to_dict())


def test_the_folded_near_copies_and_scores_are_really_there(pair):
    """The comparison above is not vacuous: hits are scored, near copies folded, pages differ."""
    whole, several = pair
    listing = several.search("*", limit=500)
    assert len(listing.hits) == listing.total - 3 and sum(h.copies for h in listing.hits) == 3
    scores = [h.score for h in several.search("oil").hits]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 5
    assert several.search("rafha").did_you_mean == whole.search("rafha").did_you_mean == "rafah"


def test_exports_timelines_terms_stats_and_articles_equal_one_index(pair):
    whole, several = pair
    total, hits = several.export("oil", since="2024-02")
    expected_total, expected = whole.export("oil", since="2024-02")
    assert total == expected_total and [h.to_dict() for h in hits] == [h.to_dict() for h in expected]
    assert several.timeline(["oil", "gold"], by="week").to_dict() == whole.timeline(["oil", "gold"], by="week").to_dict()
    assert several.terms("ceasefire").to_dict() == whole.terms("ceasefire").to_dict()
    ours, theirs = several.stats().to_dict(), whole.stats().to_dict()
    for key in ("articles", "date_range", "undated", "sources"):
        assert ours[key] == theirs[key]
    assert [p["articles"] for p in ours["indexes"]] == [140, 150, ours["articles"] - 290]
    assert ours["index"] == [str(p) for p in several.paths]
    for article_id in ("syn-3", "syn-200", "syn-399", "copy-1"):  # one from each index
        assert several.get(article_id) == whole.get(article_id)
        assert several.copies(article_id).to_dict() == whole.copies(article_id).to_dict()
        _same(several.similar(article_id).to_dict(), whole.similar(article_id).to_dict())
    assert several.vocabulary() == whole.vocabulary()


def test_the_same_folder_twice_is_read_once(split_indexes):
    _, parts = split_indexes
    twice = NewsIndex.open([parts[0], parts[1], parts[0], parts[0] / ".." / parts[0].name])
    assert twice.paths == [parts[0], parts[1]]
    assert twice.stats().articles == NewsIndex.open(parts[:2]).stats().articles == 290
    assert NewsIndex.open([parts[2], parts[2]]).stats().to_dict() == NewsIndex.open(parts[2]).stats().to_dict()


def _index(path, articles):
    ix = NewsIndex.open(path, create=True)
    ix.add_articles(articles)
    return path


def test_an_id_in_two_indexes_is_one_article_the_first_ones(tmp_path):
    """The same story indexed into two yearly indexes (a re-dated story, an overlapping dump):
    shown once, counted once, from the first index listed; `show` finds it whichever holds it."""
    first = _index(tmp_path / "a", [
        {"id": "story", "title": "Grain deal signed", "body": "Ministers signed the grain deal in Ankara.",
         "date": "2024-01-05", "source": "AP"},
        {"id": "only-a", "title": "Grain prices", "body": "Grain prices fell.", "date": "2024-01-06"}])
    second = _index(tmp_path / "b", [
        {"id": "story", "title": "Grain deal signed, corrected", "body": "Ministers signed the grain deal in Istanbul.",
         "date": "2025-01-05", "source": "Reuters"},
        {"id": "only-b", "title": "Grain harvest", "body": "The grain harvest was late.", "date": "2025-01-07"}])
    both = NewsIndex.open([first, second])
    found = both.search("grain")
    assert found.total == 3 and sorted(h.id for h in found.hits) == ["only-a", "only-b", "story"]
    assert both.search("istanbul").total == 0  # the second copy is not searched
    assert both.get("story")["body"].endswith("Ankara.")
    assert both.get("only-b")["title"] == "Grain harvest"  # found in whichever index holds it
    assert both.search("grain", facets=["source", "year"]).facets == {
        "source": {"(none)": 2, "AP": 1}, "year": {"2024": 2, "2025": 1}}
    assert [p.total for p in both.timeline("grain", by="year").periods] == [2, 1]
    stats = both.stats().to_dict()
    assert stats["articles"] == 3
    assert [(p["articles"], p["shadowed"]) for p in stats["indexes"]] == [(2, 0), (1, 1)]
    # the other order: the other copy
    assert NewsIndex.open([second, first]).get("story")["body"].endswith("Istanbul.")
    assert NewsIndex.open([second, first]).search("istanbul").total == 1
    # each index alone still has its own copy: hiding is the combined view's, never written
    assert NewsIndex.open(second).search("istanbul").total == 1


def test_a_combined_view_sees_each_index_commit(tmp_path):
    first = _index(tmp_path / "a", [{"id": "a1", "title": "Copper", "body": "Copper rose.", "date": "2024-01-01"}])
    second = _index(tmp_path / "b", [{"id": "b1", "title": "Copper", "body": "Copper fell.", "date": "2025-01-01"}])
    both = NewsIndex.open([first, second])
    assert both.search("copper").total == 2
    NewsIndex.open(second).add_articles([{"id": "b2", "title": "Copper again", "body": "Copper rose again."}])
    assert both.search("copper").total == 3
    NewsIndex.open(first).add_articles([{"id": "b2", "title": "Copper, the first word", "body": "Zinc too."}])
    assert both.search("copper").total == 3 and both.search("zinc").total == 1
    assert both.stats().to_dict()["indexes"][1]["shadowed"] == 1


def test_side_files_combine_words_for_wildcards_and_suggestions(tmp_path):
    first = _index(tmp_path / "a", [{"id": "a1", "title": "Negotiations", "body": "The negotiators met."}])
    second = _index(tmp_path / "b", [{"id": "b1", "title": "Negotiating", "body": "Negotiating went on."}])
    both = NewsIndex.open([first, second])
    assert both.search("negotiat*").total == 2
    assert {"negotiators", "negotiating"} <= set(both.vocabulary())
    assert both.search("negotiatign").did_you_mean == "negotiating"


def test_near_copies_fold_within_an_index_not_across_two(tmp_path):
    """Clusters are found when an index is built: copies of a story that sit in two different
    indexes are two hits (documented), copies within one index fold."""
    body = " ".join(synthetic_articles(1, seed=3)[0]["body"].split() * 3)
    story = {"title": "Oil output cut", "body": body, "date": "2024-02-01"}
    first = _index(tmp_path / "a", [dict(story, id="a1"), dict(story, id="a2", title="Oil output cut (2)")])
    second = _index(tmp_path / "b", [dict(story, id="b1")])
    hits = NewsIndex.open([first, second]).search('"oil output"').hits
    assert sorted((h.id, h.copies) for h in hits) == [("a1", 1), ("b1", 0)]


def test_errors_name_the_folder_at_fault(tmp_path, monkeypatch):
    from newssearch.text import analysis

    good = _index(tmp_path / "good", synthetic_articles(5))
    with pytest.raises(IndexMissingError, match="no index at .*missing") as err:
        NewsIndex.open([good, tmp_path / "missing"])
    assert err.value.path == str(tmp_path / "missing") and err.value.missing
    monkeypatch.setattr(analysis, "VERSION", analysis.VERSION + 1)
    old = _index(tmp_path / "old", synthetic_articles(5))  # made by "another version"
    monkeypatch.undo()
    with pytest.raises(IndexMissingError, match="built by an older newssearch") as err:
        NewsIndex.open([good, old])
    assert err.value.path == str(old) and err.value.outdated
    with pytest.raises(InputError, match="`path` must name at least one index"):
        NewsIndex.open([])


def test_several_indexes_are_read_only(tmp_path):
    first = _index(tmp_path / "a", synthetic_articles(3))
    second = _index(tmp_path / "b", synthetic_articles(3, seed=2))
    both = NewsIndex.open([first, second])
    for write in (lambda: both.add_articles([{"title": "x", "body": "y"}]), lambda: both.index_paths([first])):
        with pytest.raises(InputError, match="`path` names 2 indexes .*written to one index") as err:
            write()
        assert err.value.params == ("path",)
    with pytest.raises(InputError, match="written to one index"):
        NewsIndex.open([first, second], create=True)
    with pytest.raises(NotFoundError):
        both.get("nowhere")
    assert NewsIndex.open(first).stats().articles == 3  # nothing was written
