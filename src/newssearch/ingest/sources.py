"""Read sources: find article files under the given paths and stream raw records out of them.

Formats are chosen by extension and checked against content (gzip by its magic bytes): text
articles (.txt: textfiles.py), JSON Lines and JSON (jsonfiles.py), CSV/TSV with a header
(csvfiles.py), saved web pages (.html: webpages.py), WARC archives (.warc: warcfiles.py). Nothing
is loaded whole: every reader streams. A file or record that cannot be read becomes a `Skip` with
its reason, so the caller can count it and go on.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip
from .files import head

TEXT_EXTS = {".txt", ".text"}
JSONL_EXTS = {".jsonl", ".ndjson", ".jsonlines"}
JSON_EXTS = {".json"}
CSV_EXTS = {".csv", ".tsv"}
HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml"}
WARC_EXTS = {".warc", ".arc"}
KNOWN_EXTS = TEXT_EXTS | JSONL_EXTS | JSON_EXTS | CSV_EXTS | HTML_EXTS | WARC_EXTS


def discover(paths: list[str | os.PathLike]) -> Iterator[Path | Skip]:
    """Yield article files under `paths` (recursively, in a stable order); skips with a reason.

    Hidden files and folders (".git", ".DS_Store") are passed over silently.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Skip(str(raw), "no such file or folder")
            continue
        if path.is_file():
            yield path
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                yield Path(dirpath) / name


def _logical_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _sniff(path: Path) -> str | None:
    """For a file without a known extension: what does its content look like?"""
    start = head(path)
    if b"\x00" in start:
        return None
    text = start.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{") or text.startswith("["):
        return ".json"
    if text[:15].lower().startswith(("<!doctype html", "<html")):
        return ".html"
    if text.startswith("WARC/"):
        return ".warc"
    return None


def read_file(path: Path, columns: list[str] | None = None) -> Iterator[RawRecord | Skip]:
    """Stream the records of one file, whatever its format. `columns`: the column names of CSV
    files without a header row."""
    suffix = _logical_suffix(path)
    if suffix not in KNOWN_EXTS:
        try:
            sniffed = _sniff(path)
        except OSError as exc:
            yield Skip(str(path), f"cannot read: {exc.strerror or exc}")
            return
        if sniffed is None:
            yield Skip(str(path), f"unsupported file type {suffix or '(no extension)'}")
            return
        suffix = sniffed
    try:
        yield from _reader(suffix, columns)(path)
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield Skip(str(path), f"cannot read: {reason}")


def _reader(suffix: str, columns: list[str] | None = None):
    """The reader of a format, imported when first met (web pages and WARC pull in big libraries)."""
    if suffix in TEXT_EXTS:
        from .textfiles import read_text_article

        return read_text_article
    if suffix in HTML_EXTS:
        from .webpages import read_html

        return read_html
    if suffix in WARC_EXTS:
        from .warcfiles import read_warc

        return read_warc
    if suffix in JSONL_EXTS or suffix in JSON_EXTS:
        from .jsonfiles import read_json

        prefer_lines = suffix in JSONL_EXTS
        return lambda path: read_json(path, prefer_lines=prefer_lines)
    from .csvfiles import read_csv

    delimiter = "\t" if suffix == ".tsv" else ","
    return lambda path: read_csv(path, delimiter=delimiter, columns=columns)
