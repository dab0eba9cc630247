"""Phrases as a Whoosh query, for the parts of a query that go through Whoosh's matchers
(evaluate.py evaluates phrases itself, set-at-a-time). Whoosh's own Phrase goes through its span
machinery; here candidates come from intersecting the terms' postings, each checked on its
decoded positions with text/phrase.py, the definition snippets use too."""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq

from ..text.phrase import has_phrase


class PhraseQuery(wq.Query):
    """Documents where `words` (analysed terms) occur in order, at most `slop` words apart."""

    def __init__(self, fieldname: str, words: list[str], slop: int = 0, boost: float = 1.0):
        self.fieldname = fieldname
        self.words = list(words)
        self.slop = slop
        self.boost = boost

    def __repr__(self) -> str:
        return f"PhraseQuery({self.fieldname!r}, {self.words!r}, slop={self.slop})"

    def __eq__(self, other) -> bool:
        return (type(other) is PhraseQuery and self.fieldname == other.fieldname
                and self.words == other.words and self.slop == other.slop)

    def __hash__(self) -> int:
        return hash((PhraseQuery, self.fieldname, tuple(self.words), self.slop))

    def is_leaf(self) -> bool:
        return True

    def children(self):
        return []

    def terms(self, phrases: bool = True):
        if phrases:
            for w in self.words:
                yield (self.fieldname, w)

    def estimate_size(self, ixreader) -> int:
        return min(ixreader.doc_frequency(self.fieldname, w) for w in self.words)

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        field = self.fieldname
        unique = list(dict.fromkeys(self.words))
        if any((field, w) not in reader for w in unique):
            return matching.NullMatcher()
        # rarest term first: it drives the intersection
        unique.sort(key=lambda w: reader.doc_frequency(field, w))
        ms = [wq.Term(field, w).matcher(searcher, context) for w in unique]
        index_of = {w: i for i, w in enumerate(unique)}
        order = [index_of[w] for w in self.words]
        ids, scores = [], []
        lead, rest = ms[0], ms[1:]
        while lead.is_active():
            target = lead.id()
            aligned = True
            for m in rest:
                if m.id() < target:
                    m.skip_to(target)
                    if not m.is_active():
                        return _result(ids, scores, self.boost)
                if m.id() != target:
                    aligned = False
                    if m.id() > target:
                        lead.skip_to(m.id())
                    break
            if not aligned:
                continue
            decoded = [m.value_as("positions") for m in ms]
            if has_phrase([decoded[i] for i in order], self.slop):
                ids.append(target)
                scores.append(sum(m.score() for m in ms))
            lead.next()
        return _result(ids, scores, self.boost)


def _result(ids: list[int], scores: list[float], boost: float):
    if not ids:
        return matching.NullMatcher()
    if boost != 1.0:
        scores = [s * boost for s in scores]
    return matching.ListMatcher(ids, weights=scores)
