"""The best k from block-max bounds (engine/topk.py) are exactly the best k of scoring every match:
same articles, same order, same scores, same totals, on an index of several segments with deleted
documents and posting lists of many blocks."""

from __future__ import annotations

import random

import pytest

from newssearch import NewsIndex
from newssearch.engine import topk
from newssearch.search.core import Query
from newssearch.search.options import SearchOptions

from helpers import synthetic_articles

QUERIES = [
    "rafah", "oil", "oil prices", "oil OR gold", "oil OR gold OR bank", "bank japan", "title:oil",
    "oil -gold", "said", '"oil prices"', "oil date:[2024-01-10 TO 2024-02-20]", "gold rafah said",
    "body:oil", "source:reuters oil", "(oil OR crude) exports -dollar",
]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """2,400 articles over four commits, then a few updated (deleted documents): common words
    have posting lists of many 128-posting blocks in each segment."""
    arts = synthetic_articles(n=2400, seed=5)
    ix = NewsIndex.open(tmp_path_factory.mktemp("topk") / "ix", create=True)
    for i in range(0, 2400, 600):
        ix.add_articles(arts[i:i + 600])
    ix.add_articles([dict(a, body=a["body"] + " Oil prices rose in Rafah.") for a in arts[::23]])
    return ix


def _page(ix: NewsIndex, text: str, **kw):
    res = ix.search(text, snippets=0, **kw)
    return res.total, [(h.id, h.score) for h in res.hits]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("limit,page", [(1, 1), (10, 1), (10, 3), (60, 1)])
def test_the_same_page_as_scoring_every_match(big, monkeypatch, text, limit, page):
    monkeypatch.setattr(topk, "SMALL", 10**12)  # every match scored: the reference
    expected = _page(big, text, limit=limit, page=page)
    monkeypatch.setattr(topk, "SMALL", 0)  # bounds used whatever the number of matches
    assert _page(big, text, limit=limit, page=page) == expected
    assert expected[0] > 0


@pytest.fixture(scope="module")
def skewed(tmp_path_factory):
    """As in real news: a word once in most of the articles that have it, many times in a few,
    in a few titles; the rest of the text from a wide vocabulary."""
    rnd = random.Random(3)
    filler = [f"w{i}x" for i in range(3000)]
    arts = []
    for i in range(3000):
        words = rnd.choices(filler, k=rnd.randint(40, 200))
        if rnd.random() < 0.7:
            tf = 1 if rnd.random() < 0.8 else rnd.randint(2, 9)
            for _ in range(tf):
                words.insert(rnd.randrange(len(words) + 1), "oil")
        title = " ".join(rnd.choices(filler, k=5) + (["oil"] if rnd.random() < 0.03 else []))
        arts.append({"id": f"sk-{i}", "title": title, "body": " ".join(words), "date": "2024-01-01"})
    ix = NewsIndex.open(tmp_path_factory.mktemp("skewed") / "ix", create=True)
    ix.add_articles(arts[:1500])
    ix.add_articles(arts[1500:])
    return ix


def test_bounds_leave_most_matches_unscored(skewed, monkeypatch):
    """A common word's best 10 come from far fewer documents than its matches (else the bounds
    would be doing nothing), and they are the same best 10."""
    monkeypatch.setattr(topk, "SMALL", 10**12)
    expected = _page(skewed, "oil", limit=10)
    monkeypatch.setattr(topk, "SMALL", 0)
    assert _page(skewed, "oil", limit=10) == expected
    plan = Query("oil", SearchOptions(), skewed.vocabulary).plan
    matched = scored = 0
    for part in skewed._index.snapshot().segments(plan):
        matched += len(part.docs)
        scored += len(part.candidates(10))
    assert matched > 1500 and scored < matched / 4


def test_near_copies_folded_the_same(big, monkeypatch):
    """Folding near copies asks for ever deeper pages of candidates (ranking._collapsed)."""
    monkeypatch.setattr(topk, "SMALL", 10**12)
    expected = big.search("oil prices", limit=20, snippets=0)
    monkeypatch.setattr(topk, "SMALL", 0)
    got = big.search("oil prices", limit=20, snippets=0)
    assert [(h.id, h.score, h.copies) for h in got.hits] == [(h.id, h.score, h.copies) for h in expected.hits]


FILLER = " ".join(f"w{i}" for i in range(58))


def _both(ix: NewsIndex, monkeypatch, text: str, **kw):
    monkeypatch.setattr(topk, "SMALL", 10**12)
    expected = _page(ix, text, collapse=False, **kw)
    monkeypatch.setattr(topk, "SMALL", 0)
    return _page(ix, text, collapse=False, **kw), expected


@pytest.fixture(scope="module")
def filter_ix(tmp_path_factory):
    """Matches that only a filter part of an Or holds, before the only block of the word (a
    reviewer's find: they were never candidates, and the page lost its best hits)."""
    arts = [{"id": f"a{i:05d}", "title": "note", "body": "plain", "date": "2023-06-01"} for i in range(420)]
    arts += [{"id": f"b{i:05d}", "title": "market", "body": f"gold oil {FILLER}", "date": "2024-06-01"}
             for i in range(80)]
    ix = NewsIndex.open(tmp_path_factory.mktemp("filter") / "ix", create=True)
    ix.add_articles(arts)
    return ix


@pytest.mark.parametrize("text", ["oil OR NOT gold", "oil OR -gold", "oil OR date:2023", "oil OR *"])
def test_an_or_with_a_filter_part(filter_ix, monkeypatch, text):
    got, expected = _both(filter_ix, monkeypatch, text, limit=5)
    assert got == expected


@pytest.fixture(scope="module")
def phrase_ix(tmp_path_factory):
    arts = [{"id": f"a{i:05d}", "title": "rates", "body": "interest rates rose again", "date": "2024-01-01"}
            for i in range(100)]
    arts += [{"id": f"b{i:05d}", "title": "market", "body": "oil market words here", "date": "2024-01-01"}
             for i in range(400)]
    ix = NewsIndex.open(tmp_path_factory.mktemp("phrase") / "ix", create=True)
    ix.add_articles(arts)
    return ix


def test_an_or_with_a_phrase_part(phrase_ix, monkeypatch):
    got, expected = _both(phrase_ix, monkeypatch, 'oil OR "interest rates"', limit=3)
    assert got == expected and expected[1][0][0].startswith("a")
