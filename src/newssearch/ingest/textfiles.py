"""Text articles (.txt): a title line, an optional date line, then the body, as scrapers save them."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip
from ..text.dates import parse_date_line
from .clean import is_residue, normalise
from .files import read_text


def parse_text_article(text: str) -> dict:
    """A seed-style text article: title line, optional date line, then the body.

    The date line is taken only when the whole line is a date; otherwise it is the first body line.
    """
    lines = normalise(text).split("\n")
    i = 0
    while i < len(lines) and (not lines[i].strip() or is_residue(lines[i])):
        i += 1
    title = lines[i].strip() if i < len(lines) else ""
    i += 1
    j = i
    while j < len(lines) and (not lines[j].strip() or is_residue(lines[j])):
        j += 1
    fields = {"title": title}
    if j < len(lines):
        parsed = parse_date_line(lines[j])
        if parsed is not None:
            fields["date"] = lines[j].strip()
            i = j + 1
    fields["body"] = "\n".join(lines[i:])
    return fields


def read_text_article(path: Path) -> Iterator[RawRecord | Skip]:
    text, notes = read_text(path)
    if not text.strip("\x00 \t\r\n\ufeff"):
        yield Skip(str(path), "empty file", failed=False)
        return
    yield RawRecord(parse_text_article(text), str(path), "text", tuple(notes))
