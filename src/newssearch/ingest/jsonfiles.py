"""JSON inputs: JSON Lines (an article per line), a top-level array of articles (streamed, never
loaded whole), or one pretty-printed article object."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip
from .files import open_text


def read_json(path: Path, prefer_lines: bool) -> Iterator[RawRecord | Skip]:
    """JSON Lines, a JSON array of objects, or a single JSON object, told apart by the content:
    an array starts with "[", JSON Lines has a whole object on its first line."""
    with open_text(path) as fh:
        first = fh.read(1)
        while first and first.isspace():
            first = fh.read(1)
        if not first:
            yield Skip(str(path), "empty file")
            return
        if first == "[" and not prefer_lines:
            yield from _array(path, _Chain(io.StringIO("["), fh))
            return
        line = first + fh.readline()
        if not prefer_lines and _loads_object(line) is None:
            yield from _one_object(path, line + fh.read())
            return
        yield from _lines(path, line, fh)


def _array(path: Path, stream: io.TextIOBase) -> Iterator[RawRecord | Skip]:
    n = 0
    try:
        for n, obj in enumerate(_iter_json_array(stream), 1):
            yield _record(obj, f"{path}#{n}")
    except ValueError as exc:
        yield Skip(f"{path}#{n + 1}", f"invalid JSON: {exc}")


def _one_object(path: Path, text: str) -> Iterator[RawRecord | Skip]:
    """One (pretty-printed) JSON object: read whole; single articles are small."""
    try:
        obj = json.loads(text)
    except ValueError as exc:
        yield Skip(str(path), f"invalid JSON: {exc}")
        return
    if isinstance(obj, dict):
        yield RawRecord(obj, str(path), "json")
    else:
        yield Skip(str(path), "not a JSON object")


def _lines(path: Path, line: str, fh: io.TextIOBase) -> Iterator[RawRecord | Skip]:
    lineno = 1
    while line:
        if line.strip():
            origin = f"{path}#{lineno}"
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield Skip(origin, f"invalid JSON: {exc}")
            else:
                yield _record(obj, origin)
        line = fh.readline()
        lineno += 1


def _record(obj: object, origin: str) -> RawRecord | Skip:
    if isinstance(obj, dict):
        return RawRecord(obj, origin, "json")
    return Skip(origin, f"not a JSON object ({type(obj).__name__})")


def _loads_object(text: str) -> dict | None:
    try:
        obj = json.loads(text)
    except ValueError:
        return None
    return obj if isinstance(obj, dict) else None


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


class _Chain(io.TextIOBase):
    """Read from one text stream, then another."""

    def __init__(self, first: io.TextIOBase, second: io.TextIOBase):
        self._streams = [first, second]

    def read(self, size: int | None = -1) -> str:
        while self._streams:
            data = self._streams[0].read(size)
            if data:
                return data
            self._streams.pop(0)
        return ""
