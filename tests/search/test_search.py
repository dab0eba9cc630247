"""The Python API end to end on the fixture corpus and the seed."""

import threading

import pytest

from newssearch import NewsIndex
from newssearch.errors import IndexMissingError, NotFoundError, QueryError

from helpers import SEED


@pytest.fixture
def corpus_index(tmp_path, corpus_dir):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.index_paths([corpus_dir], field_map={"body": "story_text"})
    # the CSV needed the override; everything else maps itself
    return ix


def ids(result):
    return [h.id for h in result.hits]


def test_seed_query_finds_the_story_with_highlighted_snippets(seed_index):
    res = seed_index.search("Rafah ground operation")
    assert res.total == 1
    hit = res.hits[0]
    assert hit.title.startswith("Hamas Joins Gaza Truce Talks")
    assert hit.date.display() == "2024-02-14" and hit.dateline == "GAZA CITY"
    assert 1 <= len(hit.snippets) <= 2
    marked = {s.text[a:b].lower() for s in hit.snippets for a, b in s.highlights}
    assert marked <= {"rafah", "ground", "operation"} and "rafah" in marked


def test_phrase_snippets_mark_only_the_phrase(seed_index):
    [hit] = seed_index.search('"ground operation"').hits
    for snip in hit.snippets:
        assert [snip.text[a:b] for a, b in snip.highlights] == ["ground operation"]


def test_title_matches_are_highlighted_and_rank_first(corpus_index):
    res = corpus_index.search("rafah")
    assert ids(res)[0] == "wire-4"  # "Rafah" in the headline beats a body mention
    hit = res.hits[0]
    assert [hit.title[a:b] for a, b in hit.title_highlights] == ["Rafah"]


def test_mixed_formats_are_all_searchable(corpus_index):
    assert ids(corpus_index.search("pension reform")) == ["csv-1"]
    assert ids(corpus_index.search("elysee")) == ["csv-1"]  # accent folding
    assert ids(corpus_index.search("Valparaíso")) == ["arr-2"]
    assert corpus_index.search('"bank of japan"').total == 1
    assert corpus_index.search('"bank in japan"').total == 1
    assert corpus_index.search('"ceasefire talks"').total == 1


def test_fields_and_aliases(corpus_index):
    assert ids(corpus_index.search("source:reuters oil")) == ["wire-1"]
    assert ids(corpus_index.search("author:doe")) == ["wire-1"]
    assert ids(corpus_index.search('headline:"gold steady"')) == ["wire-2"]
    assert corpus_index.search("title:japan").total == 1
    assert corpus_index.search("body:japan").total == 1
    assert ids(corpus_index.search("dateline:doha")) == [h.id for h in corpus_index.search("doha").hits]
    assert ids(corpus_index.search("url:lemonde")) == ["csv-1"]


def test_boolean_wildcard_fuzzy(corpus_index):
    assert set(ids(corpus_index.search("gold OR oil"))) == {"wire-1", "wire-2"}
    assert ids(corpus_index.search("(gold OR oil) -dollar")) == ["wire-1"]
    assert ids(corpus_index.search("NOT reform pension")) == []
    assert ids(corpus_index.search("wildfir*")) == ["arr-2"]
    assert ids(corpus_index.search("portgal~")) == ["arr-1"]


def test_date_filters_are_whole_days_in_utc(corpus_index):
    # wire-4 is 2024-03-01T23:30-05:00 = 2024-03-02T04:30Z
    assert ids(corpus_index.search("rafah date:2024-03-02")) == ["wire-4"]
    assert ids(corpus_index.search("rafah date:2024-03-01")) == []
    res = corpus_index.search("*", since="2024-02-12", until="2024-02-13")
    assert set(ids(res)) == {"wire-1", "wire-2"}
    assert corpus_index.search("* date:>2024-02-12").total == corpus_index.search("* date:>=2024-02-13").total


