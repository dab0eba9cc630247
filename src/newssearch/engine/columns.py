"""Column values of documents, read in bulk where the codec allows it.

Each bulk reader comes as a pair: `*_fast`, which reads a W3 column's bytes in one go and raises
AttributeError when the column is not of the layout it knows, and a plain function that falls back
to reading value by value (other codecs). tests/engine/test_columns.py runs the fast ones on a real
segment, so a Whoosh upgrade that changes a layout fails a test instead of silently slowing down.
"""

from __future__ import annotations

import bisect
import sys
from array import array

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import length_to_byte

from .readercache import cached


def column(reader, name: str):
    """A segment's raw column reader, made once per reader: a variable-width column reads all its
    offsets when it is opened, which a query should not pay again."""
    return cached(reader, ("column", name), lambda: reader.column_reader(name, translate=False))


class ColumnView:
    """Raw column values by global document number, read segment by segment. Whoosh's own
    multi-segment column reader loses its place when one segment has no column file for a field (a
    segment where no article has a date, say) and raises IndexError; a segment's own reader handles
    that case by returning the column's default."""

    def __init__(self, reader, fieldname: str):
        leaves = list(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else [(reader, 0)]
        leaves = [(r, offset) for r, offset in leaves if r.doc_count_all()]  # an empty index has none
        self._offsets = [offset for _, offset in leaves]
        self._columns = [r.column_reader(fieldname, translate=False) for r, _ in leaves]

    def __getitem__(self, docnum: int):
        i = bisect.bisect_right(self._offsets, docnum) - 1
        return self._columns[i][docnum - self._offsets[i]]


def length_bytes_fast(perdoc, fieldname: str) -> bytes:
    """Every document's encoded length of a field in one segment, one byte each (0: none), read
    from its lengths column in one go. `perdoc`: the segment's W3 per-document reader."""
    count = perdoc.doc_count_all()
    col = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    raw = bytes(col._dbfile.get(col._basepos, col._count)) if col is not None else b""
    return raw + bytes(max(0, count - len(raw)))


def length_bytes(reader, fieldname: str) -> bytes:
    try:
        return length_bytes_fast(reader._perdoc, fieldname)
    except AttributeError:  # another codec: ask document by document
        return bytes(length_to_byte(reader.doc_field_length(d, fieldname, 0) or 0)
                     for d in range(reader.doc_count_all()))


def byte_values_fast(col) -> list[bytes]:
    """Every value of a segment's variable-bytes column as a list, in one read of the file (a
    value at a time is a seek and a read each, which a query over thousands of matches should not
    pay per match)."""
    lengths = col._lengths
    raw = bytes(col._dbfile.get(col._basepos, sum(lengths)))
    out = []
    pos = 0
    for n in lengths:
        out.append(raw[pos:pos + n])
        pos += n
    return out


def byte_values(col) -> list[bytes]:
    try:
        return byte_values_fast(col)
    except AttributeError:  # another column type
        return list(col)


def numbers_fast(col, count: int) -> array:
    """Every value of a segment's 8-byte numeric column (dates) in one read, as unsigned ints."""
    raw = col._dbfile.get(col._basepos, col._count * 8)
    values = array("Q")
    values.frombytes(bytes(raw))
    if sys.byteorder == "little":
        values.byteswap()  # Whoosh packs numbers big-endian
    values.extend([col._default] * (count - len(values)))
    return values


def numbers(col, count: int) -> array:
    try:
        return numbers_fast(col, count)
    except (AttributeError, ValueError):  # another column type
        return array("Q", (col[d] for d in range(count)))
