"""Facets: counts per source, author, month or year over ALL the articles a query matches.

Read from columns (source, authors, date), so counting 5,000 hits does not load 5,000 documents.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from ..engine.datefilter import MISSING
from ..errors import QueryError
from ..engine.columns import ColumnView

FACETS = ("source", "author", "month", "year")
_EPOCH = datetime(1, 1, 1)


def long_to_datetime(value: int) -> datetime:
    """The inverse of Whoosh's datetime_to_long (microseconds since 0001-01-01)."""
    return _EPOCH + timedelta(microseconds=value)


def check(names: list[str]) -> list[str]:
    for name in names:
        if name not in FACETS:
            raise QueryError(f"unknown facet {name!r}: facets are {', '.join(FACETS)}")
    return list(dict.fromkeys(names))


def facet_counts(reader, docnums: list[int], name: str) -> dict[str, int]:
    """{value: count} for one facet; sources and authors by count, months and years in order."""
    counts: Counter = Counter()
    if name in ("month", "year"):
        col = ColumnView(reader, "date")
        width = 7 if name == "month" else 4
        for d in docnums:
            v = col[d]
            counts["(undated)" if v == MISSING else long_to_datetime(v).isoformat()[:width]] += 1
        undated = counts.pop("(undated)", 0)
        out = dict(sorted(counts.items()))
        if undated:
            out["(undated)"] = undated
        return out
    if name == "source":
        col = ColumnView(reader, "facet_source")
        for d in docnums:
            counts[col[d].decode("utf-8") or "(none)"] += 1
    else:
        col = ColumnView(reader, "facet_authors")
        for d in docnums:
            raw = col[d].decode("utf-8")
            for author in (raw.split("\x1f") if raw else ["(none)"]):
                counts[author] += 1
    return dict(counts.most_common())
