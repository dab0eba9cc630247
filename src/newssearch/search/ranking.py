"""Ranking: every match counted, the best page kept, near copies folded.

Totals must be exact: `len(results)` of a limited Whoosh search undercounts (seen: 84 reported,
180 true, for a title+body query with a date range). So we collect ourselves: one pass over each
segment's matches counts them all and keeps the best page in a heap; the exactness tests compare
with a brute-force scan.
"""

from __future__ import annotations

import bisect
import heapq
from itertools import chain, compress
from typing import NamedTuple

from ..engine import UNDATED, SegmentMatches, SegmentView, Snapshot
from ..query.plan import Plan


class Ranked(NamedTuple):
    docnum: int  # global
    score: float | None  # None when ranked by date
    copies: int  # near copies folded into it


def collect(snapshot: Snapshot, plan: Plan, limit: int, sort: str,
            shared: frozenset[bytes] = frozenset()) -> tuple[int, list[Ranked]]:
    """Every match, segment by segment: the exact total, and the best `limit` by relevance, or by
    date (undated last, ties by id). With `shared` (the clusters that have copies), each
    near-copy cluster counts once, by its best article."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    dated: list = []  # by date: (segment's matches, their date keys by docnum) per segment
    scored: list[SegmentMatches] = []  # by relevance
    total = 0
    by_date = sort != "relevance"
    newest = sort == "newest"
    segments: list[SegmentMatches] = []
    for part in snapshot.segments(plan):
        docs = part.docs
        if not docs:
            continue
        total += len(docs)
        segments.append(part)
        if by_date:
            dated.append((part, _date_keys(part.segment, newest)))
        else:
            scored.append(part)

    def best(n: int) -> list:
        """The n best items: by date from all items; by relevance only the matches scoring at
        least the n-th best score are made into (score, -docnum, docnum) items (ties included)."""
        if by_date:  # the n-th best date first, from the keys alone; ids only for those above it
            heads: list[int] = []
            for part, keys in dated:
                heads.extend(heapq.nlargest(n, map(keys.__getitem__, part.docs)))
            first = heapq.nlargest(n, heads)[-1] if len(heads) >= n else None
            items: list = []
            for part, keys in dated:
                ids, offset = part.segment.column("id"), part.offset
                items.extend((keys[d], _IdKey(ids[d]), offset + d) for d in part.docs
                             if first is None or keys[d] >= first)
            return heapq.nlargest(n, items)
        # each segment's candidates hold its n best (engine/topk.py): only those are scored
        listed = [(part.offset, docs, part.score_list(docs)) for part in scored for docs in [part.candidates(n)]]
        top = heapq.nlargest(n, chain.from_iterable(scores for _, _, scores in listed))
        floor = top[-1] if len(top) == n else float("-inf")
        return heapq.nlargest(n, [(score, -(offset + d), offset + d) for offset, docs, scores in listed
                                  for score, d in compress(zip(scores, docs), map(floor.__le__, scores))])

    if not shared:
        return total, [Ranked(item[2], None if by_date else item[0], 0) for item in best(limit)]
    return total, _collapsed(best, total, limit, by_date, segments, shared)


def _date_keys(segment: SegmentView, newest: bool) -> list[int]:
    """Each document's sort key by date, larger first: newest first or oldest first, undated last
    either way. Made once per segment reader from its date column."""
    def make() -> list[int]:
        if newest:
            return [-1 if v == UNDATED else v for v in segment.dates()]
        return [-UNDATED if v == UNDATED else -v for v in segment.dates()]
    return segment.cached(("date keys", newest), make)


def cluster_members(segment: SegmentView, shared: frozenset) -> dict[bytes, list[int]]:
    """The docnums of each cluster with copies, in one segment: made once per segment reader (a
    pass over its cluster ids) and again only if the set of clusters with copies changes (a
    refreshed snapshot keeps the readers of unchanged segments, while new copies may join their
    clusters)."""
    got = segment.cached("cluster members", lambda: [None, {}])
    if got[0] is not shared:
        if got[0] != shared:
            members: dict[bytes, list[int]] = {}
            for d, c in enumerate(segment.byte_values("cluster")):
                if c in shared:
                    members.setdefault(c, []).append(d)
            got[1] = members
        got[0] = shared
    return got[1]


def _collapsed(best, total: int, limit: int, by_date: bool, segments: list[SegmentMatches],
               shared: frozenset) -> list[Ranked]:
    """The best `limit` items, each near-copy cluster once, by its best article, with the number
    of its other matching articles. Only the clusters of the articles walked through are looked up."""
    clusters = [(part.offset, part.segment.byte_values("cluster")) for part in segments]
    offsets = [offset for offset, _ in clusters]

    def cluster_of(docnum: int) -> bytes:
        i = bisect.bisect_right(offsets, docnum) - 1
        return clusters[i][1][docnum - offsets[i]]

    def matches_in(cluster: bytes) -> int:
        """Matching articles of a cluster: its members in each segment, looked up among the
        matches (a few set lookups, however many the matches are)."""
        found = 0
        for part in segments:
            docs = part.docs
            found += sum(1 for d in cluster_members(part.segment, shared).get(cluster, ()) if d in docs)
        return found

    out: list[Ranked] = []
    depth = 4 * limit
    while True:
        ranked = best(depth)
        out, taken = [], set()
        for item in ranked:
            cluster = cluster_of(item[2])
            folded = 0
            if cluster in shared:
                if cluster in taken:
                    continue
                taken.add(cluster)
                folded = matches_in(cluster) - 1
            out.append(Ranked(item[2], None if by_date else item[0], folded))
            if len(out) == limit:
                return out
        if len(ranked) >= total:
            return out
        depth *= 4


class _IdKey:
    """Tie-break on id: ascending ids come first (for newest and oldest alike)."""

    __slots__ = ("id",)

    def __init__(self, value):
        self.id = value

    def __lt__(self, other: "_IdKey") -> bool:
        return self.id > other.id  # in a max-first ranking, a smaller id ranks higher

    def __eq__(self, other) -> bool:
        return self.id == other.id
