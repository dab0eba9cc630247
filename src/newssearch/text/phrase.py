"""Phrases and proximity: one definition of "these words, in this order, at most `slop` words apart",
used both to match documents (PhraseQuery) and to highlight them (snippets).

Whoosh's own Phrase goes through its span machinery, which dominates the time of a phrase query;
here candidates come from intersecting the terms' postings and each is checked with set arithmetic
on decoded positions.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq


def chain_positions(positions: list[list[int]], slop: int = 0) -> set[int]:
    """Positions of every word that takes part in some occurrence of the phrase.

    `positions[k]` are the positions of the phrase's k-th word; consecutive words must be in order
    with at most `slop` other words between them. Empty set: no occurrence.
    """
    if not positions or any(not p for p in positions):
        return set()
    if slop == 0:
        starts = set(positions[0])
        for k in range(1, len(positions)):
            starts &= {p - k for p in positions[k]}
            if not starts:
                return set()
        return {s + k for s in starts for k in range(len(positions))}
    # forward: positions of word k reachable from a chain starting at word 0
    forward = [set(positions[0])]
    for k in range(1, len(positions)):
        prev = sorted(forward[-1])
        reach = set()
        for p in positions[k]:
            # some r in prev with p - slop - 1 <= r < p
            if _any_between(prev, p - slop - 1, p):
                reach.add(p)
        if not reach:
            return set()
        forward.append(reach)
    # backward: keep only positions that lead on to a complete chain
    keep = [set() for _ in positions]
    keep[-1] = forward[-1]
    for k in range(len(positions) - 2, -1, -1):
        nxt = sorted(keep[k + 1])
        keep[k] = {p for p in forward[k] if _any_between(nxt, p + 1, p + slop + 2)}
    return set().union(*keep)


def _any_between(sorted_values: list[int], lo: int, hi: int) -> bool:
    """Is there a value v with lo <= v < hi?"""
    import bisect

    i = bisect.bisect_left(sorted_values, lo)
    return i < len(sorted_values) and sorted_values[i] < hi


def has_phrase(positions: list[list[int]], slop: int = 0) -> bool:
    if slop == 0:  # the common case, without building the set of every word's positions
        if any(not p for p in positions):
            return False
        starts = set(positions[0])
        for k in range(1, len(positions)):
            starts.intersection_update([p - k for p in positions[k]])
            if not starts:
                return False
        return True
    return bool(chain_positions(positions, slop))


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
