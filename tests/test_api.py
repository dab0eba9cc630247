"""The Python API's edges (issue 15): dates as date and datetime objects, wrong types and values a
clear QueryError naming the call's own parameter, and every public method documented with what
it raises."""

from __future__ import annotations

import inspect
from datetime import date, datetime, timedelta, timezone

import pytest

from newssearch import NewsIndex, NotFoundError, QueryError


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    """Articles one a day from 2024-02-10 to 2024-02-19, and one late on 14 Feb in New York."""
    ix = NewsIndex.open(tmp_path_factory.mktemp("api") / "ix", create=True)
    topics = ["tankers in Rotterdam", "OPEC quotas", "refinery outages", "Brent futures", "shale drilling",
              "pipeline tariffs", "Saudi output", "strategic reserves", "jet fuel demand", "winter heating"]
    ix.add_articles([{"id": f"d{day}", "title": f"Oil report {day}: {topic}", "date": f"2024-02-{day}",
                      "body": f"Crude oil prices moved on {topic}; gold was steady on day {day}."}
                     for day, topic in zip(range(10, 20), topics)]
                    + [{"id": "ny", "title": "Late gold note", "body": "Gold rose late in New York.",
                        "date": "2024-02-14T23:30:00-05:00"}])  # 2024-02-15 in UTC
    return ix


def ids(result) -> set[str]:
    return {h.id for h in result.hits}


