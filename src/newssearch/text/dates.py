"""Publication dates of articles: from whatever form a source gives to an aware UTC datetime.

Dates are stored in UTC. A date given without a time ("2024-02-14", "Wed Feb 14 2024") is kept as
date-only so that it is displayed as a day, never as a made-up midnight.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

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

_TIME_RE = re.compile(r"\d{1,2}:\d{2}|\b\d{1,2}\s*[ap]\.?m\b|T\d{2}|\b\d{1,2}h\d{2}\b", re.IGNORECASE)
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


def _complete(text: str, day_first: bool = False) -> datetime | None:
    """dateutil fills missing parts from a default; parse twice to refuse dates missing a part."""
    from dateutil import parser as _dateutil_parser  # imported on first use: start-up stays fast

    try:
        a = _dateutil_parser.parse(text, default=datetime(2001, 1, 1), tzinfos=_TZINFOS, dayfirst=day_first)
        b = _dateutil_parser.parse(text, default=datetime(2002, 2, 2), tzinfos=_TZINFOS, dayfirst=day_first)
    except (ValueError, OverflowError, TypeError):
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None
    return a


# Day and month as numbers, year last: "05/06/2018", "26.05.2018 10:30". Year first is ISO's order.
_DMY_RE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?=$|[\sT,])")
_NOT_A_DATE = {"nan", "none", "null", "n/a", "na", "nat", "-", "--", "?", "unknown", "undated", "0"}
_LETTERS_RE = re.compile(r"[^\W\d_]")


def numeric_order(value) -> str | None:
    """For a numeric day/month date ("05/06/2018"): "dmy" or "mdy" when the value itself decides
    the order (a part over 12), "ambiguous" when it cannot (both parts 12 or under, and
    different); None for any other value."""
    m = _DMY_RE.match(str(value).strip()) if isinstance(value, str) else None
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    if first > 12 and second <= 12:
        return "dmy"
    if second > 12 and first <= 12:
        return "mdy"
    return "ambiguous" if first != second else None


def _from_number(value: int | float) -> ArticleDate | None:
    """A number: YYYYMMDD, YYYYMMDDhhmm or YYYYMMDDhhmmss when its digits are such a date, else
    Unix time in seconds, milliseconds, microseconds or nanoseconds, by magnitude. 0, NaN and the
    infinities are no date."""
    if not value or value != value or value in (float("inf"), float("-inf")):
        return None
    if float(value).is_integer():
        digits = str(int(value))
        formats = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
        if len(digits) in formats and 1800 <= int(digits[:4]) <= 2199:
            try:
                dt = datetime.strptime(digits, formats[len(digits)])
            except ValueError:
                pass
            else:
                return ArticleDate(dt.replace(tzinfo=timezone.utc), len(digits) == 8)
    if value < 1e8:  # before March 1973, or a year alone ("2018"), a count, a -1 for "none": no date
        return None
    for limit, scale in ((1e11, 1), (1e14, 1e3), (1e17, 1e6), (1e20, 1e9)):
        if value < limit:
            try:
                return ArticleDate(datetime.fromtimestamp(value / scale, tz=timezone.utc), False)
            except (OverflowError, OSError, ValueError):
                return None
    return None


def parse_article_date(value, day_first: bool | None = None) -> ArticleDate | None:
    """Read a record's date field: ISO 8601, RFC 2822/5322, human forms in English and (through
    dateparser) other languages, YYYYMMDD[hhmm[ss]] as a number or string, Unix time in seconds to
    nanoseconds. A numeric day/month date that does not decide its order ("05/06/2018") is read
    day first when `day_first`, else month first (see numeric_order).

    Returns None when the value is empty or cannot be read as a complete, real calendar date
    ("2024-02-30", "soon", "NaN", "February 2024"): never a guess.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return ArticleDate(_to_utc(value), False)
    if isinstance(value, date):
        return ArticleDate(datetime(value.year, value.month, value.day, tzinfo=timezone.utc), True)
    if isinstance(value, (int, float)):
        return _from_number(value)
    text = " ".join(str(value).split())
    if not text or text.lower() in _NOT_A_DATE:
        return None
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return _from_number(float(text) if "." in text else int(text))
    has_time = bool(_TIME_RE.search(text))
    try:
        return ArticleDate(_to_utc(datetime.fromisoformat(text)), not has_time)
    except ValueError:
        pass
    order = numeric_order(text)
    if order is not None:
        dt = _complete(text, day_first=order == "dmy" or (order == "ambiguous" and bool(day_first)))
        return ArticleDate(_to_utc(_past_century(dt, text)), not has_time) if dt is not None else None
    dt = _complete(text)  # RFC 2822 ("Sat, 26 May 2018 10:30:00 +0000") and human forms
    if dt is None and _YEAR_RE.search(text) and _LETTERS_RE.search(text):
        dt = _other_language(text)
    return ArticleDate(_to_utc(dt), not has_time) if dt is not None else None


def _past_century(dt: datetime, text: str) -> datetime:
    """A two-digit year ("05/06/70") is the past's: 1970, not 2070 (dateutil's choice)."""
    m = _DMY_RE.match(text)
    if m and len(m.group(3)) == 2 and dt.year > datetime.now().year + 1:
        return dt.replace(year=dt.year - 100)
    return dt


_FOREIGN = {"read": 0, "failed": 0}
_FOREIGN_GIVE_UP = 100  # failures beyond the successes after which dateparser is no longer tried


def new_run() -> None:
    """Start an indexing run's count of dates read and failed in other languages afresh, so a
    column of prose in one run does not stop dates of other languages being read in the next."""
    _FOREIGN.update(read=0, failed=0)


def _other_language(text: str) -> datetime | None:
    """"26. Mai 2018", "5 juin 2018 à 10h30", "2018年5月26日": dateparser, strict (day, month and
    year must all be there), absolute dates only, a zone it gives converted to UTC. It is slow on
    text that is not a date, so it is tried last, only on text with a year, each distinct text
    once, and no more in a run once it has failed far more often than it has read (a column of
    prose)."""
    if _FOREIGN["failed"] - _FOREIGN["read"] > _FOREIGN_GIVE_UP:
        return None
    return _dateparser(text)


@lru_cache(maxsize=65536)
def _dateparser(text: str) -> datetime | None:
    import dateparser

    found = dateparser.parse(text, settings={"STRICT_PARSING": True, "PARSERS": ["absolute-time"],
                                              "RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC",
                                              "TO_TIMEZONE": "UTC"})
    _FOREIGN["read" if found else "failed"] += 1
    return found


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
