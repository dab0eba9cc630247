"""A top-level JSON array read element by element: each element's extent is found by its brackets
and strings alone, then it is parsed on its own, so a bad element (a missing comma, NaN, a stray
quote) is skipped with its reason and reading goes on at the next one. An element over
MAX_RECORD_BYTES is skipped without being held; an array cut off is reported with what was lost."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, Iterator

from ..model import RawRecord, Skip
from .files import MAX_RECORD_BYTES, json_error, mib, open_text

CHUNK = 1 << 20
# a whole string, or a quote whose string does not end in the buffer, or a bracket or comma
_TOKEN = re.compile(r'(?P<s>"(?:[^"\\]|\\.)*")|(?P<u>")|[\[\]{},]')


class _Scan:
    """Where the element starting at `start` ends, found across refills of the buffer (resumable:
    `at` is where scanning goes on, inside a string when `in_string`)."""

    def __init__(self, start: int):
        self.start, self.at, self.depth, self.in_string = start, start, 0, False

    def end(self, buf: str) -> int | None:
        if self.in_string:
            m = _STRING_REST.match(buf, self.at)
            if m is None or not m.group().endswith('"'):
                self.at = m.end() if m else self.at  # up to a lone backslash at the end, if any
                return None
            self.at, self.in_string = m.end(), False
        for m in _TOKEN.finditer(buf, self.at):
            c = m.group()[0]
            if m.lastgroup == "u":
                self.at, self.in_string = m.end(), True
                return self.end(buf)
            if c in "{[":
                self.depth += 1
            elif c in "}]":
                if self.depth == 0:
                    return m.start()  # the array's own "]" after a number or a literal
                self.depth -= 1
                if self.depth == 0:
                    return m.end()
            elif c == "," and self.depth == 0:
                return m.start()
        self.at = len(buf)
        return None


_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"?')


def read_array(path: Path, record: Callable[[object, str], RawRecord | Skip], limit: int = MAX_RECORD_BYTES,
               start: int | None = None, skip: int = 0) -> Iterator[RawRecord | Skip]:
    """The elements of the top-level array, or of the array whose "[" ends at character `start`
    (an envelope's), the first `skip` of them passed over (read already)."""
    with open_text(path) as fh:
        if start is None:
            buf = fh.read(CHUNK)
            pos = buf.index("[") + 1
        else:
            while start > CHUNK and fh.read(CHUNK):
                start -= CHUNK
            buf, pos = fh.read(CHUNK), start
            buf = buf[:0] if pos > len(buf) else buf
        eof = False
        n = 0
        while True:
            while True:  # to the next element: past whitespace and one comma
                while pos < len(buf) and buf[pos] in " \t\r\n,":
                    pos += 1
                if pos < len(buf) or eof:
                    break
                more = fh.read(CHUNK)
                buf, pos, eof = more, 0, not more
            if pos >= len(buf):
                yield Skip(f"{path}#{n + 1}", "cut off: the array ends without its closing ]")
                return
            if buf[pos] == "]":
                return
            n += 1
            scan, dropped = _Scan(pos), 0
            while (end := scan.end(buf)) is None:
                if eof:
                    lost = dropped + len(buf) - scan.start
                    yield Skip(f"{path}#{n}", f"cut off: the file ends inside this element ({lost:,} characters)")
                    return
                if len(buf) - scan.start > limit:  # too large: keep only what is still to scan
                    dropped += scan.at - scan.start
                    buf, scan.at, scan.start = buf[scan.at:], 0, 0
                more = fh.read(CHUNK)
                eof = not more
                buf = buf[scan.start:] + more
                scan.at, scan.start = scan.at - scan.start, 0
            text, pos = buf[scan.start:end], end
            if n <= skip:
                continue
            if dropped:
                yield Skip(f"{path}#{n}", f"too large: over {mib(limit)}, the limit of one article "
                                         f"({dropped + len(text):,} characters)")
                continue
            try:
                obj = json.loads(text)
            except (ValueError, RecursionError) as exc:
                yield Skip(f"{path}#{n}", f"invalid JSON: {json_error(exc)} ({len(text):,} characters skipped)")
                continue
            yield record(obj, f"{path}#{n}")
            if pos > CHUNK:
                buf, pos = buf[pos:], 0


_MEMBER_TOKEN = re.compile(r'(?P<s>"(?:[^"\\]|\\.)*")|(?P<u>")|[\[\]{}:]')


def array_start(path: Path, keys: list[str]) -> int | None:
    """The character offset just after the "[" of the array under object keys `keys` from the top
    ({"response": {"docs": [...]}}: ["response", "docs"]), or None."""
    stack: list[list] = []  # per open container: its bracket and the key of its current member
    last = None
    offset, buf, at = 0, "", 0
    with open_text(path) as fh:
        while chunk := fh.read(CHUNK):
            buf, offset, at = buf[at:] + chunk, offset + at, 0
            for m in _MEMBER_TOKEN.finditer(buf):
                if m.lastgroup == "u":
                    break  # a string that goes on in the next chunk
                at, token = m.end(), m.group()
                if m.lastgroup == "s":
                    last = token
                elif token == ":" and stack and last is not None:
                    stack[-1][1] = json.loads(last)
                elif token in "{[":
                    if token == "[" and [k for _, k in stack] == keys and all(b == "{" for b, _ in stack):
                        return offset + at
                    stack.append([token, None])
                elif stack:
                    stack.pop()
            else:
                at = len(buf)
            if m is not None and m.lastgroup == "u":
                at = m.start()
    return None
