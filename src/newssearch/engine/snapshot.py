"""A Snapshot: one consistent view of the index (a Whoosh searcher), with the operations the rest
of newssearch reads through. Not thread-safe (Whoosh searchers are not): one per thread."""

from __future__ import annotations

from typing import Any, Callable, Iterator

from whoosh import query as wq
from whoosh.searching import Searcher

from ..query.plan import Plan
from .columns import ColumnView, byte_values, column
from .compile import to_whoosh
from .evaluate import Matches, Segment, evaluate, fallback, supported
from .readercache import cached
from .topk import candidates


class SegmentView:
    """One segment of a snapshot: its columns by the segment's own document numbers, and a cache
    that lives exactly as long as the segment's reader (a refreshed snapshot keeps the readers of
    unchanged segments, and with them what was cached)."""

    __slots__ = ("reader",)

    def __init__(self, reader):
        self.reader = reader

    def column(self, name: str):
        """Raw values (ids as bytes, dates as UNDATED or column numbers) by local docnum."""
        return column(self.reader, name)

    def byte_values(self, name: str) -> list[bytes]:
        """Every value of a variable-bytes column as one list (cached)."""
        return self.cached(("byte values", name), lambda: byte_values(column(self.reader, name)))

    def dates(self):
        """Every document's date column value (UNDATED for none) by local docnum, read in one go
        and cached: an array of unsigned ints."""
        from .datefilter import _cached_dates

        return _cached_dates(self.reader)

    def cached(self, key: Any, make: Callable[[], Any]) -> Any:
        return cached(self.reader, key, make)


class SegmentMatches:
    """A plan's matches in one segment: live documents only, as local docnums (add `offset` for
    the snapshot's global numbers); `scores(docs)` ranks any of them by BM25F."""

    __slots__ = ("segment", "offset", "docs", "_found")

    def __init__(self, segment: SegmentView, offset: int, found: Matches):
        self.segment = segment
        self.offset = offset
        self.docs: set[int] = found.docs
        self._found = found

    def scores(self, docs) -> dict[int, float]:
        return self._found.scores(docs)

    def score_list(self, docs: list[int]) -> list[float]:
        """The scores of `docs` (all among self.docs), in their order."""
        return self._found.score_list(docs)

    def candidates(self, n: int) -> list[int]:
        """Matches among which are the `n` best by score (topk.py: most are left unscored)."""
        return candidates(self._found, n)


class Snapshot:
    def __init__(self, searcher: Searcher):
        self._searcher = searcher

    # -- life
    def up_to_date(self) -> bool:
        return self._searcher.up_to_date()

    def refreshed(self) -> "Snapshot":
        """A snapshot of the index as it is now (unchanged segments' readers are reused)."""
        from .store import opening

        return opening(lambda: Snapshot(self._searcher.refresh()))

    def close(self) -> None:
        self._searcher.close()

    # -- matching
    def segments(self, plan: Plan) -> Iterator[SegmentMatches]:
        """The matches of a plan, segment by segment."""
        q = to_whoosh(plan)
        searcher = self._searcher
        exact = supported(searcher)
        for sub, offset in searcher.leaf_searchers():
            seg = Segment(searcher, sub)
            found = evaluate(q, seg) if exact else fallback(q, seg)
            reader = seg.reader
            if reader.has_deletions() and found.docs:
                deleted = reader.is_deleted
                found.docs = {d for d in found.docs if not deleted(d)}
            yield SegmentMatches(SegmentView(reader), offset, found)

    def matching(self, plan: Plan) -> list[int]:
        """Global docnums of every live document matching the plan, in index order."""
        out: list[int] = []
        for part in self.segments(plan):
            offset = part.offset
            out.extend(offset + d for d in sorted(part.docs))
        return out

    # -- documents
    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def per_index(self) -> list[tuple[int, int]]:
        """(articles searched, articles hidden because an earlier index holds their id) for each
        index read (indexset.py; one index hides none)."""
        return [(self.doc_count(), 0)]

    def live_docs(self) -> list[int]:
        return list(self._searcher.reader().all_doc_ids())

    def stored(self, docnum: int) -> dict:
        """The stored fields of a document (see documents.py for their encodings)."""
        return self._searcher.stored_fields(docnum)

    def docnum_of(self, article_id: str) -> int | None:
        return self._searcher.document_number(id=article_id)

    def docs_with(self, field: str, value: str) -> list[int]:
        """Live documents whose (unanalysed, ID) field has exactly this value."""
        return list(self._searcher.docs_for_query(wq.Term(field, value)))

    def column(self, name: str) -> ColumnView:
        """Raw column values by global docnum."""
        return ColumnView(self._searcher.reader(), name)

    # -- statistics
    def doc_frequency(self, field: str, term: str) -> int:
        return self._searcher.reader().doc_frequency(field, term)

    def idf(self, field: str, term: str) -> float:
        """How much a term of a field says (engine/scoring.py): near 0 for a word in every article."""
        return self._searcher.idf(field, term)

    def key_terms(self, docnum: int, field: str, count: int) -> list[tuple[str, float]]:
        """The terms that characterise one document's field against the whole index (Whoosh's
        Bo1 expansion model over the stored text), best first with their weights."""
        return self._searcher.key_terms([docnum], field, numterms=count)
