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
import stat
from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip
from .files import TooLarge, head
from .textdecode import looks_binary

TEXT_EXTS = {".txt", ".text"}
JSONL_EXTS = {".jsonl", ".ndjson", ".jsonlines"}
JSON_EXTS = {".json"}
CSV_EXTS = {".csv", ".tsv"}
HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml"}
WARC_EXTS = {".warc", ".arc"}
KNOWN_EXTS = TEXT_EXTS | JSONL_EXTS | JSON_EXTS | CSV_EXTS | HTML_EXTS | WARC_EXTS


def discover(paths: list[str | os.PathLike]) -> Iterator[Path | Skip]:
    """Yield article files under `paths` (recursively, in a stable order); skips with a reason.

    Hidden files and folders (".git", ".DS_Store") are passed over silently. Links to folders are
    followed, but a folder is read once: a link back to one already read (a loop) is reported.
    """
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Skip(str(raw), "no such file or folder")
            continue
        if not path.is_dir():
            yield path
            continue
        yield from _walk(path, seen)


def _walk(top: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Skip]:
    errors: list[OSError] = []
    st = top.stat()
    if (st.st_dev, st.st_ino) in seen:
        yield Skip(str(top), "a folder already read (a symbolic link loop or a second link to it)", failed=False)
        return
    seen.add((st.st_dev, st.st_ino))
    for dirpath, dirnames, filenames in os.walk(top, onerror=errors.append, followlinks=True):
        while errors:
            exc = errors.pop()
            yield Skip(str(exc.filename or dirpath), f"cannot read: {exc.strerror or exc}")
        keep = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError as exc:
                yield Skip(os.path.join(dirpath, name), f"cannot read: {exc.strerror or exc}")
                continue
            if (st.st_dev, st.st_ino) in seen:
                yield Skip(os.path.join(dirpath, name),
                           "a folder already read (a symbolic link loop or a second link to it)", failed=False)
                continue
            seen.add((st.st_dev, st.st_ino))
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
    while errors:
        exc = errors.pop()
        yield Skip(str(exc.filename or top), f"cannot read: {exc.strerror or exc}")


def _logical_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _sniff(start: bytes) -> str | None:
    """For a file without a known extension: what does its content (its first bytes) look like?"""
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
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            yield Skip(str(path), f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'a device')})")
            return
        suffix = _logical_suffix(path)
        start = head(path, 8192)
        if suffix not in KNOWN_EXTS:
            suffix = _sniff(start) or suffix
            if suffix not in KNOWN_EXTS:
                yield Skip(str(path), f"unsupported file type {suffix or '(no extension)'}")
                return
        if suffix not in WARC_EXTS and looks_binary(start):
            yield Skip(str(path), "binary data, not text (an image or an archive named as text?)")
            return
        yield from _reader(suffix, columns)(path)
    except TooLarge as exc:
        yield Skip(str(path), str(exc))
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield Skip(str(path), f"cannot read: {reason}")


_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}


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
