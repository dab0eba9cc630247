"""Attention over time: how many articles matched each query per day, week or month, out of how
many articles the archive has for that period. Counts are the hits `query` returns for the period
(same compiler, same filters); empty periods are zeros, not gaps; undated articles are left out
(and counted as such)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ..engine import UNDATED, Snapshot, column_datetime
from ..errors import QueryError
from ..query.dates import since_until
from ..results import Timeline, TimelinePeriod
from .core import Query, Vocabulary
from .options import BY, SearchOptions


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


def _days(snapshot: Snapshot, docnums: list[int]) -> tuple[Counter, int]:
    col = snapshot.column("date")
    days: Counter = Counter()
    undated = 0
    for d in docnums:
        v = col[d]
        if v == UNDATED:
            undated += 1
        else:
            days[column_datetime(v).date()] += 1
    return days, undated


def build_timeline(snapshot: Snapshot, queries: list[str], options: SearchOptions, vocabulary: Vocabulary,
                   by: str | None = None) -> Timeline:
    if not queries:
        raise QueryError("a timeline needs at least one query")
    if by is not None and by not in BY:
        raise QueryError(f"`by` must be one of {', '.join(BY)}, not {by!r}", params=("by",))
    everything = Query("*", options, vocabulary)  # the filters alone: all articles
    all_days, undated = _days(snapshot, snapshot.matching(everything.plan))
    per_query = [_days(snapshot, snapshot.matching(Query(text, options, vocabulary).plan))[0]
                 for text in queries]
    first = min(all_days) if all_days else None
    last = max(all_days) if all_days else None
    span = since_until(options.since, options.until, options.now, options.date_order)
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
        periods.append(TimelinePeriod(lo, hi, sum(all_days[d] for d in days),
                                      [sum(c[d] for d in days) for c in per_query]))
        start = end
    return Timeline(list(queries), by, periods, undated)
