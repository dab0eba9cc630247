"""The Python API: everything the CLI does, as calls on one `NewsIndex` object. It opens the
engine, reads the side files the indexer keeps, and hands both to the stage that does the work.

One NewsIndex may be shared by many threads: each thread gets its own engine snapshot (Whoosh
searchers are not thread-safe), refreshed when the index has changed since it was opened.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, cast

from .errors import InputError
from .indexing import nearcopies, vocabulary
from .query.dates import DateValue
from .query.plan import MATCHES
from .results import Copies, Hit, IndexReport, KeyTerms, SearchResult, Stats, Timeline
from .search.options import BY, FACETS, FRAGMENT_CHARS, SORTS, SearchOptions

if TYPE_CHECKING:  # the engine is imported when an index is opened; indexing only when indexing
    from .engine import Index, IndexSet, Snapshot
    from .model import Article

DEFAULT_INDEX = "index"


def default_index_dir() -> Path:
    """$NEWSSEARCH_INDEX, else ./index."""
    return Path(os.environ.get("NEWSSEARCH_INDEX") or DEFAULT_INDEX)


def fast_start() -> None:
    """For a process that is only newssearch (the command line): import the engine without the
    modules Whoosh imports for a download helper (engine/startup.py). Process-wide, so the library
    never does it by itself."""
    from .engine.startup import import_whoosh_lightly

    import_whoosh_lightly()


def parse_field_map(specs: list[str] | dict[str, str] | None) -> dict[str, str]:
    """["body=story_text", ...] -> {"body": "story_text", ...}; InputError for an unknown field."""
    from .ingest.records import parse_field_map as parse

    return parse(specs)


DATE_ORDERS = ("dmy", "mdy")


def check_date_order(date_order: str | None) -> str | None:
    if date_order is not None and date_order not in DATE_ORDERS:
        raise InputError(f"`date_order` must be dmy or mdy, not {date_order!r}", params=("date_order",))
    return date_order


def _writes_one(paths: list[Path]) -> str:
    return (f"`path` names {len(paths)} indexes ({', '.join(map(str, paths))}): several indexes are "
            "searched as one, but articles are written to one index at a time")


def _seconds(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise InputError(f"`{name}` must be a number of seconds (0 or more), not {value!r}", params=(name,))
    return float(value)


class _SideFile:
    """A file kept beside the index, read again only when it has changed."""

    def __init__(self, path: Path, read: Callable[[Path], object]):
        self._path, self._read = path, read
        self._value: tuple[float, object] | None = None
        self._lock = threading.Lock()

    def get(self):
        try:
            mtime = self._path.stat().st_mtime
        except FileNotFoundError:
            mtime = 0.0
        with self._lock:
            if self._value is None or self._value[0] != mtime:
                self._value = (mtime, self._read(self._path.parent))
            return self._value[1]

    def forget(self) -> None:
        with self._lock:
            self._value = None


class _SideFiles:
    """The same side file of each index read, as one value: `combine` of theirs, made again only
    when one of them has changed (one index: its own value)."""

    def __init__(self, files: list[_SideFile], combine: Callable[[list], object]):
        self._files, self._combine = files, combine
        self._value: tuple[list, object] | None = None
        self._lock = threading.Lock()

    def get(self):
        parts = [f.get() for f in self._files]
        if len(parts) == 1:
            return parts[0]
        with self._lock:
            if self._value is None or any(a is not b for a, b in zip(self._value[0], parts)):
                self._value = (parts, self._combine(parts))
            return self._value[1]

    def forget(self) -> None:
        for f in self._files:
            f.forget()


class NewsIndex:
    """An open newssearch index, or several searched as one. Create with
    `NewsIndex.open(path, create=True)`; `NewsIndex.open([path, ...])` reads several."""

    def __init__(self, index: Index | IndexSet):
        self._index = index
        self.paths: list[Path] = list(getattr(index, "paths", [index.path]))
        self.path = index.path  # the first of `paths` when there are several
        self._local = threading.local()
        # side files of several indexes: the union of their words and of their near-copy clusters
        self._words = _SideFiles([_SideFile(vocabulary.vocab_path(p), vocabulary.load) for p in self.paths],
                                 lambda parts: sorted(set().union(*parts)))
        self._clusters = _SideFiles([_SideFile(nearcopies.clusters_path(p), nearcopies.shared_clusters)
                                     for p in self.paths], lambda parts: frozenset().union(*parts))

    # -- opening
    @classmethod
    def open(cls, path: str | os.PathLike | Iterable[str | os.PathLike] | None = None, create: bool = False,
             upgrade: bool = False) -> "NewsIndex":
        """Open the index at `path` (default: $NEWSSEARCH_INDEX or ./index). `upgrade=True`
        (used by a rebuild) starts afresh an index built by an older newssearch.

        `path` may be a list of index folders: they are searched as one, with the ranking and
        totals of one index holding all their articles (a folder named twice is read once; an
        article id in several of them is the first one's article). Such a NewsIndex only reads:
        articles are added to one index at a time.

        Raises IndexMissingError when there is no index at `path` (unless `create`) or one that
        an older newssearch built (`outdated`, unless `upgrade`), naming that folder; InputError
        for an empty list, or for several folders with `create` or `upgrade`."""
        from .engine import Index, IndexSet

        if path is not None and not isinstance(path, (str, os.PathLike)):
            paths = IndexSet.distinct(path)
            if not paths:
                raise InputError("`path` must name at least one index folder", params=("path",))
            if len(paths) > 1:
                if create or upgrade:
                    raise InputError(_writes_one(paths), params=("path",))
                return cls(IndexSet.open(paths))
            path = paths[0]
        path = Path(path) if path is not None else default_index_dir()
        return cls(Index.open(path, create=create, upgrade=upgrade))

    @staticmethod
    def exists(path: str | os.PathLike) -> bool:
        """Whether there is an index at `path` (of any version). Raises nothing."""
        from .engine import Index

        return Index.exists(path)

    # -- indexing
    def index_paths(self, paths: Iterable[str | os.PathLike], *, rebuild: bool = False,
                    field_map: dict[str, str] | list[str] | None = None, date_order: str | None = None,
                    columns: list[str] | None = None, workers: int | None = None,
                    commit_every: int | None = None,
                    progress: Callable[[IndexReport], None] | None = None,
                    on_file: Callable[[Path], None] | None = None, wait: float = 5.0) -> IndexReport:
        """Read, clean and index every article under `paths` (files or folders). `field_map`
        ({"body": "story_text"} or ["body=story_text"]) names a source's own fields (a column
        no record has is an InputError); `date_order` ("dmy" or "mdy") reads numeric dates whose
        own file does not show which number is the day; `columns` names the columns of CSV files
        that have no header row; `workers` processes index a large run
        (default: all cores); a run commits every `commit_every` articles (default 100,000), so an
        interrupted run keeps what it committed. One run writes at a time: this one waits up to
        `wait` seconds for another to finish.

        Raises MissingInputError (nothing is written) when a path does not exist, InputError for
        an unusable option (`field_map`, `date_order`, `columns`), IndexBusyError (naming the
        other run) when another run still writes after `wait` seconds, Interrupted when the run
        is interrupted (what it committed is kept)."""
        from .indexing.indexer import COMMIT_EVERY, index_paths
        from .ingest.records import parse_field_map

        report = index_paths(self._writable(), list(paths), rebuild=rebuild, field_map=parse_field_map(field_map),
                             date_order=check_date_order(date_order), columns=columns, workers=workers,
                             commit_every=commit_every or COMMIT_EVERY, progress=progress, on_file=on_file,
                             wait=_seconds(wait, "wait"))
        self._changed()
        return report

    def add_articles(self, articles: Iterable["dict | Article"], *, rebuild: bool = False,
                     field_map: dict[str, str] | list[str] | None = None,
                     date_order: str | None = None, wait: float = 5.0) -> IndexReport:
        """Index article records given as dicts (any of the usual field names) or Articles;
        `field_map`, `date_order` and `wait` as for `index_paths`.

        Raises InputError for an unusable `field_map` or `date_order`, IndexBusyError when
        another run still writes after `wait` seconds."""
        from .indexing.indexer import index_articles
        from .ingest.records import parse_field_map

        report = index_articles(self._writable(), articles, rebuild=rebuild, field_map=parse_field_map(field_map),
                                date_order=check_date_order(date_order), wait=_seconds(wait, "wait"))
        self._changed()
        return report

    def _writable(self) -> Index:
        """The one index written to (InputError when several are read as one)."""
        if len(self.paths) > 1:
            raise InputError(_writes_one(self.paths), params=("path",))
        return cast("Index", self._index)

    def _changed(self) -> None:
        self._local = threading.local()
        self._words.forget()
        self._clusters.forget()

    # -- searching
    def _snapshot(self) -> Snapshot:
        s = getattr(self._local, "snapshot", None)
        if s is None:
            s = self._local.snapshot = self._index.snapshot()
        elif not s.up_to_date():
            s = self._local.snapshot = s.refreshed()
        return s

    def vocabulary(self) -> list[str]:
        """The archive's folded word forms, sorted (for wildcards, fuzzy words, did-you-mean).
        Raises nothing."""
        return self._words.get()

    def _shared(self) -> frozenset[bytes]:
        return self._clusters.get()

    @staticmethod
    def _options(**kw) -> SearchOptions:
        options = SearchOptions(**kw)
        options.check()
        return options

    def search(self, query: str, *, limit: int = 10, page: int = 1, sort: str | None = None,
               since: DateValue = None, until: DateValue = None,
               sources: Iterable[str] | str | None = None, snippets: int = 2,
               fragment_chars: int = FRAGMENT_CHARS, strict: bool = True, now: datetime | None = None,
               facets: Iterable[str] = (), sample: int | None = None, seed: int = 0,
               collapse: bool = True, date_order: str | None = None, match: str = "all") -> SearchResult:
        """Search with the query language of the README. Raises QueryError for a bad query
        (strict=False instead searches the words of a query that cannot be parsed).
        `facets` ("source", "author", "month", "year") are counted over all matches; `sample`
        returns that many matching articles drawn at random, reproducibly for a given `seed`;
        `collapse` folds the near copies of a story into its best hit (`hit.copies`);
        `date_order` ("dmy" or "mdy") reads a date such as 4.3.1987 in the query or in `since` and
        `until` (without it such a date is a QueryError); `match="any"` ranks every article with
        any of the query's words (function words left out) instead of requiring them all. `total`
        always counts every matching article; when no article has every word, `relaxed_hint` says
        how many have some. `since` and `until` are inclusive whole days: text in the date grammar
        ("2024-02", "7d"), a `datetime.date`, or a `datetime.datetime` (its day in UTC).

        Raises QueryError, naming the parameter (`error.params`), for a query that cannot be
        read (strict), one over the bounds (`syntax.MAX_QUERY_CHARS` characters,
        `MAX_QUERY_TERMS` different words, parentheses nested `MAX_NESTING` deep, a wildcard
        matching too many words) and for a wrong option: `limit`, `page` (whole numbers from 1),
        `snippets`, `sample`, `seed`, `fragment_chars`, `sort`, `match`, `facets`, `sources`,
        `since`, `until`, `date_order`, `strict`, `collapse`, `now`."""
        from .search.core import run_search

        options = self._options(limit=limit, page=page, sort=sort, since=since, until=until,
                                sources=sources, snippets=snippets, fragment_chars=fragment_chars,
                                strict=strict, now=now, facets=facets, sample=sample, seed=seed,
                                collapse=collapse, date_order=date_order, match=match)
        return run_search(self._snapshot(), query, options, self.vocabulary, self._shared())

    def export(self, query: str, *, since: DateValue = None, until: DateValue = None,
               sources: Iterable[str] | str | None = None, sort: str | None = None,
               snippets: int = 0, strict: bool = True, now: datetime | None = None,
               date_order: str | None = None, match: str = "all") -> tuple[int, Iterator[Hit]]:
        """(total, iterator of every matching Hit, newest first; `sort="oldest"` reverses):
        streams any number of articles, one document in memory at a time. The options mean what
        they mean for `search`.

        Raises QueryError (naming the parameter) as `search` does, before the first hit."""
        from .search.core import iter_all

        options = self._options(since=since, until=until, sources=sources, sort=sort,
                                snippets=snippets, strict=strict, now=now, date_order=date_order, match=match)
        return iter_all(self._snapshot(), query, options, self.vocabulary)

    def timeline(self, queries: Iterable[str] | str, *, by: str | None = None,
                 since: DateValue = None, until: DateValue = None,
                 sources: Iterable[str] | str | None = None, strict: bool = True,
                 now: datetime | None = None, date_order: str | None = None, match: str = "all") -> Timeline:
        """Matching articles per day/week/month/year (chosen from the span when `by` is None),
        with the number of all articles in each period; one query or several (`queries`).

        Raises QueryError (naming the parameter) for a query or option as `search` does, for no
        query at all, for a `by` other than day, week, month or year, and for a span of more
        than `timeline.MAX_PERIODS` periods."""
        from .search.timeline import build_timeline

        options = self._options(since=since, until=until, sources=sources, strict=strict, now=now,
                                date_order=date_order, match=match)
        return build_timeline(self._snapshot(), queries, options, self.vocabulary, by)

    def terms(self, query: str, *, top: int = 20, since: DateValue = None, until: DateValue = None,
              sources: Iterable[str] | str | None = None, strict: bool = True,
              now: datetime | None = None, date_order: str | None = None, match: str = "all") -> KeyTerms:
        """The most characteristic words and two-word phrases of the matching articles, `top`
        of each kind.

        Raises QueryError (naming the parameter) for a query or option as `search` does, and for
        a `top` that is not a whole number from 1."""
        from .search.keyterms import describe

        options = self._options(since=since, until=until, sources=sources, strict=strict, now=now,
                                date_order=date_order, match=match)
        return describe(self._snapshot(), query, options, self.vocabulary, top=top)

    def similar(self, article_id: str, *, limit: int = 10, snippets: int = 2) -> SearchResult:
        """Articles most like one article (more-like-this on its key terms), leaving out the
        article itself and its exact and near copies.

        Raises NotFoundError for an unknown id, QueryError for an `article_id` that is not text
        and for a `limit` or `snippets` as `search` checks them."""
        from .search.similar import similar

        return similar(self._snapshot(), article_id, limit=limit, snippets=snippets, shared=self._shared())

    def copies(self, article_id: str) -> Copies:
        """The other articles of this article's near-copy cluster (wire copies, corrected
        versions), oldest first.

        Raises NotFoundError for an unknown id, QueryError for an `article_id` that is not text."""
        from .search.articles import copies

        return copies(self._snapshot(), article_id)

    def get(self, article_id: str) -> dict:
        """Every stored field of one article.

        Raises NotFoundError for an unknown id, QueryError for an `article_id` that is not text."""
        from .search.articles import article

        return article(self._snapshot(), article_id)

    def stats(self) -> Stats:
        """Articles, date range, sources and size on disk: from columns, fast on any archive
        (of several indexes: the whole, and each index's articles and size). Raises nothing."""
        from .search.articles import stats

        return stats(self._snapshot(), self.paths)

    def close(self) -> None:
        """Release this thread's view of the index (the next call opens a new one). Raises nothing."""
        s = getattr(self._local, "snapshot", None)
        if s is not None:
            s.close()
        self._local = threading.local()

    def __enter__(self) -> "NewsIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["NewsIndex", "default_index_dir", "fast_start", "parse_field_map", "SORTS", "BY", "FACETS", "MATCHES"]