def test_since_and_until_take_dates_and_datetimes_as_well_as_text(ix):
    # the issue: since=datetime.date(...) raised a raw AttributeError
    as_text = ids(ix.search("oil", since="2024-02-12", until="2024-02-14", limit=50))
    assert as_text == {"d12", "d13", "d14"}
    assert ids(ix.search("oil", since=date(2024, 2, 12), until=date(2024, 2, 14), limit=50)) == as_text
    assert ids(ix.search("oil", since=datetime(2024, 2, 12, 18), until=datetime(2024, 2, 14, 1), limit=50)) == as_text
    # an aware datetime names its day in UTC: 23:30 in New York on the 14th is the 15th
    evening = datetime(2024, 2, 14, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert ids(ix.search("gold", since=evening, until=evening, limit=50)) == {"d15", "ny"}
    total, hits = ix.export("oil", since=date(2024, 2, 18))
    assert total == 2 and {h.id for h in hits} == {"d18", "d19"}
    assert ix.terms("oil", since=date(2024, 2, 18)).total == 2
    timeline = ix.timeline("oil", since=date(2024, 2, 18), until=date(2024, 2, 19), by="day")
    assert [p.counts for p in timeline.periods] == [[1], [1]]


@pytest.mark.parametrize("value", [20240214, 2024.5, True, ["2024-02-14"], b"2024-02-14"])
def test_a_date_of_another_type_is_an_error_naming_the_parameter(ix, value):
    for name in ("since", "until"):
        with pytest.raises(QueryError, match=f"`{name}` must be a date") as bad:
            ix.search("oil", **{name: value})
        assert bad.value.params == (name,)


def test_an_unreadable_date_says_which_parameter_it_came_from(ix):
    with pytest.raises(QueryError, match="`until`: cannot read the date 'soonish'") as bad:
        ix.search("oil", until="soonish")
    assert "until" in bad.value.params
    with pytest.raises(QueryError, match="`since` 2024-02-16 is after `until` 2024-02-12"):
        ix.search("oil", since=date(2024, 2, 16), until="2024-02-12")


NUMBERS = [  # (call, parameter, values that must be refused)
    ("search", "limit", [0, -1, True, "10", 2.5, None]),
    ("search", "page", [0, -3, False, "2", 1.0]),
    ("search", "snippets", [-1, True, "2", 0.5]),
    ("search", "sample", [0, -1, True, "5", 2.0]),
    ("search", "fragment_chars", [0, -10, True, "160"]),
    ("search", "seed", [True, "7", 1.5, None]),
    ("terms", "top", [0, -1, True, "20", 3.0, None]),
    ("similar", "limit", [0, -1, True, "10"]),
    ("similar", "snippets", [-1, False, "1"]),
]


@pytest.mark.parametrize("call,name,values", NUMBERS, ids=[f"{c}-{n}" for c, n, _ in NUMBERS])
def test_wrong_numbers_are_clear_errors_naming_the_parameter(ix, call, name, values):
    first = "d10" if call == "similar" else "oil"
    for value in values:
        with pytest.raises(QueryError) as bad:
            getattr(ix, call)(first, **{name: value})
        message = str(bad.value)
        assert bad.value.params == (name,) and f"`{name}`" in message, (value, message)
        assert "--" not in message  # the library's own words, not the CLI's flags


def test_right_numbers_of_other_integer_types_are_taken(ix):
    numpy = pytest.importorskip("numpy")
    assert ix.search("oil", limit=numpy.int64(3)).limit == 3


@pytest.mark.parametrize("options,name", [
    ({"sort": 1}, "sort"), ({"sort": "best"}, "sort"), ({"match": None}, "match"), ({"match": "some"}, "match"),
    ({"facets": ["colour"]}, "facets"), ({"facets": [1]}, "facets"), ({"sources": [5]}, "sources"),
    ({"sources": 5}, "sources"), ({"strict": "yes"}, "strict"), ({"collapse": 0}, "collapse"),
    ({"now": "2024-02-14"}, "now"), ({"date_order": "ymd"}, "date_order"), ({"date_order": 1}, "date_order"),
])
def test_wrong_options_are_clear_errors_naming_the_parameter(ix, options, name):
    with pytest.raises(QueryError) as bad:
        ix.search("oil", **options)
    assert bad.value.params == (name,) and f"`{name}`" in str(bad.value) or "facet" in str(bad.value)


def test_a_single_source_or_facet_may_be_given_as_text(ix):
    assert ix.search("oil", facets="month").facets == {"month": {"2024-02": 10}}


def test_the_query_and_the_article_id_must_be_text(ix):
    for call, name in ((ix.search, "query"), (ix.terms, "query"), (ix.get, "article_id"),
                       (ix.copies, "article_id"), (ix.similar, "article_id")):
        with pytest.raises(QueryError) as bad:
            call(42)
        assert bad.value.params == (name,) and f"`{name}` must be text" in str(bad.value)
    with pytest.raises(QueryError) as bad:
        ix.timeline(["oil", None])
    assert bad.value.params == ("queries",)
    with pytest.raises(NotFoundError) as missing:
        ix.get("x" * 5000)
    assert len(str(missing.value)) < 150  # an unknown id is quoted, not echoed whole


def test_timeline_periods_are_checked_and_bounded(ix):
    with pytest.raises(QueryError, match="`by` must be one of day, week, month, year") as bad:
        ix.timeline("oil", by="fortnight")
    assert bad.value.params == ("by",)
    with pytest.raises(QueryError, match="periods") as bad:
        ix.timeline("oil", since="0001", until="9999", by="day")
    assert "by" in bad.value.params
    whole = ix.timeline("oil", since="0001", until="9999")  # by year: 9,999 periods, quickly
    assert whole.by == "year" and sum(p.counts[0] for p in whole.periods) == 10
    with pytest.raises(QueryError, match="at least one query"):
        ix.timeline([])


def test_dates_at_the_ends_of_the_calendar_are_answers_not_crashes(ix):
    assert ix.search("oil date:9999").total == 0
    assert ix.search("oil date:9999-12").total == 0 and ix.search("oil date:9999-12-31").total == 0
    assert ix.search("oil date:>9999-12-31").total == 0  # never everything
    assert ix.search("oil", until="9999-12-31").total == 10
    assert ix.search("oil date:0001").total == 0
    for bad in ("oil date:-9999999999d", "oil date:<=-" + "9" * 5000 + "y", "oil date:0000"):
        with pytest.raises(QueryError):
            ix.search(bad)


PUBLIC = [name for name, member in vars(NewsIndex).items()
          if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, (classmethod, staticmethod)))]


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_method_is_documented_with_what_it_raises(name):
    doc = inspect.getdoc(getattr(NewsIndex, name)) or ""
    assert len(doc) > 40 and "Raises" in doc, name


def test_an_overlong_query_is_refused_even_when_lenient(ix):
    for strict in (True, False):
        with pytest.raises(QueryError, match="characters long"):
            ix.search("oil " * 6000, strict=strict)


def test_aware_datetimes_whose_utc_day_leaves_the_calendar_are_query_errors(tmp_path):
    from datetime import datetime, timedelta, timezone

    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": "a", "title": "Oil", "body": "oil", "date": "2024-01-02"}])
    late = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
    with pytest.raises(QueryError, match="`since`") as caught:
        ix.search("oil", since=late)
    assert caught.value.params == ("since",)
    with pytest.raises(QueryError, match="`until`"):
        ix.timeline("oil", until=early)
