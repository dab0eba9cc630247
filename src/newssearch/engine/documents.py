"""Articles in and out of the index: the fields an Article is stored as (schema.py), and the
stored fields read back as plain values. The encodings live here only: authors joined by "; "
for display and by "\\x1f" for the facet column, dates as naive UTC with a date-only flag, extra
metadata as JSON, and the date column's numbers (microseconds since year 1; undated: UNDATED)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from ..model import Article, ArticleDate, source_key
from .datefilter import MISSING
from .schema import PAIR_FIELDS

UNDATED = MISSING  # the date column's value for an article without a date (sorts last)
_EPOCH = datetime(1, 1, 1)


def article_document(article: Article, content_hash: str, body_hash: str, duplicate_of: str,
                     cluster: str = "", signature: bytes = b"") -> dict:
    """The document for an article: field names as in schema.py."""
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "source_key": source_key(article.source),
        "authors": "; ".join(article.authors),
        "dateline": article.dateline,
        "url": article.url,
        "language": article.language,
        "origin": article.origin,
        "extra": json.dumps(article.extra, ensure_ascii=False, default=str) if article.extra else "",
        "content_hash": content_hash,
        "body_hash": body_hash,
        "duplicate_of": duplicate_of,
        "facet_source": article.source.encode("utf-8"),
        "facet_authors": "\x1f".join(article.authors).encode("utf-8"),
        "cluster": cluster or article.id,
        "minhash": signature,
    }
    if article.title_derived:  # shown, but not searched or scored as a headline
        doc["title"] = ""
        doc["_stored_title"] = article.title
        doc["title_derived"] = True
    for text_field, pair_field in PAIR_FIELDS.items():  # the same text: pairs are made from its words
        doc[pair_field] = doc[text_field]
    if article.date is not None:
        doc["date"] = article.date.naive_utc
        doc["date_only"] = article.date.date_only
    return doc


def stored_date(stored: dict) -> ArticleDate | None:
    value = stored.get("date")
    if value is None:
        return None
    return ArticleDate(value.replace(tzinfo=timezone.utc), bool(stored.get("date_only")))


def stored_authors(stored: dict) -> list[str]:
    return [a for a in (stored.get("authors") or "").split("; ") if a]


def stored_article(stored: dict) -> dict:
    """Every stored field of an article, as plain JSON-able values."""
    out = dict(stored)
    d = stored_date(stored)
    out["date"] = d.display() if d else None
    out.pop("date_only", None)
    out["authors"] = stored_authors(stored)
    out["title_derived"] = bool(stored.get("title_derived"))
    extra = stored.get("extra") or ""
    out["extra"] = json.loads(extra) if extra else {}
    return out


def column_datetime(value: int) -> datetime:
    """A date column value as a naive UTC datetime (the inverse of Whoosh's datetime_to_long)."""
    return _EPOCH + timedelta(microseconds=value)


def facet_authors(value: bytes) -> list[str]:
    """The authors in an article's facet_authors column value."""
    raw = value.decode("utf-8")
    return raw.split("\x1f") if raw else []
