"""Publication dates of articles: from whatever form a source gives to an aware UTC datetime.

Dates are stored in UTC. A date given without a time ("2024-02-14", "Wed Feb 14 2024") is kept as
date-only so that it is displayed as a day, never as a made-up midnight.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from ..model import ArticleDate

# Time-zone abbreviations news pages commonly print; dateutil does not know them by itself.
_TZINFOS = {
    name: timezone(timedelta(hours=hours))
    for name, hours in {
        "UTC": 0, "GMT": 0, "Z": 0,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "AEST": 10, "AEDT": 11,
    }.items()
}

_TIME_RE = re.compile(r"\d{1,2}:\d{2}|\b\d{1,2}\s*[ap]\.?m\b|T\d{2}", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_MONTH_NAME_RE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
_NUMERIC_DATE_RE = re.compile(r"(?<!\d)\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?!\d)")
_WORD_RE = re.compile(r"[A-Za-z]+")
# Words that may appear on a date line besides month and day names.
_DATE_LINE_WORDS = {
    "am", "pm", "a", "p", "m", "t", "at", "on", "of", "the", "th", "st", "nd", "rd", "utc", "gmt", "z",
    "updated", "published", "posted", "last", "modified", "date",
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
    "fri", "friday", "sat", "saturday", "sun", "sunday",
} | {t.lower() for t in _TZINFOS}


def _to_utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _complete(text: str) -> datetime | None:
    """dateutil fills missing parts from a default; parse twice to refuse dates missing a part."""
    from dateutil import parser as _dateutil_parser  # imported on first use: start-up stays fast

    try:
        a = _dateutil_parser.parse(text, default=datetime(2001, 1, 1), tzinfos=_TZINFOS)
        b = _dateutil_parser.parse(text, default=datetime(2002, 2, 2), tzinfos=_TZINFOS)
    except (ValueError, OverflowError, TypeError):
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None
    return a


def parse_article_date(value) -> ArticleDate | None:
    """Read a record's date field: ISO 8601, RFC 2822, human forms, epoch seconds or ms.

    Returns None when the value is empty or cannot be read as a complete calendar date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return ArticleDate(_to_utc(value), False)
    if isinstance(value, date):
        return ArticleDate(datetime(value.year, value.month, value.day, tzinfo=timezone.utc), True)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return ArticleDate(datetime.fromtimestamp(seconds, tz=timezone.utc), False)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) >= 9:
        return parse_article_date(int(text))
    has_time = bool(_TIME_RE.search(text))
    try:
        dt = datetime.fromisoformat(text)
        return ArticleDate(_to_utc(dt), not has_time)
    except ValueError:
        pass
    dt = _complete(text)
    if dt is None:
        return None
    return ArticleDate(_to_utc(dt), not has_time)


def parse_date_line(line: str) -> ArticleDate | None:
    """Is this line of a text article a date line, and nothing else? Strict on purpose.

    Accepts "Wed Feb 14 2024", "14 February 2024", "Feb 14, 2024 10:32 AM", "2024-02-14";
    refuses body sentences that merely contain a date, and partial dates such as "February".
    """
    text = line.strip()
    if not text or len(text) > 60 or not _YEAR_RE.search(text):
        return None
    if not (_MONTH_NAME_RE.search(text) or _NUMERIC_DATE_RE.search(text)):
        return None
    for word in _WORD_RE.findall(text):
        w = word.lower()
        if w not in _DATE_LINE_WORDS and not _MONTH_NAME_RE.fullmatch(w):
            return None
    cleaned = re.sub(r"^(updated|published|posted|last modified|date)\s*:?\s*", "", text, flags=re.I)
    return parse_article_date(cleaned)
