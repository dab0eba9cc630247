"""JSON inputs: JSON Lines (an article per line), a top-level array of articles, or an object:
one article, or an envelope holding an array of them (an API response such as
{"status": "ok", "articles": [...]}, a search engine's {"response": {"docs": [...]}} or
{"hits": {"hits": [...]}}). Arrays are streamed with ijson, never loaded whole.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip
from .files import MAX_RECORD_BYTES, json_error, lines, mib, open_text

# Keys under which envelopes keep their records, and what marks an object as an article itself.
ENVELOPE_KEYS = {"articles", "data", "results", "items", "docs", "documents", "entries", "records",
                 "stories", "news", "hits", "posts", "rows", "value", "response", "feed", "children"}
ARTICLE_KEYS = {"title", "headline", "body", "text", "content", "maintext", "article", "story"}
FIRST_LINE_LIMIT = 1 << 20  # characters of a .json file's first line read to tell JSON Lines apart


def read_json(path: Path, prefer_lines: bool) -> Iterator[RawRecord | Skip]:
    """JSON Lines, a JSON array of objects, or a JSON object (an article or an envelope), told
    apart by the content: an array starts with "[", JSON Lines has a whole object on its first
    line."""
    with open_text(path) as fh:
        first = fh.read(1)
        while first and first.isspace():
            first = fh.read(1)
        if not first:
            yield Skip(str(path), "empty file", failed=False)
            return
        if first == "[" and not prefer_lines:
            from .jsonarray import read_array

            yield from read_array(path, _record)
            return
        if not prefer_lines:  # a minified envelope is one long line: look at its start only, then stream it
            line = first + fh.readline(FIRST_LINE_LIMIT)
            whole = line.endswith("\n") or len(line) <= FIRST_LINE_LIMIT
            if not whole or _loads_object(line) is None:
                yield from _object_file(path)
                return
            first = line
        yield from _lines(path, first, fh)


def _lines(path: Path, first: str, fh: io.TextIOBase) -> Iterator[RawRecord | Skip]:
    for lineno, line in enumerate(lines(fh, first), 1):
        if isinstance(line, int):
            yield Skip(f"{path}#{lineno}", f"too large: a line of {line:,} characters, over {mib(MAX_RECORD_BYTES)}, "
                                           f"the limit of one record")
        elif line.strip():
            origin = f"{path}#{lineno}"
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError) as exc:
                yield Skip(origin, f"invalid JSON: {json_error(exc)}")
            else:
                inside = envelope_records(obj) if isinstance(obj, dict) else None
                if inside is None:
                    yield _record(obj, origin)
                else:
                    for n, item in enumerate(inside, 1):
                        yield _record(item, f"{origin}.{n}")


def envelope_records(obj: dict) -> list | None:
    """The records of an envelope given whole (a line of JSON Lines), or None for an article."""
    if ARTICLE_KEYS & {str(k).lower() for k in obj}:
        return None
    for key, value in obj.items():
        if str(key).lower() in ENVELOPE_KEYS:
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                return value
            if isinstance(value, dict):
                inner = envelope_records(value)
                if inner is not None:
                    return inner
    return None


def _object_file(path: Path) -> Iterator[RawRecord | Skip]:
    """A (pretty-printed) object: the records of its array when it is an envelope, else the one
    article it is."""
    import ijson

    try:
        prefix = _records_prefix(path)
    except ijson.JSONError as exc:
        if "trailing garbage" in str(exc):  # more than one value: JSON Lines with a very long first line
            with open_text(path) as fh:
                yield from _lines(path, "", fh)
            return
        yield Skip(str(path), f"invalid JSON: {' '.join(str(exc).split())}"[:300])
        return
    if prefix is not None:
        yield from _stream(path, prefix)
        return
    with open_text(path) as fh:
        text = fh.read(MAX_RECORD_BYTES + 1)
        if len(text) > MAX_RECORD_BYTES:
            yield Skip(str(path), f"too large: over {mib(MAX_RECORD_BYTES)}, the limit of one article")
            return
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            yield Skip(str(path), f"invalid JSON: {json_error(exc)}")
            return
    if isinstance(obj, dict):
        yield RawRecord(obj, str(path), "json")
    else:
        yield Skip(str(path), "not a JSON object")


def _records_prefix(path: Path) -> str | None:
    """Where an envelope keeps its records ("articles.item", "response.docs.item"); None when the
    object is an article (or holds no array of objects). The whole file is parsed (streamed, a
    second pass over it) because an article's own keys may come after a list it holds:
    {"data": [...], "title": ...} is an article, not an envelope."""
    import ijson

    top_keys: set[str] = set()
    found = fallback = None
    with _utf8(path) as stream:
        try:
            for prefix, event, value in ijson.parse(stream):
                if event == "map_key" and prefix == "":
                    top_keys.add(str(value).lower())
                elif found is None and event == "start_map" and prefix.endswith(".item") \
                        and prefix.split(".").count("item") == 1:
                    # an array of objects not inside another array: "items.item", "response.docs.item"
                    key = prefix[:-len(".item")].rsplit(".", 1)[-1].lower()
                    if key in ENVELOPE_KEYS:
                        found = prefix
                    fallback = fallback or prefix
        except ijson.JSONError as exc:
            if not (found or fallback) or ARTICLE_KEYS & top_keys or "trailing garbage" in str(exc):
                raise
            # a bad record inside the envelope's array: the envelope as far as it could be read
    return None if ARTICLE_KEYS & top_keys else found or fallback


def _stream(path: Path, prefix: str) -> Iterator[RawRecord | Skip]:
    """The objects of an array (at `prefix`, ijson's path), one at a time."""
    import ijson

    n = 0
    with _utf8(path) as stream:
        try:
            for n, obj in enumerate(ijson.items(stream, prefix, use_float=True), 1):
                yield _record(obj, f"{path}#{n}")
            return
        except ijson.JSONError as exc:
            error = f"invalid JSON: {' '.join(str(exc).split())}"[:300]
    # a bad record: the array read on from it, element by element, when it can be found
    from .jsonarray import array_start, read_array

    start = array_start(path, prefix.split(".")[:-1])
    if start is None:
        yield Skip(f"{path}#{n + 1}", error)
        return
    yield from read_array(path, _record, start=start, skip=n)


def _record(obj: object, origin: str) -> RawRecord | Skip:
    if not isinstance(obj, dict):
        return Skip(origin, f"not a JSON object ({type(obj).__name__})")
    source = obj.get("_source")
    if isinstance(source, dict) and not ARTICLE_KEYS & {str(k).lower() for k in obj}:  # a search hit
        obj = {**source, "id": source.get("id", obj.get("_id"))}
    return RawRecord(obj, origin, "json")


def _loads_object(text: str) -> dict | None:
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


class _utf8:
    """A file as clean UTF-8 bytes for ijson (which reads with `read`): gzip read, a BOM dropped,
    undecodable bytes made U+FFFD (as everywhere else), so one bad byte does not end the stream."""

    def __init__(self, path: Path):
        self._text = open_text(path)

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks what kind of reader this is
            return b""
        return self._text.read(size if size < 0 else max(1, size // 4)).encode("utf-8")

    def __enter__(self) -> "_utf8":
        return self

    def __exit__(self, *exc) -> None:
        self._text.close()
