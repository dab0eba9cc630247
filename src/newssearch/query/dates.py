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

from ..errors import QueryError

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


def _day(d: date) -> Period:
    return Period(_midnight(d), _midnight(d) + timedelta(days=1))


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
            f"the date {text!r} can be read two ways: {dmy.value:%d %B %Y} (day first) or "
            f"{mdy.value:%d %B %Y} (month first); write it as YYYY-MM-DD, or give `date_order` dmy or mdy",
            params=("date_order",))
    found = parse_article_date(text, day_first=(order if seen == "ambiguous" else seen) == "dmy")
    if found is None:
        raise QueryError(f"invalid date {text!r}")
    return _day(found.value.date())


def parse_point(text: str, now: datetime | None = None, order: str | None = None) -> Period:
    """The period a single date names (a year, a month, a day). `order`: "dmy" or "mdy", for a
    numeric date that does not show which number is the day."""
    raw = text
    text = text.strip()
    low = text.lower()
    if low == "today":
        d = _today(now)
        return Period(_midnight(d), _midnight(d) + timedelta(days=1))
    if low == "yesterday":
        d = _today(now) - timedelta(days=1)
        return Period(_midnight(d), _midnight(d) + timedelta(days=1))
    m = _REL_RE.match(low)
    if m:
        n, unit = int(m.group(1)), m.group(2)[0]
        from dateutil.relativedelta import relativedelta  # (imported when needed: start-up time)

        delta = {"d": relativedelta(days=n), "w": relativedelta(weeks=n),
                 "m": relativedelta(months=n), "y": relativedelta(years=n)}[unit]
        d = _today(now) - delta
        return Period(_midnight(d), _midnight(d) + timedelta(days=1))
    m = _ISO_RE.match(text)
    if m:
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            if month is None:
                return Period(datetime(year, 1, 1), datetime(year + 1, 1, 1))
            start = datetime(year, int(month), int(day) if day else 1)
        except ValueError as exc:
            raise QueryError(f"invalid date {raw.strip()!r}: {exc}") from None
        if day is None:
            from dateutil.relativedelta import relativedelta

            return Period(start, start + relativedelta(months=1))
        return Period(start, start + timedelta(days=1))
    numeric = _numeric_day(text, order)
    if numeric is not None:
        return numeric
    from ..text.dates import parse_date_line

    human = parse_date_line(text)  # "14 February 2024", "Feb 14, 2024"
    if human is not None:
        d = human.value.date()
        return Period(_midnight(d), _midnight(d) + timedelta(days=1))
    raise QueryError(
        f"cannot read the date {raw.strip()!r}: use YYYY, YYYY-MM, YYYY-MM-DD, 14 February 2024, today, "
        "yesterday or a relative form such as 7d, 2w, 3m, 1y"
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
            raise QueryError(f"empty date range {text!r}: the start is after the end")
        return period
    if text[0] in "[{":
        raise QueryError(f"cannot read the date range {text!r}: write it as [2024-02-01 TO 2024-02-29]")
    m = _CMP_RE.match(text)
    if m:
        op, value = m.group(1), m.group(2)
        p = parse_point(value, now, order)
        return {
            ">=": Period(p.start, None), ">": Period(p.end, None),
            "<": Period(None, p.start), "<=": Period(None, p.end), "=": p,
        }[op]
    return parse_point(text, now, order)


def since_until(since: str | None, until: str | None, now: datetime | None = None,
                order: str | None = None) -> Period:
    """since A (from the start of A) and until B (through the end of B), both inclusive."""
    start = parse_point(since, now, order).start if since else None
    end = parse_point(until, now, order).end if until else None
    period = Period(start, end)
    if period.empty:
        raise QueryError(f"`since` {since} is after `until` {until}", params=("since", "until"))
    return period
