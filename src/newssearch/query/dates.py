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


def parse_point(text: str, now: datetime | None = None) -> Period:
    """The period a single date names (a year, a month, a day)."""
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
    from ..text.dates import parse_date_line

    human = parse_date_line(text)  # "14 February 2024", "Feb 14, 2024"
    if human is not None:
        d = human.value.date()
        return Period(_midnight(d), _midnight(d) + timedelta(days=1))
    raise QueryError(
        f"cannot read the date {raw.strip()!r}: use YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday "
        "or a relative form such as 7d, 2w, 3m, 1y"
    )


def parse_date_expr(text: str, now: datetime | None = None) -> Period:
    """What follows `date:` in a query: a point, a comparison, or a range."""
    text = text.strip()
    if not text:
        raise QueryError("date: needs a value, for example date:2024-02-14 or date:>=2024-02-01")
    m = _RANGE_RE.match(text)
    if m:
        lo, hi = m.group(1), m.group(2)
        start = None if lo == "*" else parse_point(lo, now).start
        end = None if hi == "*" else parse_point(hi, now).end
        if text[0] == "{" and lo != "*":
            start = parse_point(lo, now).end
        if text[-1] == "}" and hi != "*":
            end = parse_point(hi, now).start
        period = Period(start, end)
        if period.empty:
            raise QueryError(f"empty date range {text!r}: the start is after the end")
        return period
    if text[0] in "[{":
        raise QueryError(f"cannot read the date range {text!r}: write it as [2024-02-01 TO 2024-02-29]")
    m = _CMP_RE.match(text)
    if m:
        op, value = m.group(1), m.group(2)
        p = parse_point(value, now)
        return {
            ">=": Period(p.start, None), ">": Period(p.end, None),
            "<": Period(None, p.start), "<=": Period(None, p.end), "=": p,
        }[op]
    return parse_point(text, now)


def since_until(since: str | None, until: str | None, now: datetime | None = None) -> Period:
    """since A (from the start of A) and until B (through the end of B), both inclusive."""
    start = parse_point(since, now).start if since else None
    end = parse_point(until, now).end if until else None
    period = Period(start, end)
    if period.empty:
        raise QueryError(f"`since` {since} is after `until` {until}", params=("since", "until"))
    return period
