"""Opening input files: gzip recognised by its magic bytes whatever the name, text decoded without
losing a file to a few bad bytes (they are counted, so the caller can report them), and nothing
read whole that a hostile file could make huge.

The limits (docs/ingestion.md): one record (a text article's file, a JSON line, an element of a
JSON array, a CSV row) is at most MAX_RECORD_BYTES; a gzip stream that inflates more than
GZIP_RATIO times its compressed size, past GZIP_CHECK_AFTER, is a decompression bomb and is not read
on. An input over a limit raises TooLarge, which the caller turns into a skip with its reason."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import Iterator

from ..model import Note
from .textdecode import decode_bytes

MAX_RECORD_BYTES = 16 << 20  # the longest news story is well under 1 MiB of text
GZIP_RATIO = 100  # text compresses 3-10 times; a bomb (zeros) a thousand times
GZIP_CHECK_AFTER = 64 << 20  # small files may compress well: judged only past this much output


class TooLarge(ValueError):
    """An input over one of the limits; the message says which."""


def json_error(exc: Exception) -> str:
    """Why JSON could not be read: the parser's message, or nesting deeper than Python recurses."""
    return "nested too deep" if isinstance(exc, RecursionError) else str(exc)


def mib(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MiB"


class _Inflated(io.RawIOBase):
    """A gzip stream that stops, with TooLarge, when it inflates like a bomb."""

    def __init__(self, raw: io.BufferedReader):
        self.raw = raw
        self.gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self.out = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:  # the CSV reader reads a sample, then starts again
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.out = self.gz.seek(offset, whence)
        return self.out

    def tell(self) -> int:
        return self.gz.tell()

    def readinto(self, buffer) -> int:
        n = self.gz.readinto(buffer)
        self.out += n
        if self.out > GZIP_CHECK_AFTER and self.out > GZIP_RATIO * max(1, self.raw.tell()):
            raise TooLarge(f"too large: the gzip inflates over {GZIP_RATIO} times its size "
                           f"({mib(self.out)} from {self.raw.tell():,} bytes; a decompression bomb?)")
        return n

    def close(self) -> None:
        if not self.closed:
            self.gz.close()
            self.raw.close()
        super().close()


def open_bytes(path: Path) -> io.BufferedIOBase:
    fh = open(path, "rb")
    magic = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    if magic == b"\x1f\x8b":
        return io.BufferedReader(_Inflated(fh), buffer_size=1 << 16)
    return fh


def open_text(path: Path, newline: str | None = None) -> io.TextIOWrapper:
    # utf-8-sig drops a BOM; undecodable bytes become U+FFFD rather than losing the file.
    return io.TextIOWrapper(open_bytes(path), encoding="utf-8-sig", errors="replace", newline=newline)


def read_bytes(path: Path, limit: int = MAX_RECORD_BYTES, what: str = "one article") -> bytes:
    """The whole file, if it is at most `limit` bytes (after gzip); else TooLarge."""
    with open_bytes(path) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"too large: over {mib(limit)}, the limit of {what}")
    return data


def read_text(path: Path) -> tuple[str, list[Note]]:
    """(text, notes) of a whole file: its encoding found as textdecode.py does, bad bytes and
    NUL bytes counted."""
    data = read_bytes(path)
    text, encoding, replaced, _ = decode_bytes(data)
    notes = []
    if replaced:
        notes.append(Note("undecodable_bytes", str(path), f"{replaced} replaced with U+FFFD (read as {encoding})"))
    if b"\x00" in data and encoding in ("utf-8", "utf-8-sig"):
        notes.append(Note("nul_bytes", str(path), f"{data.count(0)} removed"))
    return text, notes


def lines(fh: io.TextIOBase, first: str = "", limit: int = MAX_RECORD_BYTES) -> Iterator[str | int]:
    """The lines of a text stream (after `first`, the start of the first line), each read to at
    most `limit` characters: a longer line is read on to its end in pieces and given as its length
    (an int), never held whole."""
    if first.endswith("\n"):
        line = first
    else:
        line = first + fh.readline(max(1, limit + 1 - len(first))) if first else fh.readline(limit + 1)
    while line:
        if len(line) > limit and not line.endswith("\n"):
            size = len(line)
            while (piece := fh.readline(1 << 20)) and not piece.endswith("\n"):
                size += len(piece)
            yield size + len(piece)
        else:
            yield line
        line = fh.readline(limit + 1)


def head(path: Path, size: int = 4096) -> bytes:
    """The first `size` bytes (after gzip), or as many as a damaged gzip gives (its reader says
    the rest)."""
    data = b""
    with open_bytes(path) as fh:
        try:
            while len(data) < size and (piece := fh.read1(size - len(data))):
                data += piece
        except (EOFError, zlib.error, gzip.BadGzipFile):
            pass
    return data
