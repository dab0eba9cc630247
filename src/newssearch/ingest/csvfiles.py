"""CSV and TSV exports: a row is an article. The first row must name the columns, or (for files
without a header row) `columns` names them; a row
with more or fewer fields than the header is skipped with its line number, never shifted. The
delimiter is found from the start of the file (the one cutting its first rows evenly).

csv's field size limit (128 KB unless the application set another) is process-wide, so it is left
alone: a row with a larger cell (a whole long article) is read again, from its own lines, with
the limit raised for that one row only."""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip
from .files import MAX_RECORD_BYTES, TooLarge, lines, mib, open_text

FIELD_LIMIT = MAX_RECORD_BYTES  # a whole article in a cell is normal (csv's 128 KB is not); a larger cell is skipped
SAMPLE = 64 * 1024
_VALUE_RE = re.compile(r"^[\d\s.,:/+-]+$")  # a number or a numeric date: data, not a column's name


class _Tape:
    """The lines of a file, remembering those of the row being read, to read it again."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.row: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        if isinstance(line, int):  # a line over the limit, read past without holding it
            self.row.append("")
            raise TooLarge(f"too large: a line of {line:,} characters, over {mib(MAX_RECORD_BYTES)}, "
                           f"the limit of one record")
        self.row.append(line)
        return line


class _Rows:
    """csv rows of a tape; a row over the field size limit is read again with the limit raised."""

    def __init__(self, tape: _Tape, dialect):
        self.tape, self.dialect = tape, dialect
        self.reader = csv.reader(tape, dialect)
        self.line_num = 0  # lines read so far
        self.first_line = 1  # the first line of the last row read

    def __next__(self) -> list[str]:
        self.tape.row = []
        self.first_line = self.line_num + 1
        try:
            try:
                row = next(self.reader)
            except csv.Error as exc:
                if "field larger than field limit" not in str(exc):
                    raise
                row = self._again()
        except TooLarge:
            self.reader = csv.reader(self.tape, self.dialect)  # on from the next line
            raise
        finally:
            self.line_num += len(self.tape.row)
        return row

    def _again(self) -> list[str]:
        """The row read from its first line again (and on along the tape, if the error came
        before its last line), with the limit raised for it alone."""
        old = csv.field_size_limit(FIELD_LIMIT)
        try:
            row = next(csv.reader(itertools.chain(list(self.tape.row), self.tape), self.dialect))
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                raise
            raise TooLarge(f"too large: a field over {mib(FIELD_LIMIT)}, the limit of one article") from None
        finally:
            csv.field_size_limit(old)
        self.reader = csv.reader(self.tape, self.dialect)  # on from the next line
        return row


DELIMITERS = (",", ";", "\t", "|")


def _dialect(sample: str, delimiter: str):
    """The delimiter that cuts the file's first rows into the same number of fields (more than
    one), the most; else `delimiter` (by extension). Quoting is always CSV's own (double quotes,
    doubled to escape): guessing it from prose ("don't", "O'Brien") breaks ordinary files."""
    lines = io.StringIO(sample, newline="").readlines()  # split where csv splits: \r, \n, \r\n only
    cut = len(sample) >= SAMPLE  # the sample's last row may be cut short
    best, best_fields = delimiter, 1
    for candidate in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=candidate) if row]
        except csv.Error:
            continue
        counts = counts[:-1] if cut and len(counts) > 1 else counts
        counts = counts[:20]
        if counts and counts[0] > 1 and counts.count(counts[0]) >= 0.8 * len(counts) and counts[0] > best_fields:
            best, best_fields = candidate, counts[0]

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = best
    return Dialect


def looks_like_header(row: list[str], sample: str, sniff: bool = True) -> bool:
    """Column names: short cells, none a number or a date, one of them a name we read (title,
    body, text, date, ...) or (with `sniff`) the sniffer's own test saying so."""
    from .records import FIELD_ALIASES

    known = {alias for aliases in FIELD_ALIASES.values() for alias in aliases}
    cells = [c.strip() for c in row]
    if not cells or any(len(c) > 60 or "\n" in c or _VALUE_RE.match(c) for c in cells):
        return False
    if any(c.lower() in known for c in cells):
        return True
    if not sniff:
        return False
    try:
        return csv.Sniffer().has_header(sample)
    except csv.Error:
        return False


def read_csv(path: Path, delimiter: str = ",", columns: list[str] | None = None) -> Iterator[RawRecord | Skip]:
    with open_text(path, newline="") as fh:
        sample = fh.read(SAMPLE)
        fh.seek(0)
        dialect = _dialect(sample, delimiter)
        rows = _Rows(_Tape(lines(fh)), dialect)
        try:
            first = next(rows)
        except StopIteration:
            first = None
        except csv.Error as exc:
            yield Skip(str(path), f"invalid CSV: {exc}")
            return
        if first is None or not any(c.strip() for c in first):
            yield Skip(str(path), "empty file", failed=False)
            return
        # with columns named for headerless files, only a row of names we know is a header
        if looks_like_header(first, sample, sniff=not columns):
            names, pending = [c.strip() for c in first], None
        elif columns:  # a file without a header row: the columns named for such files
            names, pending = list(columns), first
        else:
            preview = dialect.delimiter.join(first)[:80]
            yield Skip(str(path), f"no header row: the first row is data ({preview!r}); name the columns "
                                  f"with `columns`")
            return
        n = 0
        while True:
            try:
                if pending is not None:
                    row, pending = pending, None
                else:
                    row = next(rows)
            except StopIteration:
                return
            except TooLarge as exc:
                n += 1
                yield Skip(f"{path}#{n}", f"{exc} (line {rows.first_line})")
                continue
            except csv.Error as exc:
                yield Skip(f"{path}#{n + 1}", f"invalid CSV: {exc} (line {rows.line_num + 1})")
                return
            if not any(c.strip() for c in row):
                continue
            n += 1
            origin = f"{path}#{n}"
            if len(row) != len(names):
                yield Skip(origin, f"wrong number of fields: {len(row)} where the header has {len(names)} "
                                   f"(line {rows.first_line})")
                continue
            yield RawRecord(dict(zip(names, row)), origin, "csv")
