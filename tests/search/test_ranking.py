"""Ranked any-word queries: what they match, how they score, what they show."""

from __future__ import annotations

import math

import pytest

from newssearch import NewsIndex
from newssearch.errors import QueryError

from helpers import whoosh_searcher

ARTICLES = [
    {"id": "truce", "title": "Truce talks resume in Cairo", "body": "Negotiators met in Cairo to discuss a truce in Gaza.",
     "date": "2024-02-10"},
    {"id": "strikes", "title": "Air strikes in Lebanon", "body": "Israel launched air strikes in southern Lebanon.",
     "date": "2024-02-12"},
    {"id": "both", "title": "Gaza truce and Lebanon strikes", "body": "The truce talks went on as strikes hit Lebanon.",
     "date": "2024-02-20"},
    {"id": "grain", "title": "Grain exports up", "body": "Wheat exports rose in the week to Friday.", "date": "2024-02-14"},
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    index = NewsIndex.open(tmp_path_factory.mktemp("rank") / "ix", create=True)
    index.add_articles(ARTICLES)
    return index


def ids(result):
    return [h.id for h in result.hits]


def test_any_ranks_every_article_with_some_of_the_words(ix):
    assert ix.search("truce lebanon").total == 1  # all: every word
    res = ix.search("truce lebanon", match="any")
    assert res.total == 3 and ids(res)[0] == "both" and set(ids(res)) == {"truce", "strikes", "both"}


def test_phrases_exclusions_and_dates_keep_their_meaning_in_any(ix):
    assert set(ids(ix.search('"air strikes" truce', match="any"))) == {"truce", "strikes", "both"}
    assert set(ids(ix.search('"air strikes" exports', match="any"))) == {"strikes", "grain"}  # not "both"
    assert set(ids(ix.search("truce strikes -lebanon", match="any"))) == {"truce"}
    assert set(ids(ix.search("truce strikes date:>=2024-02-11", match="any"))) == {"strikes", "both"}
    assert set(ids(ix.search("truce OR grain AND wheat", match="any"))) == {"truce", "both", "grain"}


def test_function_words_do_not_match_or_rank_in_any_but_phrases_keep_them(ix):
    res = ix.search("the truce in gaza", match="any")
    assert set(ids(res)) == {"truce", "both"}  # "the", "in" would match every article
    assert ix.search("the", match="any").total == 2  # nothing else to search for: searched as typed
    assert ix.search('"in the week"', match="any").total == 1
    hit = ix.search("the truce", match="any").hits[0]
    assert all(hit.title[a:b].lower() != "the" for a, b in hit.title_highlights)


def test_when_no_article_has_every_word_the_result_says_how_many_have_some(ix):
    res = ix.search("truce wheat")
    assert res.total == 0 and res.relaxed_hint == {"match": "any", "total": 3}
    assert res.to_dict()["relaxed_hint"] == {"match": "any", "total": 3}
    assert ix.search("truce").relaxed_hint is None and ix.search("zzz qqq").relaxed_hint is None
    with pytest.raises(QueryError, match="`match` must be all or any"):
        ix.search("truce", match="some")


def test_a_pasted_text_without_a_match_gives_no_relaxed_count(ix, monkeypatch):
    """Past RELAXED_WORDS distinct words the query is a pasted text: counting the articles with some
    of its words cost 30 s at a million articles (nearly all of them), so no hint is given."""
    from newssearch.search import core

    calls = []
    monkeypatch.setattr(core, "_relaxed", lambda *a: calls.append(a) or {"match": "any", "total": 1})
    ix.search("truce wheat")
    assert len(calls) == 1
    pasted = "truce wheat " + " ".join(f"w{i}x" for i in range(core.RELAXED_WORDS))
    res = ix.search(pasted)
    assert res.total == 0 and res.relaxed_hint is None and len(calls) == 1


def test_idf_is_lucenes_bm25_idf(ix):
    searcher = whoosh_searcher(ix)
    n, total = searcher.doc_frequency("body", "truce"), searcher.doc_count()
    assert n == 2 and total == 4
    assert ix._snapshot().idf("body", "truce") == pytest.approx(math.log(1 + (total - n + 0.5) / (n + 0.5)))
    assert ix._snapshot().idf("body", "in") < 0.4 < ix._snapshot().idf("body", "truce")  # in three of four


def test_ranked_snippets_show_the_rarest_words(tmp_path):
    common = "Officials said the market was calm. " * 6
    body = common + "\n\n" + "Later a rare zeppelin sighting was reported by officials."
    index = NewsIndex.open(tmp_path / "ix", create=True)
    index.add_articles([{"id": "z", "title": "Calm day", "body": body}] +
                       [{"id": f"o{i}", "title": f"Day {i}", "body": f"Officials said so on day {i}."} for i in range(8)])
    [snippet] = index.search("officials zeppelin", match="any", snippets=1).hits[0].snippets
    assert "zeppelin" in snippet.text


def test_any_keeps_the_logic_of_groups_with_filters(ix):
    assert set(ids(ix.search("lebanon (date:2024-02-12 OR date:2024-02-20)", match="any"))) == {"strikes", "both"}
    assert set(ids(ix.search("grain OR (truce -lebanon)", match="any"))) == {"grain", "truce"}
    assert set(ids(ix.search("grain (truce -lebanon)", match="any"))) == {"grain", "truce"}  # a group, not the query
    assert "both" not in ids(ix.search("grain -lebanon", match="any"))  # the query's own exclusion stays required


def test_abbreviations_stay_whole_and_possessives_lose_their_s(tmp_path):
    index = NewsIndex.open(tmp_path / "ix", create=True)
    index.add_articles([{"id": "att", "title": "AT&T deal", "body": "AT&T agreed a merger."},
                        {"id": "us", "title": "U.S. rates", "body": "The U.S. central bank met."},
                        {"id": "feisal", "title": "King", "body": "Prince Feisal ruled."}])
    assert ids(index.search("AT&T", match="any")) == ["att"]
    assert ids(index.search("U.S.", match="any")) == ["us"]
    assert ids(index.search("Feisal's reform", match="any")) == ["feisal"]
    assert ids(index.search("U.S.'s bank", match="any"))[0] == "us" and ids(index.search("AT&T's", match="any")) == ["att"]


def test_pages_sorted_by_date_equal_a_brute_force_sort_across_segments(tmp_path):
    """Sorted by date, the top k is found from the date keys first and ids are read only at the
    k-th date: pages must still equal a full sort (newest or oldest first, undated last, ties by
    id), across several segments, with many articles sharing a day."""
    import random

    rnd = random.Random(4)
    index = NewsIndex.open(tmp_path / "ix", create=True)
    arts = []
    for batch in range(4):  # one commit each: four segments
        chunk = [{"id": f"d{batch}-{i:03d}", "title": f"Storm report {rnd.choice(['east', 'west'])}",
                  "body": f"Storm {rnd.choice(['winds', 'rain', 'snow'])} {i} {batch}.",
                  **({"date": f"2024-03-0{rnd.randint(1, 4)}"} if rnd.random() < 0.8 else {})}
                 for i in range(60)]
        index.add_articles(chunk)
        arts += chunk
    for query, words in (("storm", ()), ("rain", ("rain",)), ("east", ("east",))):
        found = [a for a in arts if all(w in (a["title"] + " " + a["body"]).lower() for w in words)]
        for sort in ("newest", "oldest"):
            dated = sorted((a for a in found if "date" in a), key=lambda a: a["id"])
            dated.sort(key=lambda a: a["date"], reverse=sort == "newest")
            expected = [a["id"] for a in dated] + sorted(a["id"] for a in found if "date" not in a)
            got = []
            for page in range(1, 100):
                res = index.search(query, sort=sort, limit=7, page=page, collapse=False, snippets=0)
                assert res.total == len(found)
                if not res.hits:
                    break
                got += ids(res)
            assert got == expected, (query, sort)
