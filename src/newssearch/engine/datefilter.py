"""Date filtering from the per-segment date column, exact and fast.

Whoosh's own DateRange expands into many numeric terms per query, slow on any archive. Here
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

from .columns import numbers
from .readercache import cached

MISSING = 2**64 - 1  # what Whoosh's DATETIME column holds for a document without a date


def _sorted_dates(reader) -> tuple[array, array]:
    """(values, docnums) of dated live documents of one reader, sorted by value; cached."""
    return cached(reader, "sorted dates", lambda: _sort_dates(reader))


def _sort_dates(reader) -> tuple[array, array]:
    values, docnums = array("Q"), array("q")
    if reader.doc_count_all() and reader.has_column("date"):
        dates = _cached_dates(reader)
        is_deleted = reader.is_deleted if reader.has_deletions() else None
        order = sorted(range(len(dates)), key=dates.__getitem__)  # C-level keys: no tuples
        for docnum in order:
            value = dates[docnum]
            if value == MISSING:
                break  # the largest value: every later one is undated too
            if not (is_deleted and is_deleted(docnum)):
                values.append(value)
                docnums.append(docnum)
    return values, docnums


def _cached_dates(reader) -> array:
    return cached(reader, "dates", lambda: _all_dates(reader))


def _all_dates(reader) -> array:
    """Every document's date column value, read in one go where the codec allows it."""
    return numbers(_date_column(reader), reader.doc_count_all())


def _date_column(reader):
    return cached(reader, "date column", lambda: reader.column_reader("date", translate=False))


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

    def in_range(self, reader) -> array:
        """Docnums of the live documents in the range, in date order."""
        values, docnums = _sorted_dates(reader)
        lo, hi = self._bounds(reader.schema["date"])
        return docnums[bisect.bisect_left(values, lo):bisect.bisect_left(values, hi)]

    def _docnums(self, reader) -> list[int]:
        return sorted(self.in_range(reader))

    def keep(self, reader, docnums: set[int]) -> set[int]:
        """Those of `docnums` in the range. The range's own documents come from the sorted date
        array by bisection; when they are at most three times as many as `docnums`, the two are
        intersected in C (an item of the range costs a fraction of a date read), else each of
        `docnums` has its date read from the cached date array: either way the cost follows the
        matches more than the archive's size."""
        window = self.in_range(reader)
        if len(window) <= 3 * len(docnums):
            return docnums.intersection(window)
        lo, hi = self._bounds(reader.schema["date"])
        dates = _cached_dates(reader)
        return {d for d in docnums if lo <= dates[d] < hi}  # undated: MISSING, never < hi

    def matcher(self, searcher, context=None):
        ids = self._docnums(searcher.reader())
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, all_weights=self.boost)
