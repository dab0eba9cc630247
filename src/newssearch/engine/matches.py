"""What a query matches in one segment, and the scores of any of its matches (evaluate.py makes
them): BM25F computed with C-level passes (map, zip, dict lookups) over the documents asked for,
never a Python statement per document; a common query has a few hundred thousand matches at a
million articles."""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_left
from itertools import repeat
from operator import add, mul
from typing import Iterable


class Matches(ABC):
    """The documents a query matches in one segment, and how to score any of them."""

    __slots__ = ("docs",)

    def __init__(self, docs: set[int]):
        self.docs = docs

    @abstractmethod
    def score_list(self, docs: list[int]) -> list[float]:
        """The scores of `docs` (all in self.docs), in their order. Computed with C-level loops
        (map, zip, dict lookups) rather than a Python statement per document: a common query
        scores a few hundred thousand matches at a million articles."""

    def scores(self, docs) -> dict[int, float]:
        """{docnum: score} of `docs`, which must all be in self.docs."""
        docs = list(docs)
        return dict(zip(docs, self.score_list(docs)))


class Constant(Matches):
    """Filters (dates, Every, Not): the same score for every document, as Whoosh gives them."""

    __slots__ = ("value",)

    def __init__(self, docs: set[int], value: float = 0.0):
        super().__init__(docs)
        self.value = value

    def score_list(self, docs: list[int]) -> list[float]:
        return [self.value] * len(docs)


class Scored(Matches):
    """Documents with precomputed scores (phrases, and the matcher fallback)."""

    __slots__ = ("table",)

    def __init__(self, table: dict[int, float]):
        super().__init__(set(table))
        self.table = table

    def score_list(self, docs: list[int]) -> list[float]:
        return list(map(self.table.__getitem__, docs))


class _BM25Table(dict):
    """BM25 of one term by (posting weight, encoded field length): the few pairs that occur are
    computed once, so scoring a document is a dict lookup (whoosh.scoring.bm25, term for term)."""

    __slots__ = ("idf", "k1p1", "norm")

    def __init__(self, idf: float, k1p1: float, norm):
        super().__init__()
        self.idf, self.k1p1, self.norm = idf, k1p1, norm

    def __missing__(self, key: tuple[float, int]) -> float:
        w, length = key
        value = self[key] = self.idf * ((w * self.k1p1) / (w + self.norm[length]))
        return value


class TermMatches(Matches):
    """One term in one field: BM25F from the posting weight and the document's field length."""

    __slots__ = ("_postings", "_weights", "idf", "k1p1", "norm", "lengths", "boost", "blocks")

    def __init__(self, ids: list[int], weights: list[float], idf: float, k1p1: float, norm, lengths,
                 boost: float, blocks: list | None = None):
        super().__init__(set(ids))
        self._postings: tuple | None = (ids, weights)
        self._weights: dict[int, float] | None = None
        self.idf, self.k1p1, self.norm, self.lengths, self.boost = idf, k1p1, norm, lengths, boost
        self.blocks = blocks or []  # see Segment.postings

    def bound(self, weight: float, length_byte: int) -> float:
        """The score of a posting of this weight in a document of this field length: a block's
        largest weight and shortest length give the most any of its documents can score."""
        if self.norm is None:
            return weight * self.boost
        return self.idf * ((weight * self.k1p1) / (weight + self.norm[length_byte])) * self.boost

    def _weights_of(self, docs: list[int]) -> Iterable[float]:
        """The posting weights of `docs`: from a dict of all postings, or, for a few documents
        out of many postings (the candidates of a top k), by binary search in the ids."""
        if self._weights is None and len(docs) * 4 < len(self.docs):
            assert self._postings is not None
            ids, weights = self._postings
            return map(weights.__getitem__, map(bisect_left, repeat(ids), docs))
        return map(self.weights.__getitem__, docs)

    @property
    def weights(self) -> dict[int, float]:
        """{docnum: posting weight}, made when first scored (a query sorted by date never is)."""
        if self._weights is None:
            assert self._postings is not None
            self._weights, self._postings = dict(zip(*self._postings)), None
        return self._weights

    def score_list(self, docs: list[int]) -> list[float]:
        ws = self._weights_of(docs)
        if self.norm is None:  # a field without lengths (IDs): the weight is the score, as in Whoosh
            return list(map(mul, ws, repeat(self.boost))) if self.boost != 1.0 else list(ws)
        table = _BM25Table(self.idf, self.k1p1, self.norm)
        out = list(map(table.__getitem__, zip(ws, map(self.lengths.__getitem__, docs))))
        return list(map(mul, out, repeat(self.boost))) if self.boost != 1.0 else out


class Sum(Matches):
    """And / Or: the score of a document is the sum of the scores of the parts it matches."""

    __slots__ = ("parts", "every")

    def __init__(self, docs: set[int], parts: list[Matches], every: bool = False):
        super().__init__(docs)
        self.parts = parts
        self.every = every  # And: each part matches each document

    def score_list(self, docs: list[int]) -> list[float]:
        if self.every:  # every part scores every document: add the lists up, part after part
            total: list[float] | None = None
            for part in self.parts:
                mine = part.score_list(docs)
                total = mine if total is None else list(map(add, total, mine))
            return total if total is not None else [0.0] * len(docs)
        acc = dict.fromkeys(docs, 0.0)  # an Or: each part adds to the documents it matches
        for part in self.parts:
            among = list(part.docs.intersection(docs))
            if among:
                acc.update(zip(among, map(add, map(acc.__getitem__, among), part.score_list(among))))
        return list(map(acc.__getitem__, docs))
