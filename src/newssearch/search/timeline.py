"""Attention over time: how many articles matched each query per day, week or month, out of how
many articles the archive has for that period. Counts are the hits `query` returns for the period
(same compiler, same filters); empty periods are zeros, not gaps; undated articles are left out
(and counted as such)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import date, timedelta
from itertools import accumulate
from typing import Callable, Iterable

from dateutil.relativedelta import relativedelta

from ..engine import UNDATED, Snapshot, column_datetime
from ..errors import QueryError
from ..query.dates import since_until
from ..results import Timeline, TimelinePeriod
from .core import Query, Vocabulary
from .options import BY, SearchOptions, choice, names

MAX_PERIODS = 100_000  # a timeline by day of three centuries; what is longer is a mistake
DAYS = {"day": 1, "week": 7, "month": 28, "year": 365}  # (at least) the days of a period


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


def _counter(days: Counter) -> Callable[[date, date], int]:
    """A function counting the articles of `days` dated in [lo, hi): a bisection per period,
    whatever the length of the period."""
    keys = sorted(days)
    totals = list(accumulate((days[k] for k in keys), initial=0))
    return lambda lo, hi: totals[bisect_left(keys, hi)] - totals[bisect_left(keys, lo)]


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


def build_timeline(snapshot: Snapshot, queries: Iterable[str] | str, options: SearchOptions, vocabulary: Vocabulary,
                   by: str | None = None) -> Timeline:
    options.check()
    queries = names(queries, "queries")
    if not queries:
        raise QueryError("a timeline needs at least one query", params=("queries",))
    by = choice(by, "by", BY, optional=True)
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
    last = min(last, date.max - timedelta(days=1))  # (periods end on the day after: one must exist)
    by = by or choose_by(first, last)
    about = (last - first).days // DAYS[by] + 1
    if about > MAX_PERIODS:
        raise QueryError(f"a timeline by {by} from {first} to {last} has about {about:,} periods, at most "
                         f"{MAX_PERIODS:,}: give `by` a longer period or narrow `since` and `until`",
                         params=("by", "since", "until"))
    count_all, counts = _counter(all_days), [_counter(c) for c in per_query]
    periods = []
    start = period_start(first, by)
    while start <= last:
        try:
            end = next_period(start, by)
        except (OverflowError, ValueError):  # the calendar's last period
            end = date.max
        lo, hi = max(start, first), min(end, last + timedelta(days=1))
        periods.append(TimelinePeriod(lo, hi, count_all(lo, hi), [c(lo, hi) for c in counts]))
        start = end
    return Timeline(list(queries), by, periods, undated)
