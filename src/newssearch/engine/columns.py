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


def length_bytes(perdoc, fieldname: str) -> bytes:
    """Every document's encoded length of a field in one segment, one byte each (0: none), read
    from its lengths column in one go. `perdoc`: the segment's Whoosh-3 per-document reader (an
    AttributeError says it is of another codec)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    count = perdoc.doc_count_all()
    col = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    raw = bytes(col._dbfile.get(col._basepos, col._count)) if col is not None else b""
    return raw + bytes(max(0, count - len(raw)))


def byte_values(col) -> list[bytes]:
    """Every value of a segment's variable-bytes column as a list, in one read of the file (a
    value at a time is a seek and a read each: 4 us, which a query over thousands of matches
    should not pay per match). Another column type is iterated."""
    try:
        lengths = col._lengths
        raw = bytes(col._dbfile.get(col._basepos, sum(lengths)))
    except AttributeError:
        return list(col)
    out = []
    pos = 0
    for n in lengths:
        out.append(raw[pos:pos + n])
        pos += n
    return out
