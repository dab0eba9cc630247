"""Read sources: find article files under the given paths and stream raw records out of them.

Formats are chosen by extension and checked against content (gzip by its magic bytes):
text articles (.txt), JSON Lines (.jsonl/.ndjson), JSON (.json: an array, one object, or JSON Lines),
CSV/TSV with a header, saved web pages (.html: see webpages.py), WARC archives (.warc: warcfiles.py). Nothing is loaded whole: every reader streams. A file or record that cannot be
read becomes a `Skip` with its reason, so the caller can count it and go on.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..ingest.clean import is_residue, normalise
from ..text.dates import parse_date_line
from ..ingest.textdecode import decode_bytes

TEXT_EXTS = {".txt", ".text"}
JSONL_EXTS = {".jsonl", ".ndjson", ".jsonlines"}
JSON_EXTS = {".json"}
CSV_EXTS = {".csv", ".tsv"}
HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml"}
WARC_EXTS = {".warc", ".arc"}
KNOWN_EXTS = TEXT_EXTS | JSONL_EXTS | JSON_EXTS | CSV_EXTS | HTML_EXTS | WARC_EXTS

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class RawRecord:
    """One article as the source gave it: raw field names and values, and where it came from."""

    fields: dict
    origin: str  # file path, plus "#N" (line, row, element or WARC record number)
    kind: str  # "text", "json", "csv", "html" or "warc"
    warnings: tuple[str, ...] = ()  # indexed all the same, but worth telling (bad bytes, ...)


@dataclass
class Skip:
    """Something that was not indexed, and why."""

    origin: str
    reason: str


def _logical_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


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


def _open_bytes(path: Path) -> io.BufferedIOBase:
    fh = open(path, "rb")
    magic = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def _open_text(path: Path, newline: str | None = None) -> io.TextIOWrapper:
    # utf-8-sig drops a BOM; undecodable bytes become U+FFFD rather than losing the file.
    return io.TextIOWrapper(_open_bytes(path), encoding="utf-8-sig", errors="replace", newline=newline)


def _sniff(path: Path) -> str | None:
    """For a file without a known extension: what does its content look like?"""
    with _open_bytes(path) as fh:
        head = fh.read(4096)
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{") or text.startswith("["):
        return ".json"
    if text[:15].lower().startswith(("<!doctype html", "<html")):
        return ".html"
    if text.startswith("WARC/"):
        return ".warc"
    return None


def read_file(path: Path) -> Iterator[RawRecord | Skip]:
    """Stream the records of one file, whatever its format."""
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
        if suffix in TEXT_EXTS:
            yield from read_text_article(path)
        elif suffix in HTML_EXTS:
            yield from read_html(path)
        elif suffix in WARC_EXTS:
            from ..ingest.warcfiles import read_warc

            yield from read_warc(path)
        elif suffix in JSONL_EXTS:
            yield from read_json(path, prefer_lines=True)
        elif suffix in JSON_EXTS:
            yield from read_json(path, prefer_lines=False)
        else:
            yield from read_csv(path, delimiter="\t" if suffix == ".tsv" else ",")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield Skip(str(path), f"cannot read: {reason}")


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


def _read_bytes(path: Path) -> bytes:
    with _open_bytes(path) as fh:
        return fh.read()


def _byte_warnings(data: bytes, encoding: str, replaced: int) -> list[str]:
    notes = []
    if replaced:
        notes.append(f"undecodable bytes: {replaced} replaced with U+FFFD (read as {encoding})")
    if b"\x00" in data and encoding in ("utf-8", "utf-8-sig"):
        notes.append(f"NUL bytes: {data.count(0)} removed")
    return notes


def read_text_article(path: Path) -> Iterator[RawRecord | Skip]:
    data = _read_bytes(path)
    text, encoding, replaced = decode_bytes(data)
    if not text.strip("\x00 \t\r\n\ufeff"):
        yield Skip(str(path), "empty file")
        return
    notes = _byte_warnings(data, encoding, replaced)
    yield RawRecord(parse_text_article(text), str(path), "text", tuple(notes))


def read_html(path: Path) -> Iterator[RawRecord | Skip]:
    from ..ingest.webpages import extract_article

    data = _read_bytes(path)
    if not data.strip():
        yield Skip(str(path), "empty file")
        return
    fields = extract_article(data)
    if fields is None:
        yield Skip(str(path), "no article text (an index, error or video page?)")
        return
    yield RawRecord(fields, str(path), "html")


def _iter_json_array(fh: io.TextIOBase, chunk_size: int = 1 << 16) -> Iterator[object]:
    """Stream the elements of a top-level JSON array without loading the whole file."""
    decoder = json.JSONDecoder()
    buf = fh.read(chunk_size).lstrip()
    if not buf.startswith("["):
        raise ValueError("not a JSON array")
    buf = buf[1:]
    eof = False
    while True:
        buf = buf.lstrip().lstrip(",").lstrip()
        while not buf and not eof:
            more = fh.read(chunk_size)
            eof = not more
            buf = more.lstrip().lstrip(",").lstrip()
        if buf.startswith("]"):
            return
        if not buf and eof:
            raise ValueError("unterminated JSON array")
        try:
            obj, end = decoder.raw_decode(buf)
        except json.JSONDecodeError:
            if eof:
                raise
            more = fh.read(chunk_size)
            eof = not more
            buf += more
            continue
        if end == len(buf) and not eof:
            # A number at the end of the buffer may continue in the next chunk.
            more = fh.read(chunk_size)
            eof = not more
            if more:
                buf += more
                continue
        yield obj
        buf = buf[end:]


def read_json(path: Path, prefer_lines: bool) -> Iterator[RawRecord | Skip]:
    """JSON Lines, a JSON array of objects, or a single JSON object."""
    with _open_text(path) as fh:
        head = fh.read(1)
        while head and head.isspace():
            head = fh.read(1)
        if not head:
            yield Skip(str(path), "empty file")
            return
        if head == "[" and not prefer_lines:
            fh2 = io.StringIO("[")  # re-join the consumed bracket with the rest of the stream
            stream = _Chain(fh2, fh)
            n = 0
            try:
                for n, obj in enumerate(_iter_json_array(stream), 1):
                    origin = f"{path}#{n}"
                    if isinstance(obj, dict):
                        yield RawRecord(obj, origin, "json")
                    else:
                        yield Skip(origin, f"not a JSON object ({type(obj).__name__})")
            except ValueError as exc:
                yield Skip(f"{path}#{n + 1}", f"invalid JSON: {exc}")
            return
        rest = head + fh.readline()
        first_line_ok = _loads_object(rest) is not None
        if not prefer_lines and not first_line_ok:
            # One (pretty-printed) JSON object: read it whole; single articles are small.
            text = rest + fh.read()
            try:
                obj = json.loads(text)
            except ValueError as exc:
                yield Skip(str(path), f"invalid JSON: {exc}")
                return
            if isinstance(obj, dict):
                yield RawRecord(obj, str(path), "json")
            else:
                yield Skip(str(path), "not a JSON object")
            return
        lineno = 1
        line = rest
        while line:
            if line.strip():
                origin = f"{path}#{lineno}"
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    yield Skip(origin, f"invalid JSON: {exc}")
                else:
                    if isinstance(obj, dict):
                        yield RawRecord(obj, origin, "json")
                    else:
                        yield Skip(origin, f"not a JSON object ({type(obj).__name__})")
            line = fh.readline()
            lineno += 1


def _loads_object(text: str) -> dict | None:
    try:
        obj = json.loads(text)
    except ValueError:
        return None
    return obj if isinstance(obj, dict) else None


class _Chain(io.TextIOBase):
    """Read from one text stream, then another."""

    def __init__(self, first: io.TextIOBase, second: io.TextIOBase):
        self._streams = [first, second]

    def read(self, size: int = -1) -> str:
        while self._streams:
            data = self._streams[0].read(size)
            if data:
                return data
            self._streams.pop(0)
        return ""


def read_csv(path: Path, delimiter: str = ",") -> Iterator[RawRecord | Skip]:
    with _open_text(path, newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        if not reader.fieldnames:
            yield Skip(str(path), "empty file")
            return
        try:
            for n, row in enumerate(reader, 1):
                origin = f"{path}#{n}"
                if None in row:  # more cells than the header names
                    row.pop(None)
                yield RawRecord({k: v for k, v in row.items() if k is not None}, origin, "csv")
        except csv.Error as exc:
            yield Skip(f"{path}#{reader.line_num}", f"invalid CSV: {exc}")
