"""Several index folders read as one: a newsroom keeps an index per year or per source and searches
them together, with the statistics of one index holding all their articles.

A snapshot of the set is one Whoosh searcher over a MultiReader made of every segment of every
index, in the order the indexes were given. Everything above the engine (evaluate.py's BM25F with
index-wide idf and average field lengths, the date columns, ranking, facets, stored fields) reads
it exactly as it reads one index of several segments: a query over the set gives the results,
order, scores and totals of one index built from the same articles in the same order.

An article id held by more than one of the indexes is one article: the copy in the first index
listed that holds it is the one searched and shown, the others are treated as deleted in this
snapshot (marked on the snapshot's own in-memory segment objects, never written). Whoosh's
statistics count a deleted document until its segment is merged, so with such ids the scores are
those of one index in which the later copies were replaced but not yet merged away; totals,
facets, timelines and `get` see each id once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from whoosh.reading import EmptyReader, MultiReader
from whoosh.searching import Searcher

from .columns import byte_values, column
from .index import Index
from .readercache import cached
from .scoring import NewsBM25F
from .snapshot import Snapshot
from .store import opening


def distinct(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The paths in order, each folder once (the same folder named twice, or through a link, is
    read once)."""
    seen: dict[str, Path] = {}
    for p in paths:
        seen.setdefault(os.path.realpath(p), Path(p))
    return list(seen.values())


class IndexSet:
    """Several open index folders, searched as one (read-only: articles are written to one index)."""

    distinct = staticmethod(distinct)

    def __init__(self, indexes: list[Index]):
        self.indexes = indexes
        self.paths = [ix.path for ix in indexes]
        self.path = self.paths[0]

    @classmethod
    def open(cls, paths: Iterable[str | os.PathLike]) -> "IndexSet":
        """Open each index (IndexMissingError naming the first that is missing or outdated)."""
        return cls([Index.open(p) for p in distinct(paths)])

    def snapshot(self) -> "SetSnapshot":
        return opening(lambda: SetSnapshot.of(self.indexes))


class SetSnapshot(Snapshot):
    """One consistent view of every index of a set (each as of its last commit)."""

    def __init__(self, searcher: Searcher, indexes: list[Index], generations: list[int | None],
                 parts: list[tuple[int, int]]):
        super().__init__(searcher)
        self._indexes = indexes
        self._generations = generations
        self._parts = parts

    @classmethod
    def of(cls, indexes: list[Index]) -> "SetSnapshot":
        readers = [ix._ix.reader() for ix in indexes]
        try:
            leaves = [[r for r, _ in reader.leaf_readers() if r.doc_count_all()] for reader in readers]
            parts = _hide_repeated_ids(leaves)
            flat = [r for group in leaves for r in group]
            combined = MultiReader(flat) if flat else EmptyReader(indexes[0]._ix.schema)
        except BaseException:
            for reader in readers:
                reader.close()
            raise
        return cls(Searcher(combined, weighting=NewsBM25F()), indexes, [r.generation() for r in readers], parts)

    def up_to_date(self) -> bool:
        return all(ix._ix.latest_generation() == gen for ix, gen in zip(self._indexes, self._generations))

    def refreshed(self) -> "SetSnapshot":
        fresh = opening(lambda: SetSnapshot.of(self._indexes))
        self.close()
        return fresh

    def per_index(self) -> list[tuple[int, int]]:
        return list(self._parts)


def _hide_repeated_ids(leaves: list[list]) -> list[tuple[int, int]]:
    """Marks deleted, in each index's segments, the live articles whose id an earlier index holds
    live; returns (articles searched, articles hidden) per index. The segment objects are this
    snapshot's own (read from each index's table of contents when its reader was opened). The ids
    are read from the id column in one go per segment; when no id repeats (the usual case) the
    check is a set's isdisjoint, in C."""
    seen: set[bytes] = set()
    parts = []
    for i, group in enumerate(leaves):
        searched = hidden = 0
        last = i == len(leaves) - 1
        mine: list[bytes] = []
        for reader in group:
            ids = cached(reader, ("byte values", "id"), lambda r=reader: byte_values(column(r, "id")))
            live: range | list[int] = range(len(ids))
            if reader.has_deletions():
                is_deleted = reader.is_deleted
                live = [d for d in live if not is_deleted(d)]
            searched += len(live)
            if seen and not seen.isdisjoint(ids):
                segment = reader.segment()
                for d in [d for d in live if ids[d] in seen]:
                    segment.delete_document(d)
                    hidden += 1
            if not last:
                mine.extend(ids if isinstance(live, range) else [ids[d] for d in live])
        seen.update(mine)
        parts.append((searched - hidden, hidden))
    return parts
