from datetime import datetime, timezone

import pytest

from newssearch.errors import QueryError
from newssearch.query.dates import parse_date_expr, since_until

NOW = datetime(2024, 2, 20, 15, 0, tzinfo=timezone.utc)


def span(expr):
    p = parse_date_expr(expr, NOW)
    return p.start, p.end


def test_day_month_year_are_whole_periods():
    assert span("2024-02-14") == (datetime(2024, 2, 14), datetime(2024, 2, 15))
    assert span("2024-02") == (datetime(2024, 2, 1), datetime(2024, 3, 1))
    assert span("2024") == (datetime(2024, 1, 1), datetime(2025, 1, 1))


def test_iso_day_is_not_read_as_a_year():
    # Whoosh's stock DateParserPlugin turns 2024-02-01 into the whole of 2024.
    start, end = span("2024-02-01")
    assert (end - start).days == 1


def test_comparisons_use_whole_days():
    assert span(">=2024-02-01") == (datetime(2024, 2, 1), None)
    assert span(">2024-02-14") == (datetime(2024, 2, 15), None)
    assert span("<2024-03-01") == (None, datetime(2024, 3, 1))
    assert span("<=2024-02") == (None, datetime(2024, 3, 1))


def test_ranges_include_both_ends():
    assert span("[2024-02-01 TO 2024-02-29]") == (datetime(2024, 2, 1), datetime(2024, 3, 1))
    assert span("[2024-02 TO *]") == (datetime(2024, 2, 1), None)
    assert span("{2024-02-01 TO 2024-02-29}") == (datetime(2024, 2, 2), datetime(2024, 2, 29))


def test_relative_dates():
    assert span("today") == (datetime(2024, 2, 20), datetime(2024, 2, 21))
    assert span("yesterday") == (datetime(2024, 2, 19), datetime(2024, 2, 20))
    assert span(">=-7d") == (datetime(2024, 2, 13), None)
    assert since_until("7d", None, NOW).start == datetime(2024, 2, 13)
    assert since_until("1m", "yesterday", NOW).end == datetime(2024, 2, 20)


@pytest.mark.parametrize("bad", ["1987-02-30", "2024-13", "next tuesday", "[2024-03-01 TO 2024-02-01]", "[2024-01-01 2024-02-01]"])
def test_invalid_dates_are_errors_never_ignored(bad):
    with pytest.raises(QueryError):
        parse_date_expr(bad, NOW)


def test_since_after_until_is_an_error():
    with pytest.raises(QueryError, match="after"):
        since_until("2024-03-01", "2024-02-01", NOW)
