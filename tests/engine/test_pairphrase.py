"""Phrases of common words answered from the pair fields (engine/pairphrase.py): exactly the
articles a brute-force scan finds, with the scores the words' own path gives, and the pair fields
never visible to a user; an index without pairs is never read through them."""

from __future__ import annotations

import random

import pytest

from newssearch import NewsIndex
from newssearch.engine import pairphrase
from newssearch.errors import IndexMissingError, QueryError
from newssearch.ingest.records import to_article
from newssearch.model import RawRecord
from newssearch.text import commongrams
from newssearch.text.analysis import terms
from test_exactness import Scan, all_ids

from helpers import synthetic_articles

EDGES = [
    # at the start and at the end of a field
    {"id": "start", "title": "Quarterly results", "body": "The company said profits rose. Shares gained."},
    {"id": "end", "title": "Outlook", "body": "Profits will rise this year, said the company"},
    # a word repeated: "the the", three times over, and a pair that repeats in one text
    {"id": "stutter", "title": "Typo", "body": "He wrote the the the report of the of the bank."},
    # common words next to punctuation: positions are word numbers, punctuation is not a word
    {"id": "punct", "title": "Quotes", "body": "\"Profits,\" the company said; (of the) bank - said: it."},
    # in the title only, and in the body only
    {"id": "title", "title": "The company said it would grow", "body": "Growth plans for next year."},
    {"id": "body", "title": "Plans", "body": "In a statement the company said it would grow."},
    # a phrase across the end of the title and the start of the body must not match
    {"id": "across", "title": "Banks and the", "body": "company said nothing about rates."},
    # CJK: the runs are pairs of characters, next to common words
    {"id": "cjk", "title": "北京大学 of the year", "body": "The 北京大学 said the 東京 of the 北京 market."},
    {"id": "rare", "title": "Gold", "body": "Gold prices rose in quiet trade."},
]

PHRASES = [
    "the company said", "said the company", "the company", "company said", "the the", "the the the",
    "of the", "of the bank", "the of the", "profits the company said", "said it", "said it would",
    "the company said it would grow", "of the company", "and the company", "the year", "of the year",
    "the 北京大学", "北京大学 of the", "the 北京大学 said", "the 東京 of the 北京", "said the 東京",
    "in a statement", "in quiet trade", "rose in", "gold prices",
    # of the synthetic articles' words
    "bank of japan", "in the", "said on a", "the central rate", "of the oil", "a for",
]


@pytest.fixture(scope="module")
def edge_index(tmp_path_factory):
    records = EDGES + synthetic_articles(n=150, seed=11)
    ix = NewsIndex.open(tmp_path_factory.mktemp("pairs") / "ix", create=True)
    ix.add_articles(records)
    return ix, Scan([to_article(RawRecord(r, "<t>", "api")) for r in records])


@pytest.fixture
def pair_calls(monkeypatch):
    """How many phrases were answered from pairs."""
    calls = []
    real = pairphrase.pair_phrase

    def spy(q, seg, parts, only=None):
        calls.append((q.fieldname, tuple(q.words), parts))
        return real(q, seg, parts, only)

    monkeypatch.setattr(pairphrase, "pair_phrase", spy)
    return calls


def test_common_word_phrases_match_a_scan(edge_index, pair_calls):
    ix, scan = edge_index
    for phrase in PHRASES:
        words = terms(phrase)
        assert all_ids(ix, f'"{phrase}"') == scan.phrase(words), phrase
    # the edge cases are found, and only where they are
    assert all_ids(ix, '"the company said"') >= {"start", "punct", "title", "body"}
    assert "end" in all_ids(ix, '"said the company"')
    assert "across" not in all_ids(ix, '"and the company said"') and "across" not in all_ids(ix, '"the company"')
    assert all_ids(ix, 'title:"the company said"') == {"title"}
    assert {"stutter"} <= all_ids(ix, '"the the the"') and "stutter" in all_ids(ix, '"the of the"')
    assert all_ids(ix, '"the 北京大学 said"') == {"cjk"}
    # they were answered from pairs (a phrase of rare words, or with slop, was not)
    fields = {(f, words) for f, words, _ in pair_calls}
    assert ("body", ("the", "compani", "said")) in fields and ("title", ("the", "compani", "said")) in fields
    assert not any(words == ("gold", "price") for _, words, _ in pair_calls)
    before = len(pair_calls)
    assert "start" in all_ids(ix, '"the said"~1')
    assert len(pair_calls) == before


def test_random_phrases_with_common_words_match_a_scan(edge_index, pair_calls):
    ix, scan = edge_index
    rnd = random.Random(16)
    common = commongrams.common_terms()
    checked = 0
    while checked < 80:
        words = scan.random_phrase(rnd, rnd.choice([2, 3, 4, 5]))
        if not any(w in common for w in words):
            continue
        checked += 1
        assert all_ids(ix, '"' + " ".join(words) + '"') == scan.phrase(words), words
    assert len(pair_calls) >= 80


