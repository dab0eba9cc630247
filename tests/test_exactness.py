"""Exactness against a brute-force scan: a phrase or a date range returns exactly the articles that
contain the phrase or fall in the range, no more, no fewer. On a synthetic corpus always, and on the
Reuters corpus when ../shared is present."""

from __future__ import annotations

import gzip
import json
import random
from datetime import datetime, timedelta

import pytest

from newssearch.ingest.records import to_article
from newssearch.model import RawRecord
from newssearch.text.analysis import terms
from newssearch.text.dates import parse_article_date

from helpers import REUTERS, VOCAB, requires_reuters


def all_ids(ix, query, **kw) -> set[str]:
    res = ix.search(query, limit=100_000, snippets=0, collapse=False, **kw)
    got = {h.id for h in res.hits}
    assert res.total == len(got), f"total {res.total} but {len(got)} hits for {query!r}"
    return got


class Scan:
    """The brute-force side: cleaned articles, tokenised with the same analysis, scanned linearly.
    Token sequences are kept as space-joined strings so a phrase test is a substring test. Default
    search covers the title, the dateline and the body."""

    def __init__(self, articles):
        self.docs = []
        for a in articles:
            t = terms(a.title) if not a.title_derived else []
            b, d = terms(a.body), terms(a.dateline)
            self.docs.append((a.id, " " + " ".join(t) + " ", " " + " ".join(b) + " ",
                              a.date.naive_utc if a.date else None, a.source, b, " " + " ".join(d) + " "))

    def phrase(self, words: list[str]) -> set[str]:
        needle = " " + " ".join(words) + " "
        return {d[0] for d in self.docs if needle in d[1] or needle in d[2] or needle in d[6]}

    def dated(self, start, end) -> set[str]:
        return {d[0] for d in self.docs
                if d[3] is not None and (start is None or d[3] >= start) and (end is None or d[3] < end)}

    def random_phrase(self, rnd, length) -> list[str]:
        while True:
            body = rnd.choice(self.docs)[5]
            if len(body) >= length:
                k = rnd.randrange(len(body) - length + 1)
                return body[k:k + length]


def check_phrases(ix, scan, rnd, n):
    for _ in range(n):
        words = scan.random_phrase(rnd, rnd.choice([2, 2, 3, 4]))
        query = '"' + " ".join(words) + '"'
        assert all_ids(ix, query) == scan.phrase(words), query


def check_date_windows(ix, scan, rnd, n, lo: datetime, hi: datetime, comparisons: int = 5):
    span_days = (hi - lo).days
    for k in range(n):
        a = lo + timedelta(days=rnd.randrange(span_days))
        b = a + timedelta(days=rnd.randrange(0, 20))
        start, end = a, b + timedelta(days=1)
        expected = scan.dated(start, end)
        q = f"date:[{a.date()} TO {b.date()}]"
        assert all_ids(ix, q) == expected, q
        assert all_ids(ix, "*", since=str(a.date()), until=str(b.date())) == expected
        if k >= comparisons:
            continue
        # comparison forms
        assert all_ids(ix, f"date:>={a.date()}") == scan.dated(a, None)
        assert all_ids(ix, f"date:<{a.date()}") == scan.dated(None, a)
        assert all_ids(ix, f"date:>{a.date()}") == scan.dated(a + timedelta(days=1), None)


def test_synthetic_phrases_match_a_scan(synthetic_index):
    ix, records = synthetic_index
    scan = Scan([to_article(RawRecord(r, "<t>", "api")) for r in records])
    rnd = random.Random(1)
    check_phrases(ix, scan, rnd, 60)
    # a stock-Whoosh trap: with stop words removed "bank of japan" also matches "bank in japan"
    assert all_ids(ix, '"bank of japan"') == scan.phrase(["bank", "of", "japan"])
    assert all_ids(ix, '"bank in japan"') == scan.phrase(["bank", "in", "japan"])