def test_listing_is_newest_first_with_undated_last(corpus_index):
    res = corpus_index.search("*", limit=50)
    dates = [h.date.value for h in res.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    first_undated = next(i for i, h in enumerate(res.hits) if h.date is None)
    assert all(h.date is None for h in res.hits[first_undated:])
    oldest = corpus_index.search("*", sort="oldest", limit=50)
    assert oldest.hits[0].id == "arr-1" and oldest.hits[-1].date is None


def test_paging_and_exact_totals(corpus_index):
    everything = corpus_index.search("*", limit=100)
    pages = [h.id for p in (1, 2, 3) for h in corpus_index.search("*", limit=3, page=p).hits]
    assert pages == ids(everything)[:9]
    assert corpus_index.search("*", limit=3, page=2).total == everything.total


def test_source_filter(corpus_index):
    assert ids(corpus_index.search("*", sources=["agence france-presse"])) == ["wire-4"]
    assert corpus_index.search("*", sources="Reuters").total == 2


def test_get_returns_every_stored_field(corpus_index):
    art = corpus_index.get("wire-1")
    assert art["title"] == "Oil prices climb on supply fears"
    assert art["dateline"] == "LONDON (Reuters)" and art["authors"] == ["Jane Doe", "John Roe"]
    assert art["origin"].endswith("wire.jsonl#1") and art["date"] == "2024-02-12T08:15:00Z"
    with pytest.raises(NotFoundError, match="no article with id 'nope'"):
        corpus_index.get("nope")


def test_stats(corpus_index):
    st = corpus_index.stats()
    assert st.articles == 10
    assert st.sources["Reuters"] == 2
    assert st.first_date == "2024-01-15" and st.last_date.startswith("2024-03-02")


def test_strict_and_lenient_queries(corpus_index):
    with pytest.raises(QueryError):
        corpus_index.search('"ground operation')
    assert corpus_index.search('"ground operation', strict=False).total >= 1


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissingError, match="no index at"):
        NewsIndex.open(tmp_path / "none")


def test_one_index_searched_from_many_threads(corpus_index):
    expected = ids(corpus_index.search("rafah"))
    errors, results = [], []

    def work():
        try:
            for _ in range(20):
                results.append(ids(corpus_index.search("rafah")))
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 160 and all(r == expected for r in results)


def test_searching_sees_newly_indexed_articles(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.index_paths([SEED])
    assert ix.search("cocoa").total == 0
    ix.add_articles([{"id": "n1", "title": "Cocoa prices jump", "body": "Cocoa rose."}])
    assert ix.search("cocoa").total == 1


def test_segments_without_dates_or_authors_do_not_break_columns(tmp_path):
    """Whoosh's multi-segment column reader fails when a segment lacks a column file; ours not."""
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": "u1", "title": "Undated storm note", "body": "Storm warning issued."}])
    ix.add_articles([{"id": "d1", "title": "Dated storm report", "body": "Storm hit the coast.",
                      "date": "2024-02-10", "author": "Jane Doe"}])
    res = ix.search("storm", facets=["month", "author"], sort="newest")
    assert [h.id for h in res.hits] == ["d1", "u1"]
    assert res.facets == {"month": {"2024-02": 1, "(undated)": 1}, "author": {"Jane Doe": 1, "(none)": 1}}
    assert ix.stats().first_date == "2024-02-10" and ix.stats().undated == 1
    assert [p.counts for p in ix.timeline("storm").periods] == [[1]]


def test_errors_name_the_calls_own_parameters(corpus_index):
    with pytest.raises(QueryError, match="`limit` must be at least 1") as bad:
        corpus_index.search("oil", limit=0)
    assert bad.value.params == ("limit",) and "--" not in str(bad.value)
    with pytest.raises(QueryError, match="`since` 2024-03 is after `until` 2024-02"):
        corpus_index.search("oil", since="2024-03", until="2024-02")
    with pytest.raises(QueryError, match="unknown facet 'colour'"):
        corpus_index.search("oil", facets=["colour"])


def test_an_unknown_id_is_not_found_everywhere(corpus_index):
    for call in (corpus_index.get, corpus_index.copies, corpus_index.similar):
        with pytest.raises(NotFoundError) as missing:
            call("nope")
        assert missing.value.article_id == "nope" and isinstance(missing.value, LookupError)


def test_similar_checks_its_limit_like_a_search(corpus_index):
    for bad in (0, -1):
        with pytest.raises(QueryError, match="`limit` must be at least 1"):
            corpus_index.similar("wire-1", limit=bad)
