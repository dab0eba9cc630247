"""The date grammar of queries and filters: exact, whole UTC days, and loud about what it cannot read.

A point names a period: `2024` (a year), `2024-02` (a month), `2024-02-14` (a day), `today`,
`yesterday`, or a relative day `-7d` / `7d` (days), `2w` (weeks), `3m` (months), `1y` (years) ago.
Comparisons use the whole period: `>=2024-02` is from 1 Feb, `>2024-02-14` is from 15 Feb,
`<=2024` is through 31 Dec 2024. A range `[A TO B]` includes both ends; `*` leaves an end open.
Every result is a half-open interval [start, end) of naive UTC datetimes, as the index stores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Union

from ..errors import QueryError, quoted

_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_REL_RE = re.compile(r"^-?(\d+)\s*(d|day|days|w|week|weeks|m|month|months|y|year|years)(?:\s+ago)?$")
_RANGE_RE = re.compile(r"^[\[{]\s*(\S+)\s+TO\s+(\S+)\s*[\]}]$", re.IGNORECASE)
_CMP_RE = re.compile(r"^(>=|<=|>|<|=)\s*(.+)$")


@dataclass(frozen=True)
class Period:
    """[start, end) in naive UTC; None is an open end."""

    start: datetime | None
    end: datetime | None

    @property
    def empty(self) -> bool:
        return self.start is not None and self.end is not None and self.start >= self.end


def _today(now: datetime | None) -> date:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).date()


def _midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _later(start: datetime, delta) -> datetime:
    """start + delta, or the calendar's last moment (for the last day, 9999-12-31)."""
    try:
        return start + delta
    except (OverflowError, ValueError):
        return datetime.max


def _day(d: date) -> Period:
    return Period(_midnight(d), _later(_midnight(d), timedelta(days=1)))


def _numeric_day(text: str, order: str | None) -> Period | None:
    """A numeric day/month date ("16.3.1987", "4/3/1987"): the day it names, read in the order
    its numbers decide or, when they cannot, in `order` ("dmy" or "mdy"); without an order an
    undecided date is an error that shows both readings. None: not such a date."""
    from ..text.dates import numeric_order, parse_article_date

    seen = numeric_order(text)
    if seen is None:
        return None
    if seen == "ambiguous" and order is None:
        dmy, mdy = parse_article_date(text, day_first=True), parse_article_date(text, day_first=False)
        if dmy is None or mdy is None:
            return None
        raise QueryError(
            f"the date {quoted(text, width=40)} can be read two ways: {dmy.value:%d %B %Y} (day first) or "
            f"{mdy.value:%d %B %Y} (month first); write it as YYYY-MM-DD, or give `date_order` dmy or mdy",
            params=("date_order",))
    found = parse_article_date(text, day_first=(order if seen == "ambiguous" else seen) == "dmy")
    if found is None:
        raise QueryError(f"invalid date {quoted(text, width=40)}")
    return _day(found.value.date())


def parse_point(text: str, now: datetime | None = None, order: str | None = None) -> Period:
    """The period a single date names (a year, a month, a day). `order`: "dmy" or "mdy", for a
    numeric date that does not show which number is the day."""
    raw = text
    text = text.strip()
    low = text.lower()
    if low == "today":
        return _day(_today(now))
    if low == "yesterday":
        return _day(_today(now) - timedelta(days=1))
    m = _REL_RE.match(low)
    if m:
        from dateutil.relativedelta import relativedelta  # (imported when needed: start-up time)

        n, unit = m.group(1), m.group(2)[0]
        try:
            if len(n) > 6:  # (a million days is already out of any calendar)
                raise OverflowError
            delta = {"d": relativedelta(days=int(n)), "w": relativedelta(weeks=int(n)),
                     "m": relativedelta(months=int(n)), "y": relativedelta(years=int(n))}[unit]
            d = _today(now) - delta
        except (OverflowError, ValueError):
            raise QueryError(f"the date {quoted(raw.strip(), width=40)} is before the year 1") from None
        return _day(d)
    m = _ISO_RE.match(text)
    if m:
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            start = datetime(year, int(month) if month else 1, int(day) if day else 1)
        except ValueError as exc:
            raise QueryError(f"invalid date {quoted(raw.strip(), width=40)}: {exc}") from None
        from dateutil.relativedelta import relativedelta

        return Period(start, _later(start, relativedelta(years=1) if month is None else
                                    relativedelta(months=1) if day is None else relativedelta(days=1)))
    numeric = _numeric_day(text, order)
    if numeric is not None:
        return numeric
    from ..text.dates import parse_date_line

    human = parse_date_line(text)  # "14 February 2024", "Feb 14, 2024"
    if human is not None:
        return _day(human.value.date())
    raise QueryError(
        f"cannot read the date {quoted(raw.strip(), width=40)}: use YYYY, YYYY-MM, YYYY-MM-DD, 14 February 2024, "
        "today, yesterday or a relative form such as 7d, 2w, 3m, 1y"
    )


