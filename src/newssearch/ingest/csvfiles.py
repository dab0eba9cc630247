"""CSV and TSV exports with a header row: a row is an article."""

from __future__ import annotations

import csv
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip
from .files import open_text

FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)  # a whole article in a cell is normal; csv's 128 KB is not


@contextmanager
def _field_limit():
    """csv's field size limit is process-wide: raised only while our reader reads a row, so an
    application reading its own CSV in the same process keeps its own limit."""
    old = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def read_csv(path: Path, delimiter: str = ",") -> Iterator[RawRecord | Skip]:
    with open_text(path, newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        with _field_limit():
            names = reader.fieldnames
        if not names:
            yield Skip(str(path), "empty file")
            return
        n = 0
        while True:
            try:
                with _field_limit():
                    row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Skip(f"{path}#{reader.line_num}", f"invalid CSV: {exc}")
                return
            n += 1
            if None in row:  # more cells than the header names
                row.pop(None)
            yield RawRecord({k: v for k, v in row.items() if k is not None}, f"{path}#{n}", "csv")
