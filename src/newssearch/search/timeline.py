"""Attention over time: how many articles matched each query per day, week or month, out of how
many articles the archive has for that period. Counts are the hits `query` returns for the period
(same compiler, same filters); empty periods are zeros, not gaps; undated articles are left out
(and counted as such)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ..engine.datefilter import MISSING
from ..errors import QueryError
from ..search.facets import long_to_datetime
from ..query.dates import since_until
from ..search.core import SearchOptions, all_matches, compile_query
from ..engine.columns import ColumnView

BY = ("day", "week", "month", "year")


def period_start(d: date, by: str) -> date:
    if by == "day":
        return d
    if by == "week":
        return d - timedelta(days=d.weekday())  # ISO weeks start on Monday
    if by == "month":
        return d.replace(day=1)
    return d.replace(month=1, day=1)


def next_period(d: date, by: str) -> date:
    return d + {"day": relativedelta(days=1), "week": relativedelta(weeks=1),
                "month": relativedelta(months=1), "year": relativedelta(years=1)}[by]


def choose_by(first: date, last: date) -> str:
    """About 10 to 100 periods: days up to three months, weeks up to two years, then months."""
    span = (last - first).days
    if span <= 92:
        return "day"
    if span <= 730:
        return "week"
    if span <= 365 * 12:
        return "month"
    return "year"


@dataclass
class Period:
    """One day, week, month or year; the first and last are clipped to the requested window."""

    start: date
    end: date  # exclusive
    total: int
    counts: list[int]

    def shares(self) -> list[float]:
        return [c / self.total if self.total else 0.0 for c in self.counts]


@dataclass
class Timeline:
    queries: list[str]
    by: str
    periods: list[Period] = field(default_factory=list)
    undated: int = 0

    def to_dict(self) -> dict:
        return {
            "queries": self.queries,
            "by": self.by,
            "undated_articles": self.undated,
            "periods": [{
                "start": p.start.isoformat(), "end": (p.end - timedelta(days=1)).isoformat(),
                "articles": p.total,
                "counts": dict(zip(self.queries, p.counts)),
                "shares": {q: round(s, 6) for q, s in zip(self.queries, p.shares())},
            } for p in self.periods],
        }


def _days(reader, docnums: list[int]) -> tuple[Counter, int]:
    col = ColumnView(reader, "date")
    days: Counter = Counter()
    undated = 0
    for d in docnums:
        v = col[d]
        if v == MISSING:
            undated += 1
        else:
            days[long_to_datetime(v).date()] += 1
    return days, undated


def build_timeline(searcher, queries: list[str], options: SearchOptions, vocabulary,
                   by: str | None = None) -> Timeline:
    if not queries:
        raise QueryError("timeline needs at least one query")
    if by is not None and by not in BY:
        raise QueryError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    reader = searcher.reader()
    base, _ = compile_query("*", options, vocabulary)  # the filters alone: all articles
    all_days, undated = _days(reader, all_matches(searcher, base))
    per_query = []
    for text in queries:
        q, _ = compile_query(text, options, vocabulary)
        per_query.append(_days(reader, all_matches(searcher, q))[0])
    first = min(all_days) if all_days else None
    last = max(all_days) if all_days else None
    span = since_until(options.since, options.until, options.now)
    if span.start is not None:
        first = span.start.date()
    if span.end is not None:
        last = (span.end - timedelta(days=1)).date()
    if first is None or last is None or first > last:
        return Timeline(list(queries), by or "day", [], undated)
    by = by or choose_by(first, last)
    periods = []
    start = period_start(first, by)
    while start <= last:
        end = next_period(start, by)
        lo, hi = max(start, first), min(end, last + timedelta(days=1))
        days = [lo + timedelta(days=i) for i in range((hi - lo).days)]
        periods.append(Period(lo, hi, sum(all_days[d] for d in days),
                              [sum(c[d] for d in days) for c in per_query]))
        start = end
    return Timeline(list(queries), by, periods, undated)