def parse_date_expr(text: str, now: datetime | None = None, order: str | None = None) -> Period:
    """What follows `date:` in a query: a point, a comparison, or a range."""
    text = text.strip()
    if not text:
        raise QueryError("date: needs a value, for example date:2024-02-14 or date:>=2024-02-01")
    m = _RANGE_RE.match(text)
    if m:
        lo, hi = m.group(1), m.group(2)
        start = None if lo == "*" else parse_point(lo, now, order).start
        end = None if hi == "*" else parse_point(hi, now, order).end
        if text[0] == "{" and lo != "*":
            start = parse_point(lo, now, order).end
        if text[-1] == "}" and hi != "*":
            end = parse_point(hi, now, order).start
        period = Period(start, end)
        if period.empty:
            raise QueryError(f"empty date range {quoted(text, width=60)}: the start is after the end")
        return period
    if text[0] in "[{":
        raise QueryError(f"cannot read the date range {quoted(text, width=60)}: write it as [2024-02-01 TO 2024-02-29]")
    m = _CMP_RE.match(text)
    if m:
        op, value = m.group(1), m.group(2)
        p = parse_point(value, now, order)
        return {
            ">=": Period(p.start, None), ">": Period(p.end, None),
            "<": Period(None, p.start), "<=": Period(None, p.end), "=": p,
        }[op]
    return parse_point(text, now, order)


DateValue = Union[str, date, datetime, None]


def since_until(since: DateValue, until: DateValue, now: datetime | None = None,
                order: str | None = None) -> Period:
    """since A (from the start of A) and until B (through the end of B), both inclusive. Each is
    text in the date grammar, a `datetime.date`, or a `datetime.datetime`, which names its day
    (in UTC: an aware one is converted, a naive one is taken as UTC), as filters are whole days."""
    start = _filter_point(since, "since", now, order).start if _given(since) else None
    end = _filter_point(until, "until", now, order).end if _given(until) else None
    period = Period(start, end)
    if period.empty:
        raise QueryError(f"`since` {_shown(since)} is after `until` {_shown(until)}", params=("since", "until"))
    return period


def _given(value: DateValue) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _shown(value: DateValue) -> str:
    return value.isoformat() if isinstance(value, date) else quoted(str(value), width=40)[1:-1]


def _filter_point(value: DateValue, name: str, now: datetime | None, order: str | None) -> Period:
    """The period `since` or `until` names; errors name the parameter."""
    if isinstance(value, datetime):
        try:
            value = (value.astimezone(timezone.utc) if value.tzinfo else value).date()
        except OverflowError:  # its UTC day is outside years 1-9999
            raise QueryError(f"`{name}` {value.isoformat()} falls outside the years 1-9999 in UTC",
                             params=(name,)) from None
    if isinstance(value, date):
        return _day(value)
    if not isinstance(value, str):
        raise QueryError(f"`{name}` must be a date (datetime.date, datetime.datetime or text such as "
                         f"2024-02-14), not {type(value).__name__}", params=(name,))
    try:
        return parse_point(value, now, order)
    except QueryError as exc:
        raise QueryError(f"`{name}`: {exc}", params=(name,) + exc.params) from None