def test_synthetic_date_windows_match_a_scan(synthetic_index):
    ix, records = synthetic_index
    scan = Scan([to_article(RawRecord(r, "<t>", "api")) for r in records])
    check_date_windows(ix, scan, random.Random(2), 25, datetime(2023, 12, 25), datetime(2024, 4, 5))
    for month in ("2024-01", "2024-02", "2024-03"):
        start = datetime.fromisoformat(month + "-01")
        end = (start + timedelta(days=32)).replace(day=1)
        assert all_ids(ix, f"date:{month}") == scan.dated(start, end)


def test_synthetic_phrase_with_date_and_source_filter(synthetic_index):
    ix, records = synthetic_index
    scan = Scan([to_article(RawRecord(r, "<t>", "api")) for r in records])
    start, end = datetime(2024, 2, 1), datetime(2024, 3, 1)
    with_phrase = scan.phrase(terms("oil prices"))
    expected = {d[0] for d in scan.docs
                if d[0] in with_phrase and d[3] is not None and start <= d[3] < end and d[4] == "Reuters"}
    assert all_ids(ix, '"oil prices" date:2024-02', sources=["reuters"]) == expected


@pytest.fixture(scope="module")
def reuters_scan():
    if not REUTERS.exists():
        pytest.skip(f"Reuters corpus not found at {REUTERS}")
    arts = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            art = to_article(RawRecord(json.loads(line), f"{REUTERS}#{n}", "json"))
            if not hasattr(art, "reason"):
                arts.append(art)
    return Scan(arts)


@requires_reuters()
def test_reuters_random_phrases_match_a_scan(reuters_index, reuters_scan):
    check_phrases(reuters_index, reuters_scan, random.Random(3), 40)
    for q in ["bank of japan", "oil prices", "said it", "the dollar"]:
        assert all_ids(reuters_index, f'"{q}"') == reuters_scan.phrase(terms(q)), q


@requires_reuters()
def test_reuters_random_date_windows_match_a_scan(reuters_index, reuters_scan):
    check_date_windows(reuters_index, reuters_scan, random.Random(4), 15,
                       datetime(1987, 2, 20), datetime(1987, 10, 25), comparisons=2)


@requires_reuters()
def test_reuters_title_body_query_with_date_range_counts_exactly(reuters_index, reuters_scan):
    # The brief's trap: len(results) of a limited Whoosh search undercounted such a query.
    start, end = datetime(1987, 3, 1), datetime(1987, 4, 1)
    oil = terms("oil")[0]
    expected = {d[0] for d in reuters_scan.docs
                if (f" {oil} " in d[1] or f" {oil} " in d[2]) and d[3] and start <= d[3] < end}
    res = reuters_index.search("oil date:1987-03", limit=10)
    assert res.total == len(expected) and len(res.hits) == 10
    assert all_ids(reuters_index, "oil date:1987-03") == expected


def test_parse_article_date_is_what_the_scan_uses():
    # guard: the scan and the index agree on what a record's date is
    assert parse_article_date("1987-02-26T15:01:01Z").naive_utc == datetime(1987, 2, 26, 15, 1, 1)


def test_synthetic_proximity_matches_a_scan(synthetic_index):
    ix, records = synthetic_index
    scan = Scan([to_article(RawRecord(r, "<t>", "api")) for r in records])
    rnd = random.Random(5)
    for _ in range(25):
        a, b = terms(rnd.choice(VOCAB))[0], terms(rnd.choice(VOCAB))[0]
        slop = rnd.randint(1, 4)

        def near(tokens):  # naive: some a followed by b with at most `slop` words between
            return any(tokens[i] == a and tokens[j] == b
                       for i in range(len(tokens)) for j in range(i + 1, min(len(tokens), i + slop + 2)))

        expected = {d[0] for d in scan.docs if near(d[1].split()) or near(d[5])}
        assert all_ids(ix, f'"{a} {b}"~{slop}') == expected, (a, b, slop)
