"""Records -> articles: map a source's field names onto ours, clean every field, give a stable id.

Field names are matched case-insensitively against common spellings (FIELD_ALIASES); a user's
`--map body=story_text` overrides them. Fields we do not map are kept in `extra` (shown by
`newssearch show`), so nothing a source said is thrown away.
"""

from __future__ import annotations

import hashlib
import re
from os.path import abspath
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Article, Note, RawRecord, Skip
from ..text.dates import parse_article_date
from .clean import clean_body, clean_inline, clean_title, heading_line

# Each target's usual names, best first (matched case-insensitively; the first with a value
# wins): a summary or description is the body only when no fuller text is there.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "guid", "uuid", "doc_id", "docid", "article_id", "story_id", "identifier"),
    "title": ("title", "headline", "heading", "head", "title_text", "header"),
    "body": ("body", "text", "content", "maintext", "article", "article_text", "articlebody",
             "story", "story_text", "body_text", "full_text", "fulltext", "text_content",
             "description", "short_description", "summary", "abstract", "lead", "lede", "excerpt",
             "teaser", "snippet"),
    "date": ("date", "date_publish", "published", "publish_date", "published_at", "publishedat",
             "datepublished", "pubdate", "pub_date", "published_date", "publication_date",
             "publishdate", "datetime", "date_time", "timestamp", "created_at", "date_created",
             "datecreated", "created", "date_published", "first_published", "release_date", "time"),
    "url": ("url", "link", "canonical_url", "uri", "href", "permalink", "weburl", "article_url"),
    "source": ("source", "source_domain", "publication", "site", "site_name", "sitename",
               "publisher", "outlet", "newspaper", "source_name", "domain", "feed"),
    "authors": ("author", "authors", "byline", "by", "creator", "writer", "reporter", "contributor"),
    "dateline": ("dateline",),
    "language": ("language", "lang", "locale"),
}
TARGETS = tuple(FIELD_ALIASES)

_BY_RE = re.compile(r"^\s*by\s+", re.IGNORECASE)
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:;|\band\b|&|\|)\s*|\s*,\s*(?=[A-Z])")


def parse_field_map(specs: list[str] | dict[str, str] | None) -> dict[str, str]:
    """["body=story_text", "date=pub"] (or {"body": "story_text", ...}) -> {"body": "story_text",
    "date": "pub"}; an unknown field name is an error, not a mapping silently ignored."""
    if isinstance(specs, dict):
        specs = [f"{target}={source}" for target, source in specs.items()]
    mapping: dict[str, str] = {}
    for spec in specs or []:
        target, sep, source = spec.partition("=")
        target, source = target.strip().lower(), source.strip()
        if not sep or not source:
            raise InputError(f"`field_map` expects FIELD=COLUMN (for example body=story_text), got {spec!r}",
                             params=("field_map",))
        if target not in TARGETS:
            raise InputError(f"`field_map`: unknown field {target!r}; fields are {', '.join(TARGETS)}",
                             params=("field_map",))
        mapping[target] = source
    return mapping


def _pick(fields: dict, target: str, overrides: dict[str, str], lowered: dict
          ) -> tuple[str | None, object]:
    """(key, value) of the record's field for `target`. `lowered`: {lower-case name: name}."""
    if target in overrides:  # the user's column wins where a record has it; else the usual names
        key = overrides[target]
        real = key if key in fields else lowered.get(key.lower())
        if real is not None:
            return real, fields[real]
    for alias in FIELD_ALIASES[target]:
        real = lowered.get(alias)
        if real is not None and fields[real] not in (None, "", []):
            return real, fields[real]
    return None, None


MAX_DEPTH = 32  # lists and objects inside a field: deeper is no article's text


class NestedTooDeep(ValueError):
    pass


def _as_text(value, depth: int = 0) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)) and depth >= MAX_DEPTH:
        raise NestedTooDeep(f"nested too deep: a field holds lists or objects over {MAX_DEPTH} levels deep")
    if isinstance(value, list):
        return "\n\n".join(_as_text(v, depth + 1) for v in value)
    if isinstance(value, dict):
        for key in ("text", "value", "name", "title"):
            if key in value:
                return _as_text(value[key], depth + 1)
        return ""
    return str(value)


