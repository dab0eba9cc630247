from datetime import datetime, timezone

import pytest

from newssearch.text.dates import parse_article_date, parse_date_line


@pytest.mark.parametrize("line,expected,date_only", [
    ("Wed Feb 14 2024", datetime(2024, 2, 14, tzinfo=timezone.utc), True),
    ("14 February 2024", datetime(2024, 2, 14, tzinfo=timezone.utc), True),
    ("Feb 14, 2024 10:32 AM", datetime(2024, 2, 14, 10, 32, tzinfo=timezone.utc), False),
    ("2024-02-14", datetime(2024, 2, 14, tzinfo=timezone.utc), True),
    ("Updated: Feb 14, 2024", datetime(2024, 2, 14, tzinfo=timezone.utc), True),
    ("2024-02-14 10:00 EST", datetime(2024, 2, 14, 15, 0, tzinfo=timezone.utc), False),
])
def test_date_lines_in_common_human_forms(line, expected, date_only):
    parsed = parse_date_line(line)
    assert parsed is not None
    assert parsed.value == expected
    assert parsed.date_only is date_only


@pytest.mark.parametrize("line", [
    "The meeting was held on Feb 14 2024 in Cairo.",  # a body sentence that contains a date
    "February",  # no year: not a date line
    "May 2024",  # no day
    "GAZA CITY: Negotiations aimed at halting the conflict",
    "2024 was a year of elections",
    "",
])
def test_body_lines_are_never_taken_for_date_lines(line):
    assert parse_date_line(line) is None


def test_record_dates_are_stored_in_utc():
    d = parse_article_date("2024-03-01T23:30:00-05:00")
    assert d.value == datetime(2024, 3, 2, 4, 30, tzinfo=timezone.utc)
    assert not d.date_only
    assert d.display() == "2024-03-02T04:30:00Z"


def test_date_only_stays_date_only_in_display():
    assert parse_article_date("2024-02-13").display() == "2024-02-13"
    assert parse_article_date("1987-02-26T15:01:01Z").display() == "1987-02-26T15:01:01Z"


def test_epoch_and_rfc2822_dates():
    assert parse_article_date(1707900000).value == datetime(2024, 2, 14, 8, 40, tzinfo=timezone.utc)
    assert parse_article_date(1707900000000).value.year == 2024
    assert parse_article_date("Tue, 13 Feb 2024 08:00:00 -0500").value.hour == 13


def test_unreadable_and_impossible_dates_give_none():
    assert parse_article_date("not a date") is None
    assert parse_article_date("1987-02-30") is None
    assert parse_article_date("") is None


def test_dates_in_other_languages_are_given_up_after_a_column_of_prose_and_retried_next_run():
    """dateparser is slow on text that is not a date: a run stops trying it once it has failed
    far more often than it has read, and the next run tries again."""
    from newssearch.text import dates

    dates.new_run()
    for n in range(dates._FOREIGN_GIVE_UP + 2):
        assert parse_article_date(f"written in 2018 by staff member number {n}") is None
    assert parse_article_date("27. Mai 2018") is None  # given up: reported as an unreadable date
    dates.new_run()
    assert parse_article_date("27. Mai 2018").display() == "2018-05-27"


@pytest.mark.parametrize("text,shown", [("05/06/70", "1970-05-06"), ("05/06/2030", "2030-05-06"),
                                        ("12/31/2099 10:00", "2099-12-31T10:00:00Z"), ("31.12.99", "1999-12-31")])
def test_two_digit_years_are_the_past_centurys_and_four_digit_years_are_kept(text, shown):
    assert parse_article_date(text).display() == shown
