"""The engine: the only package that knows Whoosh (its objects, its byte format, its speed-ups).

Everything else reads and writes the index through this small interface:

    Index.open(path, create=False, upgrade=False) / Index.exists(path)
    IndexSet.open(paths)                  several indexes read as one (indexset.py): .snapshot()
    index.snapshot() -> Snapshot          one consistent view, for one thread
        .segments(plan)                   a plan's matches per segment: live docnums and
                                          BM25F `scores(docs)`, columns, a per-segment cache
        .matching(plan)                   every matching docnum
        .column(name) .stored(docnum) .docnum_of(id) .docs_with(field, value) .live_docs()
        .doc_count() .per_index() .doc_frequency(field, term) .idf(field, term) .key_terms(docnum, field, n)
        .up_to_date() .refreshed() .close()
    index.writer(workers, limitmb, on_words) -> Writer
        .add(doc) .update(doc) .commit(replace_all=False) .cancel()
    article_document(article, ...) / stored_article(stored) / stored_date(stored) / stored_authors(stored)
    UNDATED, column_datetime(value)       the date column's encoding

Queries come in as query/plan.py plans, never as Whoosh objects; documents as the dicts of
documents.py. To run newssearch on another engine (tantivy, a search server), a replacement
must provide the same: per-segment (or whole-index) sets of matching documents with BM25F scores
for any subset of them, exact phrase matching with slop, date-range filtering on a date column,
columns readable by document number (id, date, cluster, facet values, hashes, MinHash
signatures), stored fields, document frequencies, key terms of a document, atomic commits that
can replace everything, and writers whose commit a killed process cannot half-apply. The tests
under tests/engine/ pin this behaviour, and tests/test_exactness.py judges the whole against a
brute-force scan.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_WHERE = {
    "Index": "index", "IndexSet": "indexset", "Snapshot": "snapshot", "SegmentMatches": "snapshot",
    "SegmentView": "snapshot",
    "Writer": "writer", "WordsSink": "write.segmentwriter",
    "UNDATED": "documents", "article_document": "documents", "column_datetime": "documents",
    "facet_authors": "documents", "stored_article": "documents", "stored_authors": "documents",
    "stored_date": "documents",
}
__all__ = [
    "Index", "IndexSet", "Snapshot", "SegmentMatches", "SegmentView", "Writer", "WordsSink", "UNDATED",
    "article_document", "column_datetime", "facet_authors", "stored_article", "stored_authors", "stored_date",
]

if TYPE_CHECKING:  # the type checker sees the face as it is (and a misspelt name as an error)
    from .documents import (
        UNDATED,
        article_document,
        column_datetime,
        facet_authors,
        stored_article,
        stored_authors,
        stored_date,
    )
    from .index import Index
    from .indexset import IndexSet
    from .snapshot import SegmentMatches, SegmentView, Snapshot
    from .write.segmentwriter import WordsSink
    from .writer import Writer
else:
    def __getattr__(name: str):
        """The interface, imported on first use: importing the package itself imports no
        Whoosh, so the command line can first choose how Whoosh is imported (startup.py)."""
        if name in _WHERE:
            return getattr(import_module(f".{_WHERE[name]}", __name__), name)
        raise AttributeError(name)