def _authors(value) -> list[str]:
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        text = clean_inline(_as_text(item))
        text = _BY_RE.sub("", text)
        parts = _AUTHOR_SPLIT_RE.split(text) if not isinstance(value, list) else [text]
        for part in parts:
            part = part.strip(" ,")
            if part and part not in names:
                names.append(part)
    return names


def stable_id(record: RawRecord, own_id) -> str:
    """The record's own id when it has one; otherwise one derived from its absolute origin."""
    if own_id not in (None, ""):
        return clean_inline(str(own_id))
    if record.kind == "api":  # records handed over in memory: identify them by what they say
        f = record.fields
        key = "\x1f".join(_as_text(f.get(k)) for k in ("url", "title", "date", "body", "text"))
        return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
    path, sep, number = record.origin.partition("#")
    key = abspath(path) + (sep + number if sep else "")
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


DERIVED_TITLE_CHARS = 120
UNMAPPED_TEXT_CHARS = 40  # a longer value with several words, in a column we do not read, is text left out


def derived_title(body: str) -> str:
    """A title for display, from the start of the body: its first paragraph, cut at a word."""
    first = body.split("\n", 1)[0]
    return first if len(first) <= DERIVED_TITLE_CHARS else first[:DERIVED_TITLE_CHARS - 3].rsplit(" ", 1)[0] + "…"


def date_value(record: RawRecord, overrides: dict[str, str] | None = None) -> tuple[str | None, object]:
    """(field name, value) of the record's date, as to_article picks it."""
    return _pick(record.fields, "date", overrides or {}, {str(k).lower(): k for k in record.fields})


def to_article(record: RawRecord, overrides: dict[str, str] | None = None,
               date_order: str | None = None) -> Article | Skip:
    """Clean one raw record into an Article, or say why it cannot be one. `date_order` ("dmy" or
    "mdy") reads a numeric date that does not decide its own order ("05/06/2018"); without
    one, such a date is read month first."""
    overrides = overrides or {}
    used: set = set()
    picked: dict[str, object] = {}
    lowered = {str(k).lower(): k for k in record.fields}  # once, not once per target field
    for target in TARGETS:
        key, value = _pick(record.fields, target, overrides, lowered)
        if key is not None:
            used.add(key)
        picked[target] = value

    title = clean_title(_as_text(picked["title"]))
    raw_body = _as_text(picked["body"])
    given_dateline = clean_inline(_as_text(picked["dateline"])).rstrip(" -–—:")
    # a dateline the source gives is the dateline: the body's start then stays in the body
    body, found_dateline, dropped = clean_body(raw_body, extract_dateline=not given_dateline)
    dateline = given_dateline or found_dateline
    if not title and not body and not dateline:
        return Skip(record.origin, "no text (empty title and body)", failed=False)
    notes = [Note("residue_lines", record.origin, line) for line in dropped]
    title_derived = not title
    if title_derived:  # for display only: an untitled wire item's heading line, whole, else the lead
        title = heading_line(raw_body) or derived_title(body or dateline)

    date = (parse_article_date(picked["date"], day_first=date_order == "dmy")
            if picked["date"] not in (None, "") else None)
    url = clean_inline(_as_text(picked["url"]))
    source = clean_inline(_as_text(picked["source"]))
    if not source and url:
        host = urlsplit(url).hostname or ""
        source = host.removeprefix("www.")
    extra = {}
    for key, value in record.fields.items():
        if key in used or value in (None, "", [], {}):
            continue
        extra[str(key)] = value
        if isinstance(value, str) and len(value) >= UNMAPPED_TEXT_CHARS and value.count(" ") >= 5:
            notes.append(Note("unmapped_columns", record.origin, str(key)))
    if picked["date"] not in (None, "") and date is None:
        extra["unreadable_date"] = _as_text(picked["date"])
        notes.append(Note("unreadable_date", record.origin, repr(picked["date"])))
    return Article(
        id=stable_id(record, picked["id"]),
        title=title,
        body=body,
        date=date,
        source=source,
        url=url,
        authors=_authors(picked["authors"]),
        dateline=dateline,
        language=clean_inline(_as_text(picked["language"])).lower(),
        origin=record.origin,
        extra=extra,
        title_derived=title_derived,
        notes=notes,
    )
