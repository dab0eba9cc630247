"""The Python API: everything the CLI does, as calls on one `NewsIndex` object.

One NewsIndex may be shared by many threads: each thread gets its own Whoosh searcher (Whoosh
searchers are not thread-safe), refreshed when the index has changed since it was opened.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from typing import TYPE_CHECKING

from .engine import store
from .indexing import vocabulary
from .errors import IndexMissingError, NewsSearchError
from .search.core import SearchOptions, SearchResult, iter_all, run_search, stored_article, stored_date
from .engine.columns import ColumnView

if TYPE_CHECKING:  # the indexing machinery is imported only when indexing (fast query start-up)
    from .indexing.indexer import IndexReport
    from .ingest.records import Article


@dataclass
class Stats:
    articles: int
    first_date: str | None
    last_date: str | None
    undated: int
    sources: dict[str, int] = field(default_factory=dict)
    size_bytes: int = 0
    index_dir: str = ""

    def to_dict(self) -> dict:
        return {
            "index": self.index_dir, "articles": self.articles,
            "date_range": {"first": self.first_date, "last": self.last_date},
            "undated": self.undated, "sources": self.sources, "size_bytes": self.size_bytes,
        }


class NewsIndex:
    """An open newssearch index. Create with `NewsIndex.open(path, create=True)`."""

    def __init__(self, ix, path: Path):
        self._ix = ix
        self.path = Path(path)
        self._local = threading.local()
        self._vocab: tuple[float, list[str]] | None = None
        self._vocab_lock = threading.Lock()

    # -- opening
    @classmethod
    def open(cls, path: str | os.PathLike | None = None, create: bool = False,
             upgrade: bool = False) -> "NewsIndex":
        """Open the index at `path` (default: $NEWSSEARCH_INDEX or ./index). `upgrade=True`
        (used by a rebuild) starts afresh an index built by an older newssearch."""
        path = Path(path) if path is not None else store.default_index_dir()
        return cls(store.open_index(path, create=create, upgrade=upgrade), path)

    @staticmethod
    def exists(path: str | os.PathLike) -> bool:
        return store.exists(Path(path))

    # -- indexing
    def index_paths(self, paths: Iterable[str | os.PathLike], *, rebuild: bool = False,
                    field_map: dict[str, str] | list[str] | None = None, workers: int | None = None,
                    progress: Callable[["IndexReport"], None] | None = None,
                    on_file: Callable[[Path], None] | None = None) -> "IndexReport":
        """Read, clean and index every article under `paths` (files or folders)."""
        from .indexing.indexer import index_paths
        from .ingest.records import parse_field_map

        if isinstance(field_map, list):
            field_map = parse_field_map(field_map)
        report = index_paths(self._ix, list(paths), rebuild=rebuild, field_map=field_map,
                             workers=workers, progress=progress, on_file=on_file)
        self._changed()
        return report

    def add_articles(self, articles: Iterable["dict | Article"], *, rebuild: bool = False,
                     field_map: dict[str, str] | None = None) -> "IndexReport":
        """Index article records given as dicts (any of the usual field names) or Articles."""
        from .indexing.indexer import index_articles

        report = index_articles(self._ix, articles, rebuild=rebuild, field_map=field_map)
        self._changed()
        return report

    def _changed(self) -> None:
        self._local = threading.local()
        with self._vocab_lock:
            self._vocab = None

    # -- searching
    def _searcher(self):
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._local.searcher = self._ix.searcher()
        elif not s.up_to_date():
            s = self._local.searcher = s.refresh()
        return s

    def vocabulary(self) -> list[str]:
        path = vocabulary.vocab_path(self.path)
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            mtime = 0.0
        with self._vocab_lock:
            if self._vocab is None or self._vocab[0] != mtime:
                self._vocab = (mtime, vocabulary.load(self.path))
            return self._vocab[1]

    def search(self, query: str, *, limit: int = 10, page: int = 1, sort: str | None = None,
               since: str | None = None, until: str | None = None,
               sources: Iterable[str] | str | None = None, snippets: int = 2,
               fragment_chars: int = 160, strict: bool = True, now: datetime | None = None,
               facets: Iterable[str] = (), sample: int | None = None, seed: int = 0,
               collapse: bool = True) -> SearchResult:
        """Search with the query language of the README. Raises QueryError for a bad query
        (strict=False instead searches the words of a query that cannot be parsed).
        `facets` ("source", "author", "month", "year") are counted over all matches; `sample`
        returns that many matching articles drawn at random, reproducibly for a given `seed`;
        `collapse` folds the near copies of a story into its best hit (`hit.copies`). `total`
        always counts every matching article."""
        options = self._options(limit=limit, page=page, sort=sort, since=since, until=until,
                                sources=sources, snippets=snippets, fragment_chars=fragment_chars,
                                strict=strict, now=now, facets=tuple(facets), sample=sample, seed=seed,
                                collapse=collapse)
        return run_search(self._searcher(), query, options, self.vocabulary)

    def _options(self, **kw) -> SearchOptions:
        sources = kw.pop("sources", None)
        if isinstance(sources, str):
            sources = [sources]
        return SearchOptions(sources=tuple(sources or ()), **kw)

    def export(self, query: str, *, since: str | None = None, until: str | None = None,
               sources: Iterable[str] | str | None = None, sort: str | None = None,
               snippets: int = 0, strict: bool = True, now: datetime | None = None):
        """(total, iterator of every matching Hit, newest first; `sort="oldest"` reverses):
        streams any number of articles, one document in memory at a time."""
        options = self._options(since=since, until=until, sources=sources, sort=sort,
                                snippets=snippets, strict=strict, now=now)
        return iter_all(self._searcher(), query, options, self.vocabulary)

    def timeline(self, queries: Iterable[str] | str, *, by: str | None = None,
                 since: str | None = None, until: str | None = None,
                 sources: Iterable[str] | str | None = None, strict: bool = True,
                 now: datetime | None = None):
        """Matching articles per day/week/month/year (chosen from the span when `by` is None),
        with the number of all articles in each period."""
        from .search.timeline import build_timeline

        if isinstance(queries, str):
            queries = [queries]
        options = self._options(since=since, until=until, sources=sources, strict=strict, now=now)
        return build_timeline(self._searcher(), list(queries), options, self.vocabulary, by)

    def terms(self, query: str, *, top: int = 20, since: str | None = None, until: str | None = None,
              sources: Iterable[str] | str | None = None, strict: bool = True,
              now: datetime | None = None):
        """(total, the most characteristic words and two-word phrases of the matching articles)."""
        from .search.keyterms import characteristic_terms
        from .search.core import all_matches, compile_query

        options = self._options(since=since, until=until, sources=sources, strict=strict, now=now)
        options.check()
        q, _ = compile_query(query, options, self.vocabulary)
        searcher = self._searcher()
        matches = all_matches(searcher, q)
        return len(matches), characteristic_terms(searcher, matches, top=top)

    def similar(self, article_id: str, *, limit: int = 10, snippets: int = 2) -> SearchResult:
        """Articles most like one article (more-like-this on its key terms), leaving out the
        article itself and its exact copies."""
        from .search.similar import similar

        return similar(self._searcher(), article_id, limit=limit, snippets=snippets)

    def copies(self, article_id: str) -> list[dict]:
        """The other articles of this article's near-copy cluster (wire copies, corrected
        versions), oldest first; [] when it has none."""
        from whoosh import query as wq

        searcher = self._searcher()
        stored = searcher.document(id=article_id)
        if not stored:
            raise NewsSearchError(f"no article with id {article_id!r} in the index")
        others = [stored_article(searcher.stored_fields(d))
                  for d in searcher.docs_for_query(wq.Term("cluster", stored.get("cluster") or article_id))]
        others = [a for a in others if a["id"] != article_id]
        return sorted(others, key=lambda a: (a["date"] or "9999", a["id"]))

    def get(self, article_id: str) -> dict | None:
        """Every stored field of one article (None if there is no such id)."""
        stored = self._searcher().document(id=article_id)
        return stored_article(stored) if stored else None

    def stats(self) -> Stats:
        """Counts from columns: fast on any archive (no stored document is loaded)."""
        from .engine.datefilter import MISSING
        from .search.facets import facet_counts

        searcher = self._searcher()
        reader = searcher.reader()
        live = list(reader.all_doc_ids())
        dates = ColumnView(reader, "date") if live else None
        values = [v for v in (dates[d] for d in live) if v != MISSING] if live else []

        def shown(value: int | None) -> str | None:
            if value is None:
                return None
            docnum = next(d for d in live if dates[d] == value)
            return stored_date(searcher.stored_fields(docnum)).display()

        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return Stats(
            articles=len(live),
            first_date=shown(min(values)) if values else None,
            last_date=shown(max(values)) if values else None,
            undated=len(live) - len(values),
            sources=facet_counts(reader, live, "source") if live else {},
            size_bytes=size,
            index_dir=str(self.path),
        )

    def close(self) -> None:
        s = getattr(self._local, "searcher", None)
        if s is not None:
            s.close()
        self._local = threading.local()

    def __enter__(self) -> "NewsIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_index(path: str | os.PathLike | None = None, create: bool = False) -> NewsIndex:
    """Shorthand for NewsIndex.open."""
    return NewsIndex.open(path, create=create)


__all__ = ["NewsIndex", "open_index", "IndexMissingError"]
