"""The articles under some paths, as one stream: files found, records read, cleaned into Articles,
with everything worth telling on the way (skips and notes) in the stream too, in input order.

Numeric dates such as "05/06/2018" do not say which number is the day. A file's own dates decide:
a "26/05/2018" makes the file day first. So the records of a file are held back from its first
undecided date until one of its dates decides the order (then all are read in it) or the file ends
(then they are read month first, or as `date_order` says, and each is noted). The hold is bounded:
past HOLD records the file is read month first from there on.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator, Union

from ..errors import InputError, MissingInputError
from ..model import Article, Note, RawRecord, Skip
from ..text.dates import new_run, numeric_order
from .records import NestedTooDeep, date_value, to_article
from .sources import discover, read_file

HOLD = 10_000  # records held back, at most, while a file's date order is undecided

Event = Union[Article, Skip, Note, Path]  # a Path: a file is being read


def read_articles(paths: Iterable[str | os.PathLike], overrides: dict[str, str] | None = None,
                  date_order: str | None = None, columns: list[str] | None = None) -> Iterator[Event]:
    """Every file under `paths` (as a Path, before its records), then its articles, skips and
    notes. `overrides`: field mapping; `date_order`: "dmy" or "mdy" for undecided numeric dates;
    `columns`: the column names of CSV files without a header row.
    InputError when a path does not exist, or when no record has a column `overrides` names."""
    new_run()
    paths = [Path(p) for p in paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise MissingInputError(f"no such file or folder: {', '.join(missing)}")
    check = _MapCheck(overrides or {})
    for item in discover(paths):
        if isinstance(item, Skip):
            yield _printable(item)
            continue
        yield item
        yield from _file_articles(check.watch(read_file(item, columns)), overrides or {}, date_order)
    check.done()


def articles_of(records: Iterable[RawRecord | Article], overrides: dict[str, str] | None = None,
                date_order: str | None = None) -> Iterator[Event]:
    """Records (or ready Articles) given in memory, read as one file is."""
    check = _MapCheck(overrides or {})
    yield from _file_articles(check.watch(records), overrides or {}, date_order)
    check.done()


class _MapCheck:
    """A mapping names columns the records must have: a typo (`body=stroy_text`) is an error,
    raised before anything is written (by the first CHECK_AFTER records: the indexer holds more
    than that many before it writes), never a silently ignored mapping."""

    CHECK_AFTER = 1000

    def __init__(self, overrides: dict[str, str]):
        self.wanted = {column.lower(): target for target, column in overrides.items()}
        self.records = 0
        self.columns: set[str] = set()

    def watch(self, items: Iterable) -> Iterator:
        for item in items:
            if self.wanted and isinstance(item, RawRecord):
                self.records += 1
                self.columns.update(str(k).lower() for k in item.fields)
                if self.records == self.CHECK_AFTER:
                    self.done(f"none of the first {self.CHECK_AFTER:,} records")
            yield item

    def done(self, which: str = "no record") -> None:
        absent = [f"{target}={column}" for column, target in self.wanted.items() if column not in self.columns]
        if absent and self.records:
            seen = ", ".join(sorted(self.columns)[:20])
            raise InputError(f"`field_map`: {which} has the column of {', '.join(absent)} "
                             f"(the records' columns: {seen})", params=("field_map",))
        self.wanted = {}


def _file_articles(records: Iterable[RawRecord | Skip | Article], overrides: dict[str, str],
                   date_order: str | None) -> Iterator[Event]:
    order = date_order  # the file's order, once known
    guessed = False  # read month first for want of evidence: each undecided date is noted
    held: list[RawRecord | Skip | Article] = []
    for item in records:
        held.append(item)
        if order is None:
            seen = numeric_order(date_value(item, overrides)[1]) if isinstance(item, RawRecord) else None
            if seen in ("dmy", "mdy"):
                order = seen  # decided: what was held is read in this order
            elif seen == "ambiguous" or len(held) > 1:
                if len(held) < HOLD:
                    continue
                order, guessed = "mdy", True  # too long undecided: month first from here on
        for ready in held:
            yield from _one(ready, overrides, order, guessed)
        held = []
    for ready in held:  # the file ended undecided
        yield from _one(ready, overrides, "mdy", True)


def _printable(item):
    """A file name need not be UTF-8 (Python keeps its other bytes as surrogates, which no output
    can write): its origin shows them as \\xNN escapes, one spelling per name, so ids stay apart."""
    try:
        item.origin.encode("utf-8")
    except UnicodeEncodeError:
        item.origin = item.origin.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return item


def _one(item: RawRecord | Skip | Article, overrides: dict[str, str], order: str | None,
         guessed: bool) -> Iterator[Event]:
    if not isinstance(item, RawRecord):
        yield _printable(item)
        return
    _printable(item)
    for note in item.notes:
        yield _printable(note)
    try:
        article = to_article(item, overrides, order)
    except NestedTooDeep as exc:
        yield Skip(item.origin, str(exc))
        return
    if guessed and isinstance(article, Article) and article.date is not None:
        value = date_value(item, overrides)[1]
        if numeric_order(value) == "ambiguous":
            article.notes.append(Note("ambiguous_date_order", item.origin,
                                      f"{value!r} read as {article.date.display()} (month first)"))
    yield article
