"""The options of a search, checked in the library's own words, and the filters they make."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..errors import QueryError
from ..model import source_key
from ..query import plan as qp
from ..query.dates import since_until
from ..query.plan import MATCHES

SORTS = ("relevance", "newest", "oldest")
FACETS = ("source", "author", "month", "year")
BY = ("day", "week", "month", "year")  # timeline periods
FRAGMENT_CHARS = 160  # about how long a snippet is


@dataclass
class SearchOptions:
    limit: int = 10
    page: int = 1
    sort: str | None = None  # None: relevance for word queries, newest for listings (`*`)
    since: str | None = None
    until: str | None = None
    sources: tuple[str, ...] = ()
    snippets: int = 2
    fragment_chars: int = FRAGMENT_CHARS
    strict: bool = True
    now: datetime | None = None
    facets: tuple[str, ...] = ()
    sample: int | None = None  # a reproducible random sample of this many matching articles
    seed: int = 0
    collapse: bool = True  # fold near copies of a story into its best hit ("+3 similar")
    date_order: str | None = None  # "dmy" or "mdy": how to read a date such as 4.3.1987
    match: str = "all"  # "all": every word required; "any": rank articles with any of them

    def check(self) -> None:
        if self.limit < 1:
            raise QueryError("`limit` must be at least 1", params=("limit",))
        if self.page < 1:
            raise QueryError("`page` must be at least 1", params=("page",))
        if self.sort is not None and self.sort not in SORTS:
            raise QueryError(f"`sort` must be one of {', '.join(SORTS)}, not {self.sort!r}", params=("sort",))
        if self.snippets < 0:
            raise QueryError("`snippets` cannot be negative", params=("snippets",))
        if self.sample is not None and self.sample < 1:
            raise QueryError("`sample` must be at least 1", params=("sample",))
        for name in self.facets:
            if name not in FACETS:
                raise QueryError(f"unknown facet {name!r}: facets are {', '.join(FACETS)}", params=("facets",))
        self.facets = tuple(dict.fromkeys(self.facets))
        if self.match not in MATCHES:
            raise QueryError(f"`match` must be all or any, not {self.match!r}", params=("match",))
        if self.date_order not in (None, "dmy", "mdy"):
            raise QueryError(f"`date_order` must be dmy or mdy, not {self.date_order!r}", params=("date_order",))

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