def test_scores_and_ranking_are_those_of_the_words(edge_index, monkeypatch):
    """A phrase is scored from its words' postings whichever way it was found: the same hits in
    the same order with the same scores, bit for bit."""
    ix, _ = edge_index

    def ranked():
        return {p: [(h.id, h.score) for h in ix.search(f'"{p}"', limit=200, snippets=0).hits] for p in PHRASES}

    from_pairs = ranked()
    monkeypatch.setattr(pairphrase, "units", lambda q, seg: None)  # the words' own path
    from_words = ranked()
    assert from_pairs == from_words
    assert sum(len(v) for v in from_pairs.values()) > 60


def test_pair_fields_are_invisible(edge_index):
    ix, _ = edge_index
    with pytest.raises(QueryError) as err:
        ix.search("body_pairs:the")
    assert "_pairs" not in str(err.value).replace("body_pairs", "")  # not among the fields it lists
    assert not any("\x1f" in w or "pairs" in w for w in ix.vocabulary())
    found = ix.terms('"the company said"', top=50)
    assert found.terms and not any("\x1f" in t.term for t in found.terms)
    hits = ix.search('"the company said"', limit=5, snippets=2).hits
    assert hits and all("\x1f" not in s for h in hits for s in map(str, h.snippets))
    assert set(ix.get("start")) >= {"title", "body"} and not any("pairs" in k for k in ix.get("start"))


def test_an_index_keeps_the_common_terms_it_was_built_with(tmp_path, monkeypatch):
    """An index built with other common terms is queried with its own: a phrase never asks for
    a pair the index did not make (here "the" was not common, so "the company" has no pair)."""
    records = EDGES + synthetic_articles(n=60, seed=12)
    monkeypatch.setattr(commongrams, "common_terms", lambda: frozenset({"gaza", "compani"}))
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles(records)
    monkeypatch.undo()
    ix = NewsIndex.open(tmp_path / "ix")
    scan = Scan([to_article(RawRecord(r, "<t>", "api")) for r in records])
    for phrase in ("the company said", "of the", "the the", "gaza ceasefire", "the gaza", "said the company"):
        assert all_ids(ix, f'"{phrase}"') == scan.phrase(terms(phrase)), phrase


def test_an_index_without_pairs_must_be_rebuilt(tmp_path):
    """An index of the previous analysis version (no pair fields) says to rebuild; the rebuild
    gives one that finds common-word phrases exactly."""
    from newssearch.cli.app import message
    from newssearch.engine.documents import article_document
    from newssearch.engine.schema import PAIR_FIELDS, build_schema
    from newssearch.engine.store import MappedStorage
    from newssearch.engine.write.segmentwriter import FastSegmentWriter

    schema = build_schema()
    for name in PAIR_FIELDS.values():
        schema.remove(name)
    for name in schema.names():
        if hasattr(schema[name].analyzer, "version"):
            schema[name].analyzer.version = 2
    folder = tmp_path / "ix"
    folder.mkdir()
    ix = MappedStorage(str(folder)).create_index(schema)
    w = FastSegmentWriter(ix, compound=False)
    for n, rec in enumerate(EDGES):
        doc = article_document(to_article(RawRecord(rec, f"t#{n}", "api")), f"h{n}", f"b{n}", "")
        for name in PAIR_FIELDS.values():
            doc.pop(name)
        w.add_document(**doc)
    w.commit()
    with pytest.raises(IndexMissingError, match="built by an older newssearch") as err:
        NewsIndex.open(folder)
    assert err.value.outdated and "--rebuild" in message(err.value)
    NewsIndex.open(folder, upgrade=True).add_articles(EDGES, rebuild=True)
    rebuilt = NewsIndex.open(folder)
    scan = Scan([to_article(RawRecord(r, "<t>", "api")) for r in EDGES])
    assert all_ids(rebuilt, '"the company said"') == scan.phrase(terms("the company said"))


def test_pairs_survive_merges_and_deletions(tmp_path):
    """Segments merged by Whoosh's own writer carry their pairs over; a replaced article's old
    pairs do not match."""
    from whoosh.filedb.filestore import FileStorage

    records = EDGES + synthetic_articles(n=60, seed=13)
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles(records[:30])
    ix.add_articles(records[30:])
    changed = dict(EDGES[0], body="Nothing of that kind.")
    ix.add_articles([changed])
    FileStorage(str(tmp_path / "ix")).open_index(indexname="MAIN").writer().commit(optimize=True)
    ix = NewsIndex.open(tmp_path / "ix")
    scan = Scan([to_article(RawRecord(r, "<t>", "api")) for r in [changed] + records[1:]])
    for phrase in ("the company said", "of that kind", "said the company", "of the", "bank of japan"):
        assert all_ids(ix, f'"{phrase}"') == scan.phrase(terms(phrase)), phrase
