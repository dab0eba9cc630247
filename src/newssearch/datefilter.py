"""Date filtering from the per-segment date column, exact and fast.

Whoosh's own DateRange expands into many numeric terms per query (hundreds of ms on Reuters). Here
each segment's date column is read once into a sorted array (cached on the reader) and a range
becomes two binary searches. A document without a date holds MISSING in the column (Whoosh stores
the largest number), which is also why a plain date sort would put undated articles first.
"""

from __future__ import annotations

import bisect
from array import array
from datetime import datetime

from whoosh import matching
from whoosh import query as wq

MISSING = 2**64 - 1  # what Whoosh's DATETIME column holds for a document without a date
_CACHE_ATTR = "_newssearch_dates"


def _sorted_dates(reader) -> tuple[array, array]:
    """(values, docnums) of dated live documents of one reader, sorted by value; cached."""
    cached = getattr(reader, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    pairs = []
    if reader.doc_count_all() and reader.has_column("date"):
        col = reader.column_reader("date", translate=False)
        is_deleted = reader.is_deleted if reader.has_deletions() else None
        for docnum, value in enumerate(col):
            if value != MISSING and not (is_deleted and is_deleted(docnum)):
                pairs.append((value, docnum))
    pairs.sort()
    result = (array("Q", (v for v, _ in pairs)), array("q", (d for _, d in pairs)))
    try:
        setattr(reader, _CACHE_ATTR, result)
    except AttributeError:
        pass
    return result


class DateIn(wq.Query):
    """Documents whose date is in [start, end) (naive UTC; None is an open end). Undated: never."""

    def __init__(self, start: datetime | None, end: datetime | None):
        self.start = start
        self.end = end
        self.fieldname = "date"
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"DateIn({self.start!r}, {self.end!r})"

    def __eq__(self, other) -> bool:
        return type(other) is DateIn and (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((DateIn, self.start, self.end))

    def is_leaf(self) -> bool:
        return True

    def children(self):
        return []

    def terms(self, phrases: bool = False):
        return iter(())

    def estimate_size(self, ixreader) -> int:
        return len(self._docnums(ixreader))

    def _bounds(self, field) -> tuple[int, int]:
        lo = 0 if self.start is None else field.to_column_value(self.start)
        hi = MISSING if self.end is None else field.to_column_value(self.end)
        return lo, hi

    def _docnums(self, reader) -> list[int]:
        values, docnums = _sorted_dates(reader)
        lo, hi = self._bounds(reader.schema["date"])
        i = bisect.bisect_left(values, lo)
        j = bisect.bisect_left(values, hi)
        return sorted(docnums[i:j])

    def matcher(self, searcher, context=None):
        ids = self._docnums(searcher.reader())
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, all_weights=self.boost)
