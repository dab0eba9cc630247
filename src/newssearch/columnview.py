"""Column values by global document number, read segment by segment.

Whoosh's own multi-segment column reader loses its place when one segment has no column file for
a field (a segment where no article has a date, say) and raises IndexError; a segment's own reader
handles that case by returning the column's default. So we always go through the segments."""

from __future__ import annotations

import bisect


class ColumnView:
    def __init__(self, reader, fieldname: str, translate: bool = False):
        leaves = list(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else [(reader, 0)]
        self._offsets = [offset for _, offset in leaves]
        self._columns = [r.column_reader(fieldname, translate=translate) for r, _ in leaves]

    def __getitem__(self, docnum: int):
        i = bisect.bisect_right(self._offsets, docnum) - 1
        return self._columns[i][docnum - self._offsets[i]]
