"""The best k matches without scoring every match: block-max bounds.

A query of common words matches a good part of an archive. Its exact total is the size of a set;
its ranking needed the BM25F of every match. But the header of each posting block (Whoosh's W3
format, 128 postings) carries the block's largest weight and shortest field length, so no document
in the block scores more than BM25 of those two for that term. Here:

1. The parts that match few documents (a word in the title, where the best scores are), and the
   matches that no dense part holds, are scored exactly: the k-th best of those scores is a floor.
2. The docnum intervals where the block bounds of the dense parts (the body) and the constants add
   up to less than the floor are left out: none of their documents can reach it.
3. Every document left is scored exactly.

Each document left out scores below k documents that were scored, so the k best (ties included,
see ranking.py) are exactly those of scoring everything; tests/engine/test_topk.py compares both.
When no bound prunes (a tree with a part not covered here, or too few matches to be worth it), the
candidates are all the matches.
"""

from __future__ import annotations

import heapq
from typing import Iterable

from .matches import Constant, Matches, Scored, Sum, TermMatches

SMALL = 4096  # fewer matches than this: score them all, bounds would not pay
SPARSE = 8  # a part matching under 1/SPARSE of the matches is scored exactly, without bounds
MAX_PARTS = 30  # a longer query (a pasted paragraph, any word) has bounds too loose to pay for
EPS = 1e-6  # bounds are widened by this much (relative): weights are stored as float32


def candidates(found: Matches, n: int) -> list[int]:
    """Matches of `found` among which are its `n` best by score (all of them, when in doubt)."""
    docs = found.docs
    if len(docs) <= max(SMALL, 8 * n):
        return list(docs)
    leaves = _leaves(found)
    if leaves is None or len(leaves) > MAX_PARTS:
        return list(docs)
    constant, sparse_sets, dense = 0.0, [], []
    for leaf in leaves:
        if isinstance(leaf, Constant):
            constant += max(leaf.value, 0.0)
        elif isinstance(leaf, TermMatches):
            if leaf.boost < 0:
                return list(docs)
            if leaf.blocks and len(leaf.docs) * SPARSE > len(docs):
                dense.append(leaf)
            else:
                sparse_sets.append(leaf.docs)
        elif isinstance(leaf, Scored) and len(leaf.docs) * SPARSE <= len(docs):
            sparse_sets.append(leaf.docs)
        elif isinstance(leaf, Scored):
            constant += max(0.0, max(leaf.table.values(), default=0.0))
        else:
            return list(docs)
    if not dense:
        return list(docs)
    sparse = docs.intersection(set().union(*sparse_sets)) if sparse_sets else set()
    # a match in no dense part (one only a filter or a phrase of an Or holds) lies in no block
    # and has no bound: it is a candidate, as are the sparse parts' matches
    chosen = sparse | docs.difference(*(leaf.docs for leaf in dense))
    spans = sorted(_spans(dense), key=lambda span: span[2], reverse=True)
    if len(chosen) < n:  # too few sparse matches for a floor: add those of the best spans
        for lo, hi, _ in spans:
            chosen.update(_docs_in(docs, lo, hi))
            if len(chosen) >= n:
                break
    listed = list(chosen)
    if len(listed) < n:
        return list(docs)
    floor = heapq.nlargest(n, found.score_list(listed))[-1]
    for lo, hi, bound in spans:
        if (bound + constant) * (1 + EPS) < floor:
            break
        chosen.update(_docs_in(docs, lo, hi))
    return list(chosen)


def _leaves(found: Matches) -> list[Matches] | None:
    """The parts whose scores add up to a document's score (And and Or alike: a bound may count a
    part a document does not match, never the other way); None for a tree with other nodes."""
    if isinstance(found, Sum):
        out: list[Matches] = []
        for part in found.parts:
            got = _leaves(part)
            if got is None:
                return None
            out += got
        return out
    if isinstance(found, (TermMatches, Constant, Scored)):
        return [found]
    return None


def _spans(dense: list[TermMatches]) -> list[tuple[int, int, float]]:
    """(first docnum, last docnum, bound): the docnum line cut where any dense part's blocks begin
    or end, with the sum of the bounds of the blocks covering each piece."""
    events: list[tuple[int, int, float]] = []  # (docnum, part, its bound from there on)
    for i, leaf in enumerate(dense):
        bound = leaf.bound
        for first, last, weight, length in leaf.blocks:
            events.append((first, i, bound(weight, length)))
            events.append((last + 1, i, 0.0))
    events.sort(key=lambda e: e[0])
    current = [0.0] * len(dense)
    out: list[tuple[int, int, float]] = []
    at = None
    for pos, i, bound in events:
        if at is not None and pos > at:
            total = sum(current)
            if total > 0:
                out.append((at, pos - 1, total))
        current[i] = bound
        at = pos
    return out


def _docs_in(docs: set[int], lo: int, hi: int) -> Iterable[int]:
    return filter(docs.__contains__, range(lo, hi + 1))
