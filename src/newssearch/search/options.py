"""The options of a search, checked in the library's own words, and the filters they make."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from ..errors import QueryError, quoted
from ..model import source_key
from ..query import plan as qp
from ..query.dates import DateValue, since_until
from ..query.plan import MATCHES

SORTS = ("relevance", "newest", "oldest")
FACETS = ("source", "author", "month", "year")
BY = ("day", "week", "month", "year")  # timeline periods
FRAGMENT_CHARS = 160  # about how long a snippet is


def _shown(value) -> str:
    """A wrong value as a message shows it: a text quoted (shortened), else its type, and the
    value if it is short."""
    if isinstance(value, str):
        return quoted(value, width=40)
    text = repr(value)
    return type(value).__name__ + (f" {text}" if len(text) <= 40 else "")


def whole_number(value, name: str, least: int | None = 1) -> int:
    """`value` as an int (numpy's too), or QueryError naming the parameter: a bool, a float or a
    text is not a count."""
    try:
        if isinstance(value, bool):
            raise TypeError
        number = operator.index(value)
    except TypeError:
        raise QueryError(f"`{name}` must be a whole number, not {_shown(value)}", params=(name,)) from None
    if least is not None and number < least:
        if least == 0:
            raise QueryError(f"`{name}` cannot be negative", params=(name,))
        raise QueryError(f"`{name}` must be at least {least}", params=(name,))
    return number


def choice(value, name: str, allowed: tuple[str, ...], optional: bool = False) -> str | None:
    """One of `allowed` (or None when `optional`), or QueryError naming the parameter."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in allowed:
        if name == "facets":
            raise QueryError(f"unknown facet {_shown(value)}: facets are {', '.join(allowed)}", params=(name,))
        some = " or ".join(allowed) if len(allowed) == 2 else "one of " + ", ".join(allowed)
        raise QueryError(f"`{name}` must be {some}, not {_shown(value)}", params=(name,))
    return value


def names(value, name: str) -> list[str]:
    """A text or an iterable of texts (sources, facets) as a list, or QueryError naming it."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        items = list(value)
    except TypeError:
        items = [value]
    for item in items:
        if not isinstance(item, str):
            raise QueryError(f"`{name}` must be texts, not {_shown(item)}", params=(name,))
    return items


@dataclass
class SearchOptions:
    limit: int = 10
    page: int = 1
    sort: str | None = None  # None: relevance for word queries, newest for listings (`*`)
    since: DateValue = None  # text in the date grammar, a datetime.date or a datetime.datetime
    until: DateValue = None
    sources: tuple[str, ...] | Iterable[str] | str | None = ()  # a tuple of texts once checked
    snippets: int = 2
    fragment_chars: int = FRAGMENT_CHARS
    strict: bool = True
    now: datetime | None = None
    facets: tuple[str, ...] | Iterable[str] | str = ()  # a tuple of names once checked
    sample: int | None = None  # a reproducible random sample of this many matching articles
    seed: int = 0
    collapse: bool = True  # fold near copies of a story into its best hit ("+3 similar")
    date_order: str | None = None  # "dmy" or "mdy": how to read a date such as 4.3.1987
    match: str = "all"  # "all": every word required; "any": rank articles with any of them

    def check(self) -> None:
        """Every option's type and value, in the library's words (QueryError naming it)."""
        self.limit = whole_number(self.limit, "limit")
        self.page = whole_number(self.page, "page")
        self.snippets = whole_number(self.snippets, "snippets", least=0)
        self.fragment_chars = whole_number(self.fragment_chars, "fragment_chars")
        self.seed = whole_number(self.seed, "seed", least=None)
        if self.sample is not None:
            self.sample = whole_number(self.sample, "sample")
        self.sort = choice(self.sort, "sort", SORTS, optional=True)
        self.match = choice(self.match, "match", MATCHES)
        self.date_order = choice(self.date_order, "date_order", ("dmy", "mdy"), optional=True)
        self.facets = tuple(dict.fromkeys(choice(name, "facets", FACETS) for name in names(self.facets, "facets")))
        self.sources = tuple(names(self.sources, "sources"))
        for name in ("strict", "collapse"):
            if not isinstance(getattr(self, name), bool):
                raise QueryError(f"`{name}` must be True or False, not {_shown(getattr(self, name))}", params=(name,))
        if self.now is not None and not isinstance(self.now, datetime):
            raise QueryError(f"`now` must be a datetime.datetime, not {_shown(self.now)}", params=("now",))
        since_until(self.since, self.until, self.now, self.date_order)  # read now: errors before any work

    def filters(self) -> qp.Plan | None:
        """since / until / sources as one plan (None when there is no filter)."""
        parts: list[qp.Plan] = []
        period = since_until(self.since, self.until, self.now, self.date_order)
        if period.start is not None or period.end is not None:
            parts.append(qp.DateRange(period.start, period.end))
        keys = [source_key(s) for s in self.sources if s.strip()]
        if keys:
            terms = [qp.Term("source_key", k) for k in keys]
            parts.append(terms[0] if len(terms) == 1 else qp.AnyOf(tuple(terms)))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else qp.AllOf(tuple(parts))
