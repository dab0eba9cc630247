"""The nouns that flow in: a raw record as a source gave it, a Skip (what was not indexed and why),
a cleaned Article with its ArticleDate, and the catalogue of searchable fields.

Every stage speaks these types, so none of them imports another stage to learn a shape."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Note:
    """Something about a record worth telling, though it was indexed: a `kind` the run counts
    (unreadable_date, residue_lines, ...) and what it was about (`detail`)."""

    kind: str
    origin: str
    detail: str


@dataclass
class RawRecord:
    """One article as the source gave it: raw field names and values, and where it came from."""

    fields: dict
    origin: str  # file path, plus "#N" (line, row, element or WARC record number)
    kind: str  # "text", "json", "csv", "html", "warc" or "api"
    notes: tuple[Note, ...] = ()  # indexed all the same, but worth telling (bad bytes, ...)


@dataclass
class Skip:
    """Something that was not indexed, and why."""

    origin: str
    reason: str
    failed: bool = True  # it could not be read; False: it was read and had nothing to index


@dataclass(frozen=True)
class ArticleDate:
    """A publication date: `value` is aware and in UTC; `date_only` when no time was given."""

    value: datetime
    date_only: bool

    def display(self) -> str:
        if self.date_only:
            return self.value.date().isoformat()
        return self.value.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def naive_utc(self) -> datetime:
        """The same instant without a time zone (what the index stores)."""
        return self.value.replace(tzinfo=None)


@dataclass
class Article:
    """A cleaned article, ready to index. `date` is None when the source gave none we could read.
    `title_derived`: the source gave no title, so `title` was made from the start of the body for
    display; it is not indexed (or scored) as a headline."""

    id: str
    title: str
    body: str
    date: ArticleDate | None = None
    source: str = ""
    url: str = ""
    authors: list[str] = field(default_factory=list)
    dateline: str = ""
    language: str = ""
    origin: str = ""
    extra: dict = field(default_factory=dict)
    title_derived: bool = False
    notes: list[Note] = field(default_factory=list)  # for the run's report; never indexed

    def content_hash(self) -> str:
        """Changes when anything indexed changes (not the origin), so re-indexing can skip it."""
        # the fields asdict() would give, without its deep copies (the same JSON, the same hash)
        data = {"id": self.id, "title": self.title, "body": self.body,
                "date": self.date.display() if self.date else None, "source": self.source,
                "url": self.url, "authors": self.authors, "dateline": self.dateline,
                "language": self.language, "extra": self.extra}
        if self.title_derived:
            data["title_derived"] = True
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        import hashlib  # here: a query never hashes, and its process starts without OpenSSL

        return hashlib.blake2b(blob.encode("utf-8"), digest_size=12).hexdigest()

    def body_hash(self) -> str:
        """Exact-duplicate key: the cleaned body, whitespace and case folded."""
        folded = " ".join(self.body.lower().split())
        import hashlib

        return hashlib.blake2b(folded.encode("utf-8"), digest_size=12).hexdigest()


# ---- the field catalogue -----------------------------------------------------------------------

# Fields a query may name (`title:rafah`), with aliases; values are the index's field names.
QUERY_FIELDS = {
    "title": "title", "headline": "title", "head": "title",
    "body": "body", "text": "body", "content": "body",
    "source": "source", "site": "source", "publication": "source",
    "author": "authors", "authors": "authors", "byline": "authors",
    "dateline": "dateline", "place": "dateline",
    "url": "url", "link": "url",
}
DEFAULT_FIELDS = ("title", "dateline", "body")  # what a word without a field searches: all of the text
STEMMED_FIELDS = frozenset({"title", "dateline", "body"})  # the text; the others are folded, not stemmed
TITLE_BOOST = 2.0  # a word in the headline says more about the story than one in the body


def source_key(source: str) -> str:
    """The exact-match key of a source name: `--source "Arab News"` == "arab news"."""
    return " ".join(source.casefold().split())
